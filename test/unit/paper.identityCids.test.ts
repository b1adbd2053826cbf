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
