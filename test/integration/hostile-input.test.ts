/**
 * No path, method or body makes the API fail: each hostile request below gets a 4xx
 * problem document naming what is wrong — over real HTTP, and when API Gateway hands the
 * same input straight to the Lambda handlers. Nothing is stored for any of them.
 */

import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LambdaHandler } from '#shared/adapters/local/apiGatewayServer.ts';
import { allowedMethods, routes } from '#shared/definitions/routes.ts';
import { MAX_FIELD_DEPTH } from '#shared/http/middlewares.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { rawRequest } from '../support/rawHttp.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;
/** The Lambda handlers as API Gateway invokes them (loaded once the stack set their environment). */
const lambda: Record<'ingestRecord' | 'issueCertificate' | 'publicDocuments', LambdaHandler> =
  {} as never;
const invoke = (
  name: keyof typeof lambda,
  event: APIGatewayProxyEvent,
  context: Context = lambdaContext(),
) => lambda[name](event, context);
const person = syntheticPerson('2004-06-15');
const valid = (): Record<string, unknown> =>
  judgment({ person, offenceDate: '2021-03-01', effectiveDate: '2021-09-01', months: 24 });

/** `{"a":{"a":…1…}}`: a JSON value nested `levels` deep. */
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
const withDetails = (details: string) =>
  JSON.stringify(valid()).replace(/}$/, `,"details":${details}}`);

const expectProblem = (
  response: { status: number; text: string; headers: Headers },
  status: number,
  field?: string,
) => {
  expect(response.status, response.text).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const problem = JSON.parse(response.text) as { status: number; errors?: { path: string }[] };
  expect(problem.status).toBe(status);
  if (field !== undefined) expect(problem.errors?.map((e) => e.path)).toContain(field);
  expect(response.text).not.toMatch(/\bat .*\.[tj]s:\d+/);
  expect(response.text).not.toContain(person.nationalId);
  expect(response.text).not.toContain(person.name);
};

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court');
  for (const [name, path] of [
    ['ingestRecord', '#functions/ingest-record/handler.ts'],
    ['issueCertificate', '#functions/issue-certificate/handler.ts'],
    ['publicDocuments', '#functions/public-documents/handler.ts'],
  ] as const) {
    lambda[name] = (await import(path)).handler as LambdaHandler;
  }
});
afterAll(async () => stack.close());

