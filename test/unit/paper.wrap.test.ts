/**
 * Line breaking on printed documents (shared/domain/paper/renderPdf.ts `wrap`): greedy, a
 * line as full as its width allows; between any two CJK characters (ideographs, extension-B
 * ideographs, full-width punctuation), at spaces between Latin words; a word wider than the
 * line broken where it must; no line ending in a space, none empty.
 */
import { describe, expect, it } from 'vitest';
import { wrap } from '#shared/domain/paper/renderPdf.ts';

const width = (line: string) => [...line].length;

describe('wrapping a line of text', () => {
  it('keeps a text that exactly fits on one line', () => {
    expect(wrap('abcd', width, 4)).toEqual(['abcd']);
    expect(wrap('ab cd', width, 5)).toEqual(['ab cd']);
    expect(wrap('测试甲', width, 3)).toEqual(['测试甲']);
  });

  it('gives one empty line for an empty or blank text', () => {
    expect(wrap('', width, 10)).toEqual(['']);
    expect(wrap('   ', width, 10)).toEqual(['']);
  });

  it('fills each line before breaking, and trims the spaces at a break', () => {
    expect(wrap('aa bb cc dd', width, 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrap('aa  bb', width, 3)).toEqual(['aa', 'bb']);
  });

  it('breaks between CJK characters of every block, full-width punctuation included', () => {
    expect(wrap('甲，乙。丙', width, 2)).toEqual(['甲，', '乙。', '丙']);
    expect(wrap('𠀀𠀁𠀂', width, 2)).toEqual(['𠀀𠀁', '𠀂']);
    expect(wrap('⺀⺁⺂', width, 2)).toEqual(['⺀⺁', '⺂']);
    expect(wrap('測試豈更', width, 3)).toEqual(['測試豈', '更']);
  });

  it('keeps a Latin word after Chinese whole when it fits on the next line', () => {
    expect(wrap('罪名 Offences', width, 8)).toEqual(['罪名', 'Offences']);
    expect(wrap('12 个月 · 12 months', width, 9)).toEqual(['12 个月 ·', '12 months']);
  });

  it('breaks a word wider than the line character by character, after the words before it', () => {
    expect(wrap('ab cdefghij', width, 4)).toEqual(['ab', 'cdef', 'ghij']);
    expect(wrap('abcdefghij kl', width, 4)).toEqual(['abcd', 'efgh', 'ij', 'kl']);
  });

  it('ends no line in a space, the last one included, and starts none empty', () => {
    expect(wrap('ab cd ', width, 5)).toEqual(['ab cd']);
    expect(wrap('  abcdef', width, 3)).toEqual(['abc', 'def']);
  });

  it('puts a character wider than the whole line on a line of its own, with no empty line before it', () => {
    expect(wrap('abc', width, 0)).toEqual(['a', 'b', 'c']);
    expect(wrap('甲乙', width, 0)).toEqual(['甲', '乙']);
  });

  // The CJK blocks end to end: each block's first and last code point breaks like an
  // ideograph (on its own, and out of a Latin word), its neighbours outside like a letter
  // (but U+FEFF, before the full-width forms, which is a space).
  const cjk = [0x2e80, 0x9fff, 0xf900, 0xfaff, 0xff00, 0xffef, 0x20000, 0x3ffff];
  const latin = [0x2e7f, 0xa000, 0xf8ff, 0xfb00, 0xfff0, 0x1ffff, 0x40000];
  it.each(cjk.map((code) => [code.toString(16), String.fromCodePoint(code)]))(
    'breaks around U+%s as around an ideograph',
    (_, c) => {
      expect(wrap(`${c}bc`, width, 2)).toEqual([c, 'bc']);
      expect(wrap(`a${c}bc`, width, 3)).toEqual([`a${c}`, 'bc']);
    },
  );
  it.each(latin.map((code) => [code.toString(16), String.fromCodePoint(code)]))(
    'keeps U+%s inside a word, as a letter',
    (_, c) => {
      expect(wrap(`${c}bc`, width, 2)).toEqual([`${c}b`, 'c']);
      expect(wrap(`a${c}bc`, width, 3)).toEqual([`a${c}b`, 'c']);
    },
  );
});
