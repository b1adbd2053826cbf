/**
 * The input rules that run before anything recursive: the bracket-counting depth scan, the
 * request-target parser, and the text rules shared by request fields and token claims.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRequestTarget } from '#shared/adapters/local/apiGatewayServer.ts';
import { fieldNestedTooDeeply, MAX_FIELD_DEPTH } from '#shared/http/middlewares.ts';
import { isSingleLineText, paragraphText, singleLineText } from '#shared/http/schemas/text.ts';

/** Nesting depth of a JSON value, the recursive way (fine for the small values generated). */
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') {
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  }
  return 0;
}

describe('fieldNestedTooDeeply', () => {
  it('agrees with the recursive depth of every top-level field', () => {
    const value = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string(),
        fc.integer(),
        fc.constant(null),
        fc.array(tie('json'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('json'), { maxKeys: 3 }),
      ),
    })).json;
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), value),
        fc.integer({ min: 0, max: 6 }),
        (body, max) => {
          const deepest = Object.entries(body).find(([, field]) => depthOf(field) > max);
          expect(fieldNestedTooDeeply(JSON.stringify(body), max)).toBe(deepest?.[0]);
        },
      ),
    );
  });

  it('names the field, whatever its key contains', () => {
    const raw = `{"a":1,"b\\"]{[\\\\":${'['.repeat(40)}${']'.repeat(40)}}`;
    expect(fieldNestedTooDeeply(raw, MAX_FIELD_DEPTH)).toBe('b"]{[\\');
  });

  it('ignores brackets inside strings', () => {
    const raw = JSON.stringify({ details: { note: '{'.repeat(1_000) } });
    expect(fieldNestedTooDeeply(raw, MAX_FIELD_DEPTH)).toBeUndefined();
  });

  it('handles 100,000 levels without recursion', () => {
    const raw = `{"details":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    expect(fieldNestedTooDeeply(raw, MAX_FIELD_DEPTH)).toBe('details');
  });

  it('reports a top-level array as the body itself', () => {
    expect(fieldNestedTooDeeply('['.repeat(40), MAX_FIELD_DEPTH)).toBe('');
  });
});

describe('parseRequestTarget', () => {
  it.each([
    ['/v1/records', { path: '/v1/records', query: '' }],
    ['/v1/records?a=1&b', { path: '/v1/records', query: 'a=1&b' }],
    ['//[', { path: '//[', query: '' }],
    ['//host/v1/records', { path: '//host/v1/records', query: '' }],
    ['/%zz?%', { path: '/%zz', query: '%' }],
    ['http://example.com/v1/records?x', { path: '/v1/records', query: 'x' }],
  ])('%s', (target, expected) => {
    expect(parseRequestTarget(target)).toEqual(expected);
  });

  it.each(['*', 'example.com:443', 'http://[', '', '?'])('%s is not a path', (target) => {
    expect(parseRequestTarget(target)).toBeUndefined();
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (target) => {
        parseRequestTarget(target);
      }),
    );
  });
});

describe('text rules', () => {
  const name = singleLineText({ max: 16 });

  it.each([
    ['测试甲', true],
    ['  测试甲  ', true],
    ['O’Brien-Núñez', true],
    ['𠀀𠀁', true],
    ['', false],
    ['   ', false],
    ['测\ud800', false],
    ['\udc00测', false],
    ['测\u0000', false],
    ['测\u007f', false],
    ['测\u0085', false],
    ['测\n试', false],
    ['测\u2028试', false],
    ['\u202e测试', false],
    ['\u2066测试', false],
    ['测'.repeat(17), false],
  ])('singleLineText %j → %s', (value, valid) => {
    expect(name.safeParse(value).success).toBe(valid);
  });

  it('trims', () => {
    expect(name.parse('  测试  ')).toBe('测试');
  });

  it('lets paragraphs keep tabs and line breaks, nothing else', () => {
    const paragraph = paragraphText({ max: 100 });
    expect(paragraph.safeParse('line one\n\tline two\r\n').success).toBe(true);
    expect(paragraph.safeParse('line one\u0000').success).toBe(false);
    expect(paragraph.safeParse('line \ud800').success).toBe(false);
  });

  it('never echoes the value in a message', () => {
    const result = name.safeParse('秘密\u0000');
    expect(JSON.stringify(result.error?.issues)).not.toContain('秘密');
  });

  it('agrees with isSingleLineText on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 8 }), (value) => {
        const trimmed = value.trim();
        if (trimmed.length === 0 || trimmed.length > 16) return;
        expect(name.safeParse(value).success).toBe(isSingleLineText(trimmed));
      }),
    );
  });
});
