/**
 * Fuzzing the running local stack (fast-check): request bodies generated from the schemas in
 * `GET /openapi.json` for every POST route — mostly plausible, hostile at random nodes —
 * plus raw texts, hostile identity claims, and raw request lines with any method and target.
 * Every answer must be below 500, and every error a problem document without a stack trace.
 *
 * Small by default so that CI stays fast; `FUZZ_RUNS=5000 npx vitest run
 * test/integration/fuzz.test.ts` runs more (each property runs FUZZ_RUNS times).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRequestTarget } from '#shared/adapters/local/apiGatewayServer.ts';
import { routes } from '#shared/definitions/routes.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { type OpenApiDocument, OpenApiValidator } from '../support/openApiValidation.ts';
import { type RawResponse, rawRequest, utf8 } from '../support/rawHttp.ts';
import {
  bodyFor,
  hostileRequestLine,
  hostileString,
  hostileText,
  hostileValue,
  type JsonSchema,
} from '../support/schemaArbitrary.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** Per property: generous, since FUZZ_RUNS may be large and the machine shared. */
const TIMEOUT_MS = 20_000 + RUNS * 60;
const STACK_TRACE = /\bat .*\.[cm]?[tj]s:\d+|\n\s+at \S/;

let stack: TestStack;
let court: string;
const people: Person[] = [];
const tally = {
  requests: 0,
  serverErrors: 0,
  unanswered: 0,
  undocumented: 0,
  byStatus: {} as Record<number, number>,
};

type Sent = { method: string; target: string; headers?: Record<string, string>; body?: Buffer };

function requestBytes({ method, target, headers = {}, body }: Sent): Buffer {
  const lines = [
    `${method} ${target} HTTP/1.1`,
    'host: localhost',
    'connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ...(body ? [`content-length: ${body.length}`] : []),
  ];
  return Buffer.concat([
    Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'),
    body ?? Buffer.alloc(0),
  ]);
}

/** Sends one request and checks the answer; the tally feeds the closing summary. */
async function send(sent: Sent): Promise<RawResponse> {
  const response = await rawRequest(stack.url, requestBytes(sent), {
    head: sent.method === 'HEAD',
    timeoutMs: 10_000,
  });
  tally.requests += 1;
  if (!response) {
    tally.unanswered += 1;
    throw new Error(`no answer to ${sent.method} ${JSON.stringify(sent.target.slice(0, 80))}`);
  }
  tally.byStatus[response.status] = (tally.byStatus[response.status] ?? 0) + 1;
  if (response.status >= 500) tally.serverErrors += 1;
  const context = `${sent.method} ${JSON.stringify(sent.target.slice(0, 80))} → ${response.raw.slice(0, 300)}`;
  expect(response.status, context).toBeLessThan(500);
  // As GET /openapi.json describes it: a declared status, its headers and body shape.
  const target = parseRequestTarget(sent.target);
  if (target) {
    const problems = validator.problemsWith({
      method: sent.method,
      path: target.path,
      status: response.status,
      headers: response.headers,
      body: sent.method === 'HEAD' ? '' : utf8(response.body),
    });
    if (problems.length > 0) tally.undocumented += 1;
    expect(problems, context).toEqual([]);
  }
  if (response.status >= 400 && sent.method !== 'HEAD') {
    expect(response.headers['content-type'], context).toBe('application/problem+json');
    const text = utf8(response.body);
    const problem = JSON.parse(text) as Record<string, unknown>;
    expect(problem, context).toMatchObject({
      type: expect.stringMatching(/^urn:sealed-records:problem:/),
      title: expect.any(String),
      status: response.status,
    });
    expect(text, context).not.toMatch(STACK_TRACE);
  }
  return response;
}

const jsonBytes = (value: unknown) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8');
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/merge-patch+json',
      'application/json; charset=utf-16',
      '',
    ),
  },
);
const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc.string({ unit: 'binary-ascii', maxLength: 300 }).filter((s) => !/[\r\n]/.test(s)),
  },
);

/** A valid judgment of a test person, or one with a single field replaced by anything. */
const judgmentWithOneChange = fc
  .record({
    person: fc.nat({ max: 11 }),
    ageAtOffence: fc.integer({ min: 12, max: 22 }),
    months: fc.integer({ min: 6, max: 300 }),
    change: fc.option(
      fc.record({
        path: fc.constantFrom(
          ['caseNumber'],
          ['recordType'],
          ['subject', 'name'],
          ['subject', 'nationalId'],
          ['subject', 'dateOfBirth'],
          ['offenceDate'],
          ['sentence'],
          ['sentence', 'months'],
          ['offences'],
          ['offences', '0', 'name'],
          ['details'],
          ['details', 'note'],
          ['coDefendants'],
          ['supersedesRecordId'],
        ),
        value: hostileValue,
      }),
      { freq: 4 },
    ),
  })
  .map(({ person: index, ageAtOffence, months, change }) => {
    const person = people[index] as Person;
    const year = Number(person.dateOfBirth.slice(0, 4)) + ageAtOffence;
    const body = judgment({
      person,
      offenceDate: `${year}-05-01`,
      effectiveDate: `${year + 1}-02-01`,
      months,
    });
    if (change) {
      let node = body as Record<string, unknown>;
      for (const key of change.path.slice(0, -1)) {
        node[key] = typeof node[key] === 'object' && node[key] !== null ? node[key] : {};
        node = node[key] as Record<string, unknown>;
      }
      node[change.path.at(-1) as string] = change.value;
    }
    return body;
  });

