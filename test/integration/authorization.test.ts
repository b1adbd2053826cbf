/**
 * The authorization matrix over every protected route and every role (API.md): no token is
 * 401; a role the route does not admit is 403 `forbidden` before anything is read; a role it
 * admits is never turned away as a role (whatever else the request lacks). The routes and
 * roles come from `shared/definitions/routes.ts`, so a new route is covered as it is added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roles, routes } from '#shared/definitions/routes.ts';
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
const pathOf = (path: string) => path.replaceAll('{id}', '00000000-0000-4000-8000-000000000000');

describe('authorization matrix', () => {
  it.each(protectedRoutes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    async (_key, route) => {
      const admitted = route.auth.kind === 'jwt' ? route.auth.roles : [];
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
        } else {
          expect(response.status, `${role}: ${response.text}`).toBe(403);
          expect(response.json.code).toBe('forbidden');
        }
      }
    },
  );
});
