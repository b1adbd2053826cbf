/**
 * The printed documents' font with its CIDs renumbered to its glyph IDs
 * (shared/domain/paper/identityCids.ts): a PDF addresses a CFF font's glyphs by CID and
 * pdf-lib writes glyph IDs, so every glyph's CID must be its ID — in each of the three charset
 * formats HarfBuzz's subsets use — and nothing else may change: the same glyphs for the same
 * characters, the same outlines and advances, the same tables, checksums that still add up.
 */
import { readFileSync } from 'node:fs';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_FACE,
  lazyHarfBuzzFontSubsetter,
} from '#shared/adapters/fonts/harfbuzzFontSubsetter.ts';
import { readConfig } from '#shared/config.ts';
import { hasCffOutlines, withIdentityCids } from '#shared/domain/paper/identityCids.ts';

const { paper } = readConfig();
const fonts = lazyHarfBuzzFontSubsetter({ font: paper.fontFile, harfbuzzWasm: paper.harfbuzzWasm });

type Charset = { version: number; glyphs?: number[]; ranges?: { first: number; nLeft: number }[] };
type Glyph = { id: number; advanceWidth: number; path: { toSVG(): string } };
type Font = {
  numGlyphs: number;
  'CFF ': { topDict: { charset: Charset } };
  glyphForCodePoint(codePoint: number): Glyph;
};
const parse = (font: Uint8Array) => fontkit.create(Buffer.from(font)) as unknown as Font;

/** Each glyph's CID, by glyph ID, as the font's CFF charset gives it. */
function cidsOf(font: Uint8Array): { format: number; cids: number[] } {
  const parsed = parse(font);
  const { charset } = parsed['CFF '].topDict;
  const cids = [0];
  if (charset.version === 0) cids.push(...(charset.glyphs ?? []));
  for (const { first, nLeft } of charset.ranges ?? []) {
    for (let i = 0; i <= nLeft; i++) cids.push(first + i);
  }
  return { format: charset.version, cids: cids.slice(0, parsed.numGlyphs) };
}

/** 300 characters of the face whose glyphs (and so CIDs) run on without a gap. */
function longRun(): string {
  const collection = fontkit.create(readFileSync(paper.fontFile)) as unknown as {
    getFont(name: string): { characterSet: number[]; glyphForCodePoint(c: number): Glyph };
  };
  const face = collection.getFont(DOCUMENT_FACE);
  const byGlyph = new Map<number, number>();
  for (const codePoint of face.characterSet) {
    const { id } = face.glyphForCodePoint(codePoint);
    if (!byGlyph.has(id)) byGlyph.set(id, codePoint);
  }
  let run = 0;
  for (let id = 1; ; id++) {
    run = byGlyph.has(id) ? run + 1 : 0;
    if (run === 300) {
      return String.fromCodePoint(
        ...Array.from({ length: 300 }, (_, i) => byGlyph.get(id - 299 + i) ?? 0),
      );
    }
  }
}

const sfntTables = (font: Uint8Array) => {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  return Array.from({ length: view.getUint16(4) }, (_, i) => {
    const record = 12 + 16 * i;
    return {
      tag: String.fromCharCode(...font.subarray(record, record + 4)),
      record,
      checksum: view.getUint32(record + 4),
      offset: view.getUint32(record + 8),
      length: view.getUint32(record + 12),
    };
  });
};

function checksum(font: Uint8Array, offset: number, length: number): number {
  const padded = new Uint8Array(Math.ceil(length / 4) * 4);
  padded.set(font.subarray(offset, offset + length));
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
}

const TEXT = '无犯罪记录证明 Certificate of no criminal record 0123456789，。';