let schemas: Record<string, JsonSchema>;
let validator: OpenApiValidator;

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court');
  for (let i = 0; i < 12; i += 1) {
    people.push(syntheticPerson(`200${i % 10}-0${(i % 9) + 1}-1${i % 10}`));
  }
  const published = (await stack.request('GET', '/openapi.json')).json;
  validator = new OpenApiValidator(published as unknown as OpenApiDocument);
  const openApi = published as {
    paths: Record<
      string,
      Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
    >;
  };
  schemas = {};
  for (const [path, operations] of Object.entries(openApi.paths)) {
    const schema = operations.post?.requestBody?.content['application/json']?.schema;
    if (schema) schemas[path] = schema;
  }
});

afterAll(async () => {
  const statuses = Object.entries(tally.byStatus)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  console.log(
    `fuzz: ${tally.requests} requests, ${tally.serverErrors} 5xx, ${tally.unanswered} unanswered, ${tally.undocumented} not as documented (${statuses}); FUZZ_RUNS=${RUNS}`,
  );
  await stack?.close();
});

/** Bodies for a POST route beyond what its schema gives: realistic ones where we have them. */
const realisticBodies: Record<string, fc.Arbitrary<unknown>> = {
  '/v1/records': judgmentWithOneChange,
};

/**
 * POST routes whose bodies are not JSON, fuzzed by the raw-request properties only: the token
 * endpoint takes OAuth 2.0's form encoding, the nonce endpoint no body at all.
 */
const notJson = new Set(['/v1/wallet/token', '/v1/wallet/nonce']);
const postRoutes = routes.filter((route) => route.method === 'POST' && !notJson.has(route.path));

describe('fuzz', () => {
  it('knows the request schema of every POST route', () => {
    expect(Object.keys(schemas).sort()).toEqual(postRoutes.map((route) => route.path).sort());
  });

  it.each(postRoutes.map((route) => [route.path, route] as const))(
    'POST %s: bodies from the published schema, hostile at random nodes; hostile claims',
    async (path, route) => {
      const role = route.auth.kind === 'jwt' ? route.auth.roles[0] : undefined;
      const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
        fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });
      // Identity claims matter for citizens: sometimes replaced by anything.
      const claims = fc.record({
        person: fc.constantFrom(...people),
        nationalId: sometimes(hostileString),
        name: sometimes(hostileString),
      });
      const realistic = realisticBodies[path];
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 4, arbitrary: bodyFor(schemas[path] ?? {}).map(jsonBytes) },
            ...(realistic ? [{ weight: 4, arbitrary: realistic.map(jsonBytes) }] : []),
            { weight: 1, arbitrary: hostileValue.map(jsonBytes) },
            { weight: 1, arbitrary: hostileText.map((text) => Buffer.from(text, 'utf8')) },
          ),
          contentType,
          idempotencyKey,
          claims,
          async (body, type, key, claim) => {
            const token =
              role === undefined
                ? undefined
                : await stack.token(role, {
                    person: {
                      ...claim.person,
                      nationalId: claim.nationalId ?? claim.person.nationalId,
                      name: claim.name ?? claim.person.name,
                    },
                  });
            await send({
              method: 'POST',
              // A route's `{id}` stands for an ID that may or may not exist.
              target: path.replaceAll('{id}', crypto.randomUUID()),
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(type ? { 'content-type': type } : {}),
                ...(key ? { 'idempotency-key': key } : {}),
              },
              body,
            });
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'any method and request target, with or without a body or a token',
    async () => {
      const paths = [...new Set(routes.map((route) => route.path))];
      await fc.assert(
        fc.asyncProperty(
          hostileRequestLine(paths),
          fc.option(
            fc.oneof(fc.constant(court), fc.string({ unit: 'binary-ascii', maxLength: 80 })),
            { freq: 2 },
          ),
          fc.option(
            fc.oneof(
              hostileText,
              fc.jsonValue().map((v) => JSON.stringify(v)),
            ),
            { freq: 2 },
          ),
          async ({ method, target }, token, body) => {
            await send({
              method,
              target,
              headers: {
                ...(token !== null
                  ? { authorization: `Bearer ${token.replace(/[\r\n]/g, '')}` }
                  : {}),
                ...(body !== null ? { 'content-type': 'application/json' } : {}),
              },
              body: body !== null ? Buffer.from(body, 'utf8') : undefined,
            });
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT_MS,
  );

  it('answered every request, none with a 5xx', () => {
    expect(tally.requests).toBeGreaterThanOrEqual((postRoutes.length + 1) * RUNS);
    expect(tally.serverErrors).toBe(0);
    expect(tally.unanswered).toBe(0);
    expect(tally.undocumented).toBe(0);
  });
});
