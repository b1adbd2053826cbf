/**
 * The strict reading of an audit export line (shared/domain/audit/strictJson.ts): exactly one
 * JSON value, no member name twice at any depth, and byte for byte its own RFC 8785 form — so
 * a line cannot read one way to `grep` and another to a verifier.
 */
import { describe, expect, it } from 'vitest';
import { parseStrictLine } from '#shared/domain/audit/strictJson.ts';

describe('a strictly read line', () => {
  it('gives the value of a canonical line, whatever its type', () => {
    expect(parseStrictLine('{"a":[1,{"b":null}],"c":"d"}')).toEqual({
      ok: true,
      value: { a: [1, { b: null }], c: 'd' },
    });
    expect(parseStrictLine('[]')).toEqual({ ok: true, value: [] });
    expect(parseStrictLine('"x"')).toEqual({ ok: true, value: 'x' });
    expect(parseStrictLine('-0.5')).toEqual({ ok: true, value: -0.5 });
  });

  it('is not JSON when it is empty, cut short, two values, or JSON5', () => {
    for (const text of ['', '{"a":', '{} {}', '{a:1}', "{'a':1}", '{"a":1,}', '// x\n{}']) {
      expect(parseStrictLine(text), text).toEqual({ ok: false, problem: 'not-json' });
    }
  });

  it('names a member twice at any depth: top, nested, inside an array', () => {
    for (const text of [
      '{"a":1,"a":1}',
      '{"a":{"b":1,"c":2,"b":1}}',
      '{"a":[{"b":1},{"c":1,"c":2}]}',
      '[[{"x":1,"x":1}]]',
      '{"a":1,"b":{"a":1},"b":{"a":1}}',
    ]) {
      expect(parseStrictLine(text), text).toEqual({ ok: false, problem: 'duplicate-key' });
    }
    // The same name in two different objects is no duplicate.
    expect(parseStrictLine('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toMatchObject({ ok: true });
  });

  it('is not canonical when spaced, reordered, a number or a string written otherwise', () => {
    for (const text of [
      '{"b":1,"a":2}',
      '{"a": 1}',
      ' {"a":1}',
      '{"a":1}\n',
      '{"a":1.0}',
      '{"a":1e2}',
      '{"a":-0}',
      '{"a":"\\u0041"}',
      '{"a":"\\/"}',
      '[1, 2]',
    ]) {
      expect(parseStrictLine(text), text).toEqual({ ok: false, problem: 'not-canonical' });
    }
  });

  it('is not canonical when its value has no canonical form: a number too large, a lone surrogate', () => {
    expect(parseStrictLine('{"a":1e400}')).toEqual({ ok: false, problem: 'not-canonical' });
    expect(parseStrictLine('{"a":"\\ud800"}')).toEqual({ ok: false, problem: 'not-canonical' });
  });
});