describe('a CID-keyed CFF font with its CIDs renumbered', () => {
  it.each([
    { kind: 'Chinese, whose CIDs lie far apart', text: '无犯罪记录证明', format: 0 },
    { kind: 'the digits, one run of CIDs', text: '0123456789', format: 1 },
    { kind: 'a run of 300 CIDs', text: 'long run', format: 2 },
  ])(
    'gives every glyph its glyph ID as its CID: $kind (charset format $format)',
    async ({ text, format }) => {
      const subset = await fonts.subset(text === 'long run' ? longRun() : text);
      const before = cidsOf(subset);
      expect(before.format).toBe(format);
      expect(before.cids).not.toEqual(before.cids.map((_cid, gid) => gid));
      const after = cidsOf(withIdentityCids(subset));
      expect(after.format).toBe(format);
      expect(after.cids).toEqual(before.cids.map((_cid, gid) => gid));
    },
    60_000,
  );

  it('changes nothing else: the same glyph, outline and advance for every character, the same tables', async () => {
    const subset = await fonts.subset(TEXT);
    const renumbered = withIdentityCids(subset);
    const [before, after] = [parse(subset), parse(renumbered)];
    for (const character of TEXT) {
      const codePoint = character.codePointAt(0) ?? 0;
      const [was, is] = [before.glyphForCodePoint(codePoint), after.glyphForCodePoint(codePoint)];
      expect(is.id).toBe(was.id);
      expect(is.id).toBeGreaterThan(0);
      expect(is.advanceWidth).toBe(was.advanceWidth);
      expect(is.path.toSVG()).toBe(was.path.toSVG());
    }
    const tables = sfntTables(subset);
    const place = ({ tag, offset, length }: { tag: string; offset: number; length: number }) => ({
      tag,
      offset,
      length,
    });
    expect(sfntTables(renumbered).map(place)).toEqual(tables.map(place));
    // Changed bytes: inside the CFF table, its checksum, and head's checkSumAdjustment only.
    const cff = tables.find((t) => t.tag === 'CFF ');
    const head = tables.find((t) => t.tag === 'head');
    if (!cff || !head) throw new Error('no CFF or head table');
    const changed = [...renumbered.keys()].filter((i) => renumbered[i] !== subset[i]);
    expect(changed.length).toBeGreaterThan(0);
    for (const i of changed) {
      const inCff = i >= cff.offset && i < cff.offset + cff.length;
      const inChecksum = i >= cff.record + 4 && i < cff.record + 8;
      const inAdjustment = i >= head.offset + 8 && i < head.offset + 12;
      expect({ i, allowed: inCff || inChecksum || inAdjustment }).toEqual({ i, allowed: true });
    }
    expect(subset.byteLength).toBe(renumbered.byteLength);
  }, 60_000);

  it('keeps every table checksum and the whole font’s checksum right', async () => {
    const renumbered = withIdentityCids(await fonts.subset(TEXT));
    for (const table of sfntTables(renumbered)) {
      if (table.tag === 'head') continue; // Summed with its checkSumAdjustment set to 0.
      expect({ tag: table.tag, sum: checksum(renumbered, table.offset, table.length) }).toEqual({
        tag: table.tag,
        sum: table.checksum,
      });
    }
    // OpenType `head`: the whole font sums to 0xB1B0AFBA.
    expect(checksum(renumbered, 0, renumbered.byteLength)).toBe(0xb1b0afba);
  }, 60_000);

  it('is done once: a renumbered font stays as it is', async () => {
    const once = withIdentityCids(await fonts.subset(TEXT));
    expect(Buffer.from(withIdentityCids(once)).equals(Buffer.from(once))).toBe(true);
  }, 60_000);

  it('leaves a TrueType font as it is, and never writes into the font it is given', async () => {
    const trueType = Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(hasCffOutlines(trueType)).toBe(false);
    expect([...withIdentityCids(trueType)]).toEqual([...trueType]);
    const subset = await fonts.subset(TEXT);
    const copy = subset.slice();
    expect(hasCffOutlines(subset)).toBe(true);
    withIdentityCids(subset);
    expect(Buffer.from(subset).equals(Buffer.from(copy))).toBe(true);
  }, 60_000);
});

/**
 * A minimal OpenType font with a CID-keyed CFF table, built byte by byte, for the encodings
 * Noto's subsets do not happen to use: the Top DICT's operands in every number form before
 * the offsets it is read for, its INDEX with offsets of 1 to 4 bytes, a longer CFF header.
 */
type Synthetic = {
  /** Top DICT bytes before the charset and CharStrings operators (default: ROS only). */
  before?: number[];
  /**
   * How the charset offset is written: 28 (int16), 29 (int32), 139 (one byte, up to 107) or
   * 247 (two bytes, 108–1131).
   */
  offsetForm?: 28 | 29 | 139 | 247;
  /** Top DICT with no ROS (a name-keyed font). */
  nameKeyed?: boolean;
  /** The charset operand itself, instead of the charset's real offset (0–2: predefined). */
  charsetOperand?: number;
  noCharset?: boolean;
  noCharStrings?: boolean;
  noTopDict?: boolean;
  offSize?: 1 | 2 | 3 | 4;
  headerSize?: 4 | 5;
  noHead?: boolean;
  /** The sfnt version: 'OTTO' unless given. */
  version?: number[];
  charset: number[];
  glyphs: number;
};

