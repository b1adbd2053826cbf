/**
 * The authorization matrix over every protected route and every role (API.md): no token is
 * 401; a role the route does not admit is 403 `forbidden` before anything is read; a role it
 * admits is never turned away as a role (whatever else the request lacks). No claim is ever
 * defaulted: a staff token without a non-empty `org`, or a citizen token without
 * `national_id`, is 401 — at the edge (the authorizer) and, should one get past it, in the
 * handler itself. The routes and roles come from `shared/definitions/routes.ts`, so a new
 * route is covered as it is added.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { type Role, type RouteDefinition, roles, routes } from '#shared/definitions/routes.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { syntheticPerson } from '../support/fixtures.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  for (const role of roles) {
    tokens[role] = await stack.token(role, { org: `${role}-matrix`, person: syntheticPerson() });
  }
});
afterAll(async () => stack.close());

const protectedRoutes = routes.filter((route) => route.auth.kind === 'jwt');
const admittedRoles = (route: RouteDefinition) =>
  route.auth.kind === 'jwt' ? route.auth.roles : [];
const pathOf = (path: string) => path.replaceAll('{id}', '00000000-0000-4000-8000-000000000000');
const routeCases = (filter: (route: RouteDefinition) => boolean) =>
  protectedRoutes.filter(filter).map((route) => [`${route.method} ${route.path}`, route] as const);

/** The one protected answer that is the same for everyone: the registry of legal bases. */
const cacheControlOf = (route: RouteDefinition) =>
  route.path === '/v1/legal-bases' ? 'private, max-age=300' : 'no-store';

describe('authorization matrix', () => {
  it.each(routeCases(() => true))('%s', async (_key, route) => {
    const admitted = admittedRoles(route);
    const body = route.method === 'POST' ? {} : undefined;
    const anonymous = await stack.request(route.method, pathOf(route.path), { body });
    expect(anonymous.status).toBe(401);
    for (const role of roles) {
      const response = await stack.request(route.method, pathOf(route.path), {
        token: tokens[role],
        body,
      });
      if ((admitted as readonly string[]).includes(role)) {
        expect(response.json.code, `${role}: ${response.text}`).not.toBe('forbidden');
        expect(response.status, `${role}: ${response.text}`).not.toBe(401);
        expect(response.status).toBeLessThan(500);
        // The handler answered the caller about themself: no cache keeps it.
        expect(response.headers.get('cache-control'), `${role}`).toBe(cacheControlOf(route));
      } else {
        expect(response.status, `${role}: ${response.text}`).toBe(403);
        expect(response.json.code).toBe('forbidden');
      }
    }
  });
});

/** Tokens whose one missing or blank claim the caller cannot act without. */
async function tokensWithoutClaim(role: Role): Promise<[string, string][]> {
  const dataDir = stack.dataDir;
  if (role === 'citizen') {
    const { name } = syntheticPerson();
    return [
      ['no national_id', await issueDevToken(dataDir, { role, name })],
      ['an empty national_id', await issueDevToken(dataDir, { role, name, nationalId: '' })],
    ];
  }
  return [
    ['no org', await issueDevToken(dataDir, { role })],
    ['an empty org', await issueDevToken(dataDir, { role, org: '' })],
    ['a blank org', await issueDevToken(dataDir, { role, org: '   ' })],
  ];
}

describe('no claim is defaulted', () => {
  it.each(routeCases(() => true))('%s: refused at the edge (401)', async (_key, route) => {
    const body = route.method === 'POST' ? {} : undefined;
    for (const role of admittedRoles(route)) {
      for (const [what, token] of await tokensWithoutClaim(role)) {
        const response = await stack.request(route.method, pathOf(route.path), { token, body });
        expect(response.status, `${role} with ${what}: ${response.text}`).toBe(401);
        expect(response.json.code).toBe('unauthorized');
      }
    }
  });

  /**
   * As if the edge had let the token through: the handler gets the authorizer's context
   * without the claim, and refuses it itself, naming the claim.
   */
  it.each(routeCases(() => true))('%s: refused by the handler (401)', async (_key, route) => {
    const module = (await import(
      pathToFileURL(join(process.cwd(), route.function.entry)).href
    )) as {
      handler: (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
    };
    for (const role of admittedRoles(route)) {
      const claim = role === 'citizen' ? 'national_id' : 'org';
      for (const value of [undefined, '']) {
        const claims: Record<string, string> = { sub: `${role}-without-${claim}`, role };
        if (role === 'citizen') claims.name = syntheticPerson().name;
        if (value !== undefined) claims[claim] = value;
        const response = await module.handler(
          apiEvent({
            method: route.method,
            path: pathOf(route.path),
            resource: route.path,
            pathParameters: route.path.includes('{id}')
              ? { id: '00000000-0000-4000-8000-000000000000' }
              : undefined,
            body: route.method === 'POST' ? {} : undefined,
            claims,
          }),
          lambdaContext(),
        );
        const what = `${role} with ${value === undefined ? 'no' : 'an empty'} ${claim}`;
        expect(response.statusCode, `${what}: ${response.body}`).toBe(401);
        expect(JSON.parse(response.body)).toMatchObject({
          code: 'unauthorized',
          errors: [{ path: `token.${claim}` }],
        });
      }
    }
  });
});
