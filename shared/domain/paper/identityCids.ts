/**
 * Renumbers the CIDs of a CID-keyed CFF font (an OpenType font with a `CFF ` table) to its
 * glyph IDs: glyph n gets CID n. A PDF addresses the glyphs of a `CIDFontType0` font by CID
 * (ISO 32000 §9.7.4), and pdf-lib writes glyph IDs; HarfBuzz's subset of Noto Sans CJK keeps
 * the collection's original CIDs (glyph 9 is CID 17,299), so without this a reader that
 * honours the font's type would draw the wrong glyphs.
 *
 * Only the charset changes, in place (CFF, Adobe TN #5176 §13): each of its entries or ranges
 * keeps its length and starts at the next glyph ID, so no offset in the font moves. The
 * table's checksum and the font's `checkSumAdjustment` are made good after. A font without a
 * CID-keyed `CFF ` table is returned as it is.
 *
 * Written here because no library does it: HarfBuzz's subsetter keeps CIDs and has no option
 * to renumber them, and fontkit reads CFF but writes no CID-keyed one a reader accepts.
 */

/** An sfnt holding CFF outlines begins with 'OTTO'. */
const OTTO = 0x4f54544f;

/** True for an OpenType font with CFF outlines (rather than TrueType ones). */
export function hasCffOutlines(font: Uint8Array): boolean {
  return (
    font.byteLength >= 12 &&
    new DataView(font.buffer, font.byteOffset, font.byteLength).getUint32(0) === OTTO
  );
}

export function withIdentityCids(font: Uint8Array): Uint8Array {
  const bytes = font.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!hasCffOutlines(bytes)) return bytes;
  const tables = tableRecords(view);
  const cff = tables.get('CFF ');
  if (!cff) return bytes;
  const charset = cidCharset(view, cff.offset, cff.length);
  if (charset === undefined) return bytes;
  renumber(view, charset.offset, charset.glyphs);
  view.setUint32(cff.record + 4, checksum(view, cff.offset, cff.length));
  const head = tables.get('head');
  if (head) {
    view.setUint32(head.offset + 8, 0);
    view.setUint32(head.offset + 8, (0xb1b0afba - checksum(view, 0, bytes.byteLength)) >>> 0);
  }
  return bytes;
}

type TableRecord = { record: number; offset: number; length: number };

function tableRecords(view: DataView): Map<string, TableRecord> {
  const count = view.getUint16(4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < count; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(
      view.getUint8(record),
      view.getUint8(record + 1),
      view.getUint8(record + 2),
      view.getUint8(record + 3),
    );
    tables.set(tag, {
      record,
      offset: view.getUint32(record + 8),
      length: view.getUint32(record + 12),
    });
  }
  return tables;
}

/** The sum of the big-endian 32-bit words of `length` bytes from `offset`, zero-padded. */
function checksum(view: DataView, offset: number, length: number): number {
  let sum = 0;
  for (let i = 0; i < length; i += 4) {
    let word = 0;
    for (let j = 0; j < 4; j++) {
      word = word * 256 + (i + j < length ? view.getUint8(offset + i + j) : 0);
    }
    sum = (sum + word) >>> 0;
  }
  return sum;
}

/** An INDEX's entries, as [start, end) offsets from the start of the CFF table. */
function index(
  view: DataView,
  base: number,
  at: number,
): { entries: [number, number][]; end: number } {
  const count = view.getUint16(base + at);
  if (count === 0) return { entries: [], end: at + 2 };
  const offSize = view.getUint8(base + at + 2);
  const offsetAt = (i: number) => {
    let value = 0;
    for (let j = 0; j < offSize; j++)
      value = value * 256 + view.getUint8(base + at + 3 + i * offSize + j);
    return value;
  };
  const data = at + 3 + (count + 1) * offSize - 1;
  const entries: [number, number][] = [];
  for (let i = 0; i < count; i++) entries.push([data + offsetAt(i), data + offsetAt(i + 1)]);
  return { entries, end: data + offsetAt(count) };
}

/** The Top DICT's operators with their operands (integers; reals are skipped as 0). */
function dict(view: DataView, base: number, [start, end]: [number, number]): Map<number, number[]> {
  const entries = new Map<number, number[]>();
  let operands: number[] = [];
  let at = start;
  while (at < end) {
    const b0 = view.getUint8(base + at);
    if (b0 <= 21) {
      const operator = b0 === 12 ? 1200 + view.getUint8(base + at + 1) : b0;
      at += b0 === 12 ? 2 : 1;
      entries.set(operator, operands);
      operands = [];
    } else if (b0 === 28) {
      operands.push(view.getInt16(base + at + 1));
      at += 3;
    } else if (b0 === 29) {
      operands.push(view.getInt32(base + at + 1));
      at += 5;
    } else if (b0 === 30) {
      // A real: nibbles up to an 0xf nibble, padded with another to a whole byte — so the
      // last byte's low nibble is always 0xf.
      at += 1;
      while (at < end) {
        const byte = view.getUint8(base + at);
        at += 1;
        if ((byte & 0x0f) === 0x0f) break;
      }
      operands.push(0);
    } else if (b0 >= 32 && b0 <= 246) {
      operands.push(b0 - 139);
      at += 1;
    } else if (b0 >= 247 && b0 <= 250) {
      operands.push((b0 - 247) * 256 + view.getUint8(base + at + 1) + 108);
      at += 2;
    } else if (b0 >= 251 && b0 <= 254) {
      operands.push(-(b0 - 251) * 256 - view.getUint8(base + at + 1) - 108);
      at += 2;
    } else {
      throw new Error(`CFF DICT: unexpected byte ${b0}`);
    }
  }
  return entries;
}

const ROS = 1230;
const CHARSET = 15;
const CHAR_STRINGS = 17;

/** The charset of a CID-keyed CFF (absolute offset in the font) and its glyph count. */
function cidCharset(
  view: DataView,
  base: number,
  length: number,
): { offset: number; glyphs: number } | undefined {
  const headerSize = view.getUint8(base + 2);
  const names = index(view, base, headerSize);
  const topDicts = index(view, base, names.end);
  const [first] = topDicts.entries;
  if (!first) return undefined;
  const top = dict(view, base, first);
  if (!top.has(ROS)) return undefined;
  const charsetAt = top.get(CHARSET)?.[0];
  const charStringsAt = top.get(CHAR_STRINGS)?.[0];
  // Offsets 0–2 are the predefined charsets, which a CID-keyed font does not use.
  if (charsetAt === undefined || charsetAt <= 2 || charStringsAt === undefined) return undefined;
  if (charsetAt >= length) throw new Error('CFF charset outside the table');
  const glyphs = view.getUint16(base + charStringsAt);
  return { offset: base + charsetAt, glyphs };
}

/** Glyph 1 onwards (glyph 0 is .notdef, CID 0) gets its own glyph ID as its CID. */
function renumber(view: DataView, at: number, glyphs: number): void {
  const format = view.getUint8(at);
  let gid = 1;
  let cursor = at + 1;
  if (format === 0) {
    for (; gid < glyphs; gid++, cursor += 2) view.setUint16(cursor, gid);
    return;
  }
  if (format !== 1 && format !== 2) throw new Error(`CFF charset format ${format}`);
  while (gid < glyphs) {
    view.setUint16(cursor, gid);
    const left = format === 1 ? view.getUint8(cursor + 2) : view.getUint16(cursor + 2);
    gid += left + 1;
    cursor += format === 1 ? 3 : 4;
  }
}