const ROS = [139, 139, 139, 12, 30]; // 0 0 0 ROS (registry, ordering, supplement)
function int(form: 28 | 29 | 139 | 247, value: number): number[] {
  if (form === 139) return [value + 139];
  if (form === 28) return [28, value >> 8, value & 0xff];
  if (form === 29) return [29, 0, 0, value >> 8, value & 0xff];
  return [247 + ((value - 108) >> 8), (value - 108) & 0xff];
}

function syntheticFont(s: Synthetic): { font: Uint8Array; charsetAt: number } {
  const offSize = s.offSize ?? 1;
  const headerSize = s.headerSize ?? 4;
  const offset = (value: number) =>
    Array.from({ length: offSize }, (_, i) => (value >> (8 * (offSize - 1 - i))) & 0xff);
  const header = [1, 0, headerSize, 4, ...Array(headerSize - 4).fill(0)];
  const nameIndex = [0, 1, 1, 1, 2, 88];
  const topDict = (charsetAt: number, charStringsAt: number) => [
    ...(s.nameKeyed ? [] : ROS),
    ...(s.before ?? []),
    ...(s.noCharset ? [] : [...int(s.offsetForm ?? 29, s.charsetOperand ?? charsetAt), 15]),
    ...(s.noCharStrings ? [] : [...int(29, charStringsAt), 17]),
  ];
  const topIndex = (dict: number[]) =>
    s.noTopDict ? [0, 0] : [0, 1, offSize, ...offset(1), ...offset(1 + dict.length), ...dict];
  // Laid out once with stand-in offsets to find where the charset goes; the real offsets must
  // take as many bytes (the test's forms are chosen so).
  const charsetAt = header.length + nameIndex.length + topIndex(topDict(200, 200)).length + 4;
  const charStringsAt = charsetAt + s.charset.length;
  const top = topIndex(topDict(charsetAt, charStringsAt));
  expect(top.length).toBe(topIndex(topDict(200, 200)).length);
  const cff = [
    ...header,
    ...nameIndex,
    ...top,
    ...[0, 0], // String INDEX, empty
    ...[0, 0], // Global Subr INDEX, empty
    ...s.charset,
    ...[s.glyphs >> 8, s.glyphs & 0xff, 1],
    ...Array.from({ length: s.glyphs + 1 }, (_, i) => i + 1),
    ...Array(s.glyphs).fill(14), // endchar
  ];
  const tables: [string, number[]][] = [['CFF ', cff]];
  if (!s.noHead) tables.push(['head', [0, 1, ...Array(52).fill(0)]]);
  const directory = 12 + 16 * tables.length;
  const bytes = [...(s.version ?? [0x4f, 0x54, 0x54, 0x4f]), 0, tables.length, ...Array(6).fill(0)];
  const body: number[] = [];
  for (const [tag, data] of tables) {
    const at = directory + body.length;
    bytes.push(...[...tag].map((c) => c.charCodeAt(0)), 0, 0, 0, 0);
    bytes.push(at >>> 24, (at >> 16) & 0xff, (at >> 8) & 0xff, at & 0xff);
    bytes.push(0, 0, data.length >> 8, data.length & 0xff);
    body.push(...data, ...Array((4 - (data.length % 4)) % 4).fill(0));
  }
  return { font: Uint8Array.from([...bytes, ...body]), charsetAt: directory + charsetAt };
}

/** The CIDs of a synthetic font's format-0 charset, glyph 1 onwards. */
const format0 = (font: Uint8Array, at: number, glyphs: number) =>
  Array.from(
    { length: glyphs - 1 },
    (_, i) => ((font[at + 1 + 2 * i] ?? 0) << 8) | (font[at + 2 + 2 * i] ?? 0),
  );

