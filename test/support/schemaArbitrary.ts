/**
 * fast-check arbitraries for the fuzz run: request bodies generated from the JSON Schemas
 * the API publishes in `GET /openapi.json` (mostly plausible, sometimes hostile at any
 * node), hostile JSON values and raw texts, and hostile request lines.
 *
 * Strings never form a valid resident ID outside the test area code 99, so no generated
 * value can be a real person's number.
 */
import fc from 'fast-check';
import { isValidNationalId } from '#shared/domain/nationalId.ts';
import { syntheticNationalId } from './fixtures.ts';

export type JsonSchema = {
  type?: string;
  enum?: readonly unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  description?: string;
};

const notARealId = (value: string) => !isValidNationalId(value) || value.startsWith('99');

/** Text a client should never get away with: lone surrogates, controls, overrides, sizes. */
export const hostileString = fc
  .oneof(
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\ud800',
      '\udfff',
      '\udbff\udbff',
      '测\ud83d',
      '\u202e测试',
      '\u001b[2J',
      '\r\n',
      '__proto__',
      'constructor',
      '{{7*7}}',
      "' OR 1=1 --",
      '../../etc/passwd',
      '%00',
      '\ufeff',
      '𠀀'.repeat(60),
    ),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 300 }),
    fc.integer({ min: 1, max: 70_000 }).map((n) => 'x'.repeat(n)),
  )
  .filter(notARealId);

/** JSON values of every kind, nested up to ~50 levels (what JSON.stringify can write). */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -0, -1, 1e308, -1e308, 2 ** 53, 0.5, 1e-320),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.integer({ min: 1, max: 50 }).map((depth) => {
    let value: unknown = 1;
    for (let i = 0; i < depth; i += 1) value = i % 2 ? [value] : { a: value };
    return value;
  }),
  fc.constant({ __proto__: { admin: true } }),
  fc.array(fc.constant({}), { minLength: 51, maxLength: 120 }),
);

/** Raw bodies that are not (quite) JSON, or JSON a parser might choke on. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.integer({ min: 1, max: 30_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc
    .integer({ min: 1, max: 12_000 })
    .map((n) => `{"details":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
  fc.integer({ min: 30, max: 40 }).map((n) => `{"details":${'['.repeat(n)}${']'.repeat(n)}}`),
  fc.constantFrom(
    '',
    'null',
    '[]',
    '"text"',
    '1e999',
    '{"caseNumber":"\\ud800"}',
    '{"purpose":"\\udc00"}',
    '{',
    '{"a":}',
    '\ufeff{}',
    '{"__proto__":{"polluted":true}}',
    `{"purpose":"employment","justification":"${'\\u0000'.repeat(20)}"}`,
  ),
);

function dateString(): fc.Arbitrary<string> {
  return fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .date({ min: new Date('1985-01-01'), max: new Date('2026-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '2021-02-29',
        '2004-13-01',
        '0000-00-00',
        '9999-12-31',
        '2021-1-1',
      ),
    },
  );
}

function plausible(schema: JsonSchema, key: string, hostility: number): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  switch (schema.type) {
    case 'string': {
      if (key === 'nationalId') {
        return fc.oneof(
          fc
            .date({ min: new Date('1985-01-01'), max: new Date('2012-01-01'), noInvalidDate: true })
            .map((d) => syntheticNationalId(d.toISOString().slice(0, 10))),
          fc.constantFrom('990105200406150011', '99010520040615001x', '12345'),
        );
      }
      if (schema.format === 'date') return dateString();
      if (schema.format === 'uuid') return fc.uuid();
      return fc
        .string({
          unit: 'grapheme',
          minLength: schema.minLength ?? 0,
          maxLength: Math.min(schema.maxLength ?? 40, 40),
        })
        .filter(notARealId);
    }
    case 'integer':
      return fc.oneof(
        fc.integer({
          min: Math.max(schema.minimum ?? -1_000, -1_000),
          max: Math.min(schema.maximum ?? 1_000, 400),
        }),
        fc.integer(),
      );
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(bodyFor(schema.items ?? {}, key, hostility), {
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      if (Object.keys(properties).length === 0) {
        return fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 3 }), {
          maxKeys: 4,
        });
      }
      const shape = Object.fromEntries(
        Object.entries(properties).map(([name, property]) => [
          name,
          bodyFor(property, name, hostility),
        ]),
      );
      return fc.record(shape, { requiredKeys: [...(schema.required ?? [])] as never });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/**
 * A value for `schema`: plausible, except that each node is hostile with probability
 * 1/(hostility + 1) — so most bodies are close to valid and fail (or pass) for one reason.
 */
export function bodyFor(schema: JsonSchema, key = '', hostility = 12): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: hostility, arbitrary: plausible(schema, key, hostility) },
    { weight: 1, arbitrary: hostileValue },
  );
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT'];

/** Request lines a client may send: known paths mangled, `//`-targets, garbage, absolute-form. */
export function hostileRequestLine(knownPaths: readonly string[]) {
  const segment = fc.string({ unit: 'grapheme-ascii', maxLength: 12 });
  const target = fc.oneof(
    fc.constantFrom(...knownPaths),
    fc
      .constantFrom(...knownPaths)
      .chain((path) =>
        fc.constantFrom(
          `${path}/`,
          `${path}?x=1&x=2`,
          `${path}/..`,
          `/${path}`,
          path.toUpperCase(),
          `${path}%00`,
          `${path}#frag`,
        ),
      ),
    segment.map((s) => `//${s}`),
    fc.constantFrom(
      '//[',
      '//',
      '/%',
      '/%zz',
      '/?',
      '*',
      '/../../etc/passwd',
      '/\u00e9',
      '/__proto__',
      '/constructor/prototype',
    ),
    fc.constantFrom(...knownPaths).map((path) => `http://localhost${path}`),
    fc.string({ unit: 'binary-ascii', maxLength: 60 }),
    fc.integer({ min: 1_000, max: 20_000 }).map((n) => `/${'a'.repeat(n)}`),
  );
  const method = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...METHODS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 10 }) },
  );
  return fc.record({ method, target });
}
