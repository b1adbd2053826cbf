import { describe, expect, it } from 'vitest';
import { canonicalJson, NotJsonError } from '#shared/domain/canonicalJson.ts';

describe('Function: canonicalJson', () => {
  describe('RFC 8785', () => {
    it('serialises the example of §3.2.2 (sorting, numbers, string escapes)', () => {
      const input = JSON.parse(
        '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
          ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
          ' "literals": [null, true, false]}',
      );
      expect(canonicalJson(input)).toBe(
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
          '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
      );
    });

    it('sorts members by UTF-16 code units (§3.2.3)', () => {
      const input = {
        '\u20ac': 'Euro Sign',
        '\r': 'Carriage Return',
        '\ufb33': 'Hebrew Letter Dalet With Dagesh',
        '1': 'One',
        '\ud83d\ude00': 'Emoji: Grinning Face',
        '\u0080': 'Control',
        '\u00f6': 'Latin Small Letter O With Diaeresis',
      };
      // Read from the text: JSON.parse would move the integer-like key "1" to the front.
      const values = [...canonicalJson(input).matchAll(/:"([^"]*)"/g)].map(([, value]) => value);
      expect(values).toEqual([
        'Carriage Return',
        'One',
        'Control',
        'Latin Small Letter O With Diaeresis',
        'Euro Sign',
        'Emoji: Grinning Face',
        'Hebrew Letter Dalet With Dagesh',
      ]);
    });

    it.each([
      [-0, '0'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'],
      [1e21, '1e+21'],
      [1e-7, '1e-7'],
      [0.000001, '0.000001'],
    ])('serialises the number %s as %s (Appendix B)', (value, text) => {
      expect(canonicalJson(value)).toBe(text);
    });

    it('sorts nested members and leaves array order alone', () => {
      expect(canonicalJson({ b: [3, 1, { z: 1, a: 2 }], a: { d: null, c: 'x' } })).toBe(
        '{"a":{"c":"x","d":null},"b":[3,1,{"a":2,"z":1}]}',
      );
    });
  });

  describe('JavaScript values', () => {
    it('serialises a Date as its ISO string, not as {}', () => {
      expect(canonicalJson({ at: new Date('2025-06-01T00:00:00Z') })).toBe(
        '{"at":"2025-06-01T00:00:00.000Z"}',
      );
    });

    it('turns an undefined array element (or a hole) into null, not into a hole', () => {
      expect(canonicalJson([1, undefined, 2])).toBe('[1,null,2]');
      // biome-ignore lint/suspicious/noSparseArray: the hole is the point
      expect(canonicalJson([1, , 2])).toBe('[1,null,2]');
    });

    it('leaves out members whose value is undefined (optional fields)', () => {
      expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
    });

    it('accepts the same object twice when it is not its own ancestor', () => {
      const shared = { a: 1 };
      expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"a":1},"y":[{"a":1}]}');
    });

    it('gives equal text for equal values, whatever the member order', () => {
      expect(canonicalJson({ x: 1, y: [true, 'z'] })).toBe(canonicalJson({ y: [true, 'z'], x: 1 }));
    });
  });

  describe('values JSON cannot represent', () => {
    it.each([
      ['undefined', undefined],
      ['NaN', Number.NaN],
      ['Infinity', { n: Number.POSITIVE_INFINITY }],
      ['a bigint', { n: 1n }],
      ['a function', () => 1],
      ['a nested function', { f: () => 1 }],
      ['a function in an array', [() => 1]],
      ['a symbol', { s: Symbol('s') }],
      ['a Map', new Map([['a', 1]])],
      ['a Set', { s: new Set([1]) }],
      ['a typed array', { bytes: new Uint8Array([1, 2]) }],
      ['a class instance', { v: new (class Point {})() }],
      ['a string with a lone surrogate', { s: 'a\ud800b' }],
      ['a cycle', cyclic()],
    ])('rejects %s', (_label, value) => {
      expect(() => canonicalJson(value)).toThrow(NotJsonError);
    });

    it('names where the value is, never what it is', () => {
      expect(() => canonicalJson({ subject: { id: 1n } })).toThrow('$.subject.id is a bigint');
    });
  });
});

function cyclic(): unknown {
  const value: { self?: unknown } = {};
  value.self = { back: value };
  return value;
}

describe('Function: canonicalJson — what each refusal names', () => {
  it.each<[string, unknown, string]>([
    ['a number that is not finite', { n: Number.NaN }, '$.n is not a finite number'],
    ['a function in an array', { list: [1, () => 1] }, '$.list[1] is a function'],
    ['a cycle', cyclic(), '$.self.back refers back to itself'],
    ['a class instance', { v: new Map() }, '$.v is not a plain object'],
    [
      'a toJSON that returns what JSON cannot carry',
      { when: { toJSON: () => new Map([['a', 1]]) } },
      '$.when is not a plain object',
    ],
  ])('%s', (_name, value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });

  it('throws a NotJsonError by name, keeping the cause of a lone surrogate', () => {
    let caught: unknown;
    try {
      canonicalJson({ s: 'a\ud800b' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotJsonError);
    expect((caught as Error).name).toBe('NotJsonError');
    expect((caught as Error).cause).toBeDefined();
  });

  it('accepts an object without a prototype as the plain object it is', () => {
    expect(canonicalJson(Object.assign(Object.create(null), { b: 2, a: 1 }))).toBe('{"a":1,"b":2}');
  });
});