describe('a synthetic CID-keyed CFF font, every form its Top DICT and INDEX may take', () => {
  const charset = [0, 0x43, 0x21, 0x01, 0x05, 0x10, 0x00]; // format 0: CIDs 17185, 261, 4096
  const renumbered = (s: Omit<Synthetic, 'charset' | 'glyphs'>) => {
    const { font, charsetAt } = syntheticFont({ ...s, charset, glyphs: 4 });
    return format0(withIdentityCids(font), charsetAt, 4);
  };

  it.each([{ form: 28 as const }, { form: 29 as const }, { form: 139 as const }])(
    'finds the charset written as operand form $form',
    ({ form }) => {
      expect(renumbered({ offsetForm: form })).toEqual([1, 2, 3]);
    },
  );

  it('finds it in the two-byte form, after operands in every other form and reals', () => {
    const before = [
      ...[32, 139, 246], // −107, 0, 107: one byte each
      ...[247, 0, 250, 255], // 108, 1131
      ...[251, 0, 254, 255], // −108, −1131
      ...[28, 0xff, 0x9c], // −100 in two bytes
      ...[30, 0x1a, 0x2f], // the real 1.2
      ...[30, 0xe2, 0xa2, 0x5f], // the real −2.25
      ...[30, 0x12, 0xff], // the real 12, its end nibble in a byte of its own
      5, // FontBBox takes them
      ...Array(310).fill(139), // 310 zeros for UniqueID: the Top DICT passes 255 bytes
      13,
    ];
    // Past 364, the two-byte form's first byte is 248 (offsets 364–619).
    const { font, charsetAt } = syntheticFont({
      before,
      offsetForm: 247,
      offSize: 2,
      charset,
      glyphs: 4,
    });
    // The table starts after the sfnt header and two table records (12 + 2 × 16 bytes).
    expect(charsetAt - 44).toBeGreaterThanOrEqual(364);
    expect(format0(withIdentityCids(font), charsetAt, 4)).toEqual([1, 2, 3]);
  });

  it.each([1, 2, 3, 4] as const)('reads INDEX offsets of %i byte(s)', (offSize) => {
    expect(renumbered({ offSize })).toEqual([1, 2, 3]);
  });

  it('reads past a CFF header longer than four bytes', () => {
    expect(renumbered({ headerSize: 5 })).toEqual([1, 2, 3]);
  });

  it('renumbers each range of a format-1 charset from where the last one ended', () => {
    // CIDs 17–19, then 40: glyphs 1–3 and 4.
    const { font, charsetAt } = syntheticFont({ charset: [1, 0, 17, 2, 0, 40, 0], glyphs: 5 });
    const out = withIdentityCids(font);
    expect([...out.subarray(charsetAt, charsetAt + 7)]).toEqual([1, 0, 1, 2, 0, 4, 0]);
  });

  it('renumbers a font without a head table, and keeps the CFF checksum right', () => {
    const { font, charsetAt } = syntheticFont({ charset, glyphs: 4, noHead: true });
    const out = withIdentityCids(font);
    expect(format0(out, charsetAt, 4)).toEqual([1, 2, 3]);
    const [table] = sfntTables(out);
    if (!table) throw new Error('no table');
    expect(table.checksum).toBe(checksum(out, table.offset, table.length));
    expect(table.checksum).not.toBe(0);
  });

  it('leaves as they are a name-keyed font, a predefined charset, no charset, no glyphs, no Top DICT, a TrueType font', () => {
    for (const s of [
      { nameKeyed: true },
      { charsetOperand: 0 },
      { charsetOperand: 2, offsetForm: 28 as const },
      { noCharset: true },
      { noCharStrings: true },
      { noTopDict: true },
      { version: [0, 1, 0, 0] },
    ]) {
      const { font } = syntheticFont({ ...s, charset, glyphs: 4 });
      expect(Buffer.from(withIdentityCids(font)).equals(Buffer.from(font))).toBe(true);
    }
    const noTables = Uint8Array.from([0x4f, 0x54, 0x54, 0x4f, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(hasCffOutlines(noTables)).toBe(true);
    expect([...withIdentityCids(noTables)]).toEqual([...noTables]);
    expect(hasCffOutlines(noTables.subarray(0, 11))).toBe(false);
  });

  it('refuses what it cannot renumber in place: an unknown charset format, a charset outside the table, a reserved DICT byte', () => {
    const unknown = syntheticFont({ charset: [3, 0, 1], glyphs: 2 });
    expect(() => withIdentityCids(unknown.font)).toThrow('CFF charset format 3');
    const [cff] = sfntTables(syntheticFont({ charset, glyphs: 4 }).font);
    if (!cff) throw new Error('no table');
    // Just past the table's end.
    const outside = syntheticFont({ charset, glyphs: 4, charsetOperand: cff.length });
    expect(() => withIdentityCids(outside.font)).toThrow('CFF charset outside the table');
    for (const reserved of [22, 27, 31, 255]) {
      const bad = syntheticFont({ before: [reserved], charset, glyphs: 4 });
      expect(() => withIdentityCids(bad.font)).toThrow(`CFF DICT: unexpected byte ${reserved}`);
    }
  });
});