describe('request targets and methods', () => {
  it.each([
    ['GET //[', 404],
    ['GET //', 404],
    ['GET //v1/trust-bundle', 404],
    ['GET /%', 404],
    ['GET /v1/trust-bundle/..', 404],
    ['GET /__proto__', 404],
    ['GET /constructor', 404],
    ['POST //[', 404],
    ['DELETE /v1/records', 405],
    ['DELETE /v1/no-such-route', 404],
    ['OPTIONS *', 400],
    ['GET ?', 400],
    ['GET http://[', 400],
    ['CONNECT 127.0.0.1:22', 404],
  ])('%s → %i problem', async (line, status) => {
    const [method, target] = line.split(' ');
    const response = await rawRequest(
      stack.url,
      `${method} ${target || '/'} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
    );
    expect(response?.status, response?.raw).toBe(status);
    expect(response?.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(response?.body ?? '')).toMatchObject({ status });
  });

  it('answers an absolute-form target like its path', async () => {
    const response = await rawRequest(
      stack.url,
      'GET http://localhost/v1/trust-bundle HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(response?.status).toBe(200);
  });

  it.each([
    ['a request line that is not HTTP', 'HELLO\r\n\r\n'],
    ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a control character in the target', 'GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['an unknown method', 'BREW /v1/records HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a bad Content-Length', 'POST /v1/records HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
  ])('answers %s with a 400 problem', async (_name, request) => {
    const response = await rawRequest(stack.url, request);
    expect(response?.status, response?.raw).toBe(400);
    expect(response?.headers['content-type']).toBe('application/problem+json');
  });
});

describe('wrong methods', () => {
  const paths = [...new Set(routes.map((route) => route.path))];
  it.each(paths)(
    '%s: any other method → 405 with Allow, before any token is asked for',
    async (path) => {
      const allow = allowedMethods(path);
      const target = path.replaceAll('{id}', '00000000-0000-4000-8000-000000000000');
      for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
        if (allow.includes(method)) continue;
        const response = await stack.request(method, target);
        expect(response.status, `${method} ${path}: ${response.text}`).toBe(405);
        expect(response.headers.get('allow')).toBe(allow.join(', '));
        if (method === 'HEAD') continue;
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(response.json).toMatchObject({ status: 405, code: 'method-not-allowed' });
      }
    },
  );
});

describe('bodies on GET routes', () => {
  it('refuses an announced body at once, without reading it', async () => {
    // 10 MiB announced, nothing sent: the answer must come without waiting for the body.
    const response = await rawRequest(
      stack.url,
      'GET /v1/trust-bundle HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\n\r\n',
      { timeoutMs: 2_000 },
    );
    expect(response?.status, response?.raw).toBe(413);
    expect(response?.headers.connection).toBe('close');
    expect(response?.headers['content-type']).toBe('application/problem+json');
  });

  it('refuses a chunked body at once', async () => {
    const response = await rawRequest(
      stack.url,
      'GET /openapi.json HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n',
      { timeoutMs: 2_000 },
    );
    expect(response?.status, response?.raw).toBe(413);
  });

  it('refuses a body API Gateway passed through to the handler', async () => {
    const result = await invoke(
      'publicDocuments',
      apiEvent({ method: 'GET', path: '/v1/trust-bundle', body: { a: 1 } }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(413);
  });
});

describe('HEAD on GET routes', () => {
  const gets = routes.filter((route) => route.method === 'GET');

  it.each(gets.map((route) => [route.path, route] as const))(
    'HEAD %s has the GET headers and no body',
    async (_path, route) => {
      // A protected route is asked with a token of a role it admits; `{id}` is some ID.
      const role = route.auth.kind === 'jwt' ? route.auth.roles[0] : undefined;
      const token = role ? await stack.token(role, { person: syntheticPerson() }) : undefined;
      const path = route.path.replaceAll('{id}', crypto.randomUUID());
      const authorization = token ? `Authorization: Bearer ${token}\r\n` : '';
      const get = await rawRequest(
        stack.url,
        `GET ${path} HTTP/1.1\r\nHost: x\r\n${authorization}Connection: close\r\n\r\n`,
      );
      const head = await rawRequest(
        stack.url,
        `HEAD ${path} HTTP/1.1\r\nHost: x\r\n${authorization}Connection: close\r\n\r\n`,
        { head: true },
      );
      expect(get?.status).toBeLessThan(500);
      expect(head?.status).toBe(get?.status);
      // Some answers change from one call to the next (the audit export records itself):
      // their length may differ, never their headers otherwise.
      const changesPerCall = route.path === '/v1/audit';
      const comparable = (headers: Record<string, string> = {}) => {
        const { date, 'apigw-requestid': _id, 'content-length': length, ...rest } = headers;
        return changesPerCall ? rest : { ...rest, 'content-length': length };
      };
      expect(comparable(head?.headers)).toEqual(comparable(get?.headers));
      expect(Number(head?.headers['content-length'])).toBeGreaterThan(0);
      expect(head?.raw.endsWith('\r\n\r\n')).toBe(true);
    },
  );

  it('HEAD of an unknown path is a 404 without a body', async () => {
    const head = await rawRequest(
      stack.url,
      'HEAD /nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      { head: true },
    );
    expect(head?.status).toBe(404);
    expect(head?.raw.endsWith('\r\n\r\n')).toBe(true);
  });

  it('the handler answers HEAD without a body when API Gateway invokes it', async () => {
    const get = await invoke(
      'publicDocuments',
      apiEvent({ method: 'GET', path: '/openapi.json' }),
      lambdaContext(),
    );
    const head = await invoke(
      'publicDocuments',
      apiEvent({ method: 'HEAD', path: '/openapi.json' }),
      lambdaContext(),
    );
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers?.['content-length']).toBe(String(Buffer.byteLength(get.body ?? '')));
  });
});

describe('nesting', () => {
  it(`accepts details nested ${MAX_FIELD_DEPTH} levels deep`, async () => {
    const response = await stack.request('POST', '/v1/records', {
      token: court,
      rawBody: withDetails(nested(MAX_FIELD_DEPTH)),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status, response.text).toBe(201);
  });

  it.each([MAX_FIELD_DEPTH + 1, 6_000, 20_000])(
    'refuses details nested %i levels deep with 400 naming details',
    async (levels) => {
      const response = await stack.request('POST', '/v1/records', {
        token: court,
        rawBody: withDetails(nested(levels)),
        headers: { 'content-type': 'application/json' },
      });
      expectProblem(response, levels > 10_000 ? 413 : 400, levels > 10_000 ? undefined : 'details');
    },
  );

  it('refuses arrays nested 6,000 levels deep as the whole body', async () => {
    const response = await stack.request('POST', '/v1/records', {
      token: court,
      rawBody: `${'['.repeat(6_000)}${']'.repeat(6_000)}`,
      headers: { 'content-type': 'application/json' },
    });
    expectProblem(response, 400, '');
  });

  it('refuses deep details when API Gateway invokes the handler directly', async () => {
    const event = apiEvent({
      path: '/v1/records',
      claims: { sub: 'court-direct', role: 'court', org: 'court-direct' },
    });
    event.body = withDetails(nested(6_000));
    const result = await invoke('ingestRecord', event);
    expect(result.statusCode).toBe(400);
    expect(result.body).toContain('"path":"details"');
  });
});

describe('text fields', () => {
  /** The valid body with the value at `path` replaced. */
  const withValue = (path: string, value: unknown) => {
    const body = valid();
    const keys = path.split('.');
    let node = body as Record<string, unknown>;
    for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
    node[keys.at(-1) as string] = value;
    return body;
  };

  it.each([
    ['a lone high surrogate', 'caseNumber', 'caseNumber', '(2099)测\ud800号'],
    ['a lone low surrogate', 'caseNumber', 'caseNumber', '(2099)测\udfff号'],
    ['a lone surrogate', 'subject.name', 'subject.name', `${person.name}\ud83d`],
    ['NUL', 'subject.name', 'subject.name', `${person.name}\u0000`],
    ['a line break', 'subject.name', 'subject.name', `${person.name}\n甲`],
    ['a bidirectional override', 'subject.name', 'subject.name', `\u202e${person.name}`],
    ['an escape sequence', 'caseNumber', 'caseNumber', '\u001b[2J(2099)1号'],
    ['a BEL character', 'offences.0.name', 'offences.0.name', '盗窃\u0007'],
    ['a lone surrogate', 'details', 'details.note', { note: 'x\udc00' }],
    ['a lone surrogate in a key', 'details', 'details', { '\ud800': 1 }],
  ])('refuses %s in %s with 400 naming %s', async (_what, path, field, value) => {
    const response = await stack.post('/v1/records', court, withValue(path, value));
    expectProblem(response, 400, field);
  });

  it('refuses two case numbers that would collide once encoded as UTF-8', async () => {
    const [first, second] = await Promise.all(
      ['\ud800', '\udbff'].map((lone) =>
        stack.post('/v1/records', court, { ...valid(), caseNumber: `(2099)测${lone}号` }),
      ),
    );
    expect([first?.status, second?.status]).toEqual([400, 400]);
  });

  it('accepts a surrogate pair (a character outside the BMP) in a name', async () => {
    const response = await stack.post('/v1/records', court, {
      ...withValue('subject.name', `${person.name}𠀀`),
      caseNumber: '(2099)测0000刑初1号-pair',
    });
    expect(response.status, response.text).toBe(201);
  });
});

describe('identity claims', () => {
  const certificateWith = async (claims: { nationalId?: string; name?: string }) => {
    const token = await stack.token('citizen', { person: claims as Person });
    return stack.post('/v1/certificates', token, { purpose: 'employment' });
  };

  it('accepts a name of 200 characters (the credential limit)', async () => {
    const response = await certificateWith({
      nationalId: syntheticPerson().nationalId,
      name: `测试${'甲'.repeat(198)}`,
    });
    expect(response.status, response.text).toBe(201);
  });

  it.each([
    ['a name over 200 characters', { name: `测试${'甲'.repeat(199)}` }, 'token.name'],
    ['a blank name', { name: '   ' }, 'token.name'],
    ['a name with NUL', { name: '测试\u0000甲' }, 'token.name'],
    ['a name with a lone surrogate', { name: '测试\ud800' }, 'token.name'],
    ['an invalid national ID', { nationalId: '990105200406150011' }, 'token.national_id'],
    ['a national ID that is not one', { nationalId: 'x'.repeat(300) }, 'token.national_id'],
  ])('refuses a citizen token with %s: 401 naming the claim', async (_n, claims, field) => {
    const response = await certificateWith({
      nationalId: syntheticPerson().nationalId,
      name: '测试乙',
      ...claims,
    });
    expectProblem(response, 401, field);
  });

  it('refuses such a token when API Gateway invokes the handler directly', async () => {
    const result = await invoke(
      'issueCertificate',
      apiEvent({
        path: '/v1/certificates',
        body: { purpose: 'employment' },
        claims: {
          sub: 'citizen-direct',
          role: 'citizen',
          national_id: syntheticPerson().nationalId,
          name: '甲'.repeat(201),
        },
      }),
      lambdaContext(),
    );
    expect(result.statusCode).toBe(401);
  });
});

describe('afterwards', () => {
  it('stored only the records that were accepted', async () => {
    const records = await stack.scan('CriminalRecords');
    expect(records).toHaveLength(2); // the 32-level details and the surrogate pair
  });

  it('closes promptly: no connection refused mid-request is left open', async () => {
    // The HTTP server lets go of these sockets with the body still unread.
    const body = 'x'.repeat(200_000);
    for (const request of [
      `CONNECT /v1/records HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      'CONNECT /v1/records HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n',
      'PATCH \u0000 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello',
    ]) {
      expect((await rawRequest(stack.url, request))?.status).toBeGreaterThanOrEqual(400);
    }
    const started = Date.now();
    await stack.close();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
