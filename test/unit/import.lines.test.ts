/** NDJSON lines from a byte stream: numbering, line ends, blank lines, overlong lines. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonLines, type RawLine } from '../../scripts/import/ndjsonLines.ts';

async function collect(chunks: (string | Buffer)[], maxBytes = 1024) {
  async function* source() {
    yield* chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
  }
  const lines: { line: number; text?: string; tooLong?: true }[] = [];
  for await (const raw of ndjsonLines(source(), maxBytes)) lines.push(shown(raw));
  return lines;
}

function shown(raw: RawLine) {
  return 'tooLong' in raw
    ? { line: raw.line, tooLong: raw.tooLong }
    : { line: raw.line, text: raw.bytes.toString('utf8') };
}

describe('Function: ndjsonLines', () => {
  it('numbers lines from 1, skips blank ones, and keeps the last line without a line break', async () => {
    expect(await collect(['{"a":1}\n\n  \t\n{"b":2}\n{"c":3}'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
    ]);
  });

  it('drops CR before LF and a byte order mark at the start of the file only', async () => {
    expect(await collect(['\uFEFF{"a":1}\r\n\uFEFF{"b":2}\r\n'])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '\uFEFF{"b":2}' },
    ]);
  });

  it('reports an overlong line without keeping it, and goes on with the next', async () => {
    const long = 'x'.repeat(5000);
    expect(
      await collect([`{"a":1}\n${long.slice(0, 2000)}`, long, `${long}\n{"b":2}\n`], 100),
    ).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, tooLong: true },
      { line: 3, text: '{"b":2}' },
    ]);
    expect(await collect([`${'y'.repeat(101)}\n`], 100)).toEqual([{ line: 1, tooLong: true }]);
    expect(await collect([`${'y'.repeat(100)}\r\n`], 100)).toEqual([
      { line: 1, text: 'y'.repeat(100) },
    ]);
  });

  it('says where each line ends in the stream, blank lines and line breaks included', async () => {
    async function* source() {
      yield Buffer.from('{"a":1}\r\n\n{"b"');
      yield Buffer.from(':2}\n{"c":3}');
    }
    const ends: number[] = [];
    for await (const raw of ndjsonLines(source(), 100)) ends.push(raw.end);
    expect(ends).toEqual([9, 18, 25]);
  });

  it('yields the same lines however the stream is cut into chunks (UTF-8 split mid-character included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => !/[\n\r]/.test(s)),
          {
            maxLength: 12,
          },
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (texts, cuts) => {
          const bytes = Buffer.from(texts.map((t) => `${t}\n`).join(''));
          const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort(
            (a, b) => a - b,
          );
          const chunks: Buffer[] = [];
          let from = 0;
          for (const point of [...points, bytes.length]) {
            chunks.push(bytes.subarray(from, point));
            from = point;
          }
          const expected = texts
            .map((text, i) => ({ line: i + 1, text: i === 0 ? text.replace(/^\uFEFF/, '') : text }))
            .filter(({ text }) => !/^[ \t]*$/.test(text));
          expect(await collect(chunks, 10_000)).toEqual(expected);
        },
      ),
    );
  });
});
