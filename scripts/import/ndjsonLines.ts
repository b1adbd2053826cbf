/**
 * The lines of an NDJSON byte stream, numbered from 1, holding at most one line of at most
 * `maxBytes` in memory. Hand-written rather than `node:readline`, which keeps a line whole
 * however long it is: one line without a line break would take the whole file into memory.
 *
 * A line ends at LF; a CR before it and a UTF-8 byte order mark at the start of the file are
 * dropped. Lines holding only spaces and tabs are skipped (they still count for numbering).
 * A line longer than `maxBytes` is reported as `tooLong` and its bytes are never kept.
 */
export type RawLine = ({ bytes: Buffer } | { tooLong: true }) & {
  line: number;
  /** Bytes of the stream up to and including this line's end: how far the reading has got. */
  end: number;
};

const LF = 0x0a;
const CR = 0x0d;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09) return false;
  return true;
}

export async function* ndjsonLines(
  source: AsyncIterable<Buffer | string>,
  maxBytes: number,
): AsyncGenerator<RawLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 1;
  /** Bytes of the stream before the current piece. */
  let offset = 0;
  let end = 0;

  function* finish(): Generator<RawLine> {
    if (tooLong) {
      yield { line, tooLong: true, end };
    } else {
      let bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, length);
      if (bytes.at(-1) === CR) bytes = bytes.subarray(0, -1);
      if (line === 1 && bytes.subarray(0, 3).equals(BOM)) bytes = bytes.subarray(3);
      if (bytes.length > maxBytes) yield { line, tooLong: true, end };
      else if (!isBlank(bytes)) yield { line, bytes, end };
    }
    parts = [];
    length = 0;
    tooLong = false;
    line += 1;
  }

  function keep(piece: Buffer): void {
    if (tooLong || piece.length === 0) return;
    // A CR that may precede the LF is allowed for: one byte over the limit.
    if (length + piece.length > maxBytes + 1) {
      tooLong = true;
      parts = [];
      length = 0;
      return;
    }
    // Copied: the stream may reuse its chunk's memory once we hand back control.
    parts.push(Buffer.from(piece));
    length += piece.length;
  }

  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let lf = buffer.indexOf(LF, start); lf !== -1; lf = buffer.indexOf(LF, start)) {
      keep(buffer.subarray(start, lf));
      end = offset + lf + 1;
      yield* finish();
      start = lf + 1;
    }
    keep(buffer.subarray(start));
    offset += buffer.length;
  }
  end = offset;
  if (tooLong || length > 0) yield* finish();
}
