/**
 * The Lambda authorizer's decisions, on its own: which provider a token must come from,
 * which claims it must carry, which routes its role opens, and the policy that API Gateway
 * caches — exactly one route, never a wider one. Keys are made here; nothing is fetched.
 */
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import {
  createLocalJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTVerifyGetKey,
  SignJWT,
} from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { policyAllows } from '#shared/adapters/local/apiGatewayServer.ts';
import {
  authorizeRequest,
  type IdentityProviders,
  IdentityProviderUnavailable,
  routeArn,
  Unauthorized,
  verifyBearerToken,
} from '#shared/http/authorizer.ts';
import { syntheticPerson } from '../support/fixtures.ts';

const API = 'arn:aws-cn:execute-api:cn-north-1:111122223333:abc123/edge';
const CITIZENS = { issuer: 'https://login.example.gov.cn/citizens', audience: 'citizens-api' };
const STAFF = { issuer: 'https://login.example.gov.cn/staff', audience: 'staff-api' };

type Signer = { key: CryptoKey; kid: string; jwk: JWK };
let citizenKey: Signer;
let staffKey: Signer;
let providers: IdentityProviders;

async function signer(kid: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  return { key: privateKey, kid, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
}

beforeAll(async () => {
  citizenKey = await signer('citizen-1');
  staffKey = await signer('staff-1');
  providers = {
    citizens: { ...CITIZENS, keys: createLocalJWKSet({ keys: [citizenKey.jwk] }) },
    staff: { ...STAFF, keys: createLocalJWKSet({ keys: [staffKey.jwk] }) },
  };
});

const person = syntheticPerson('2004-06-15');

async function token(
  options: {
    by?: Signer;
    provider?: { issuer: string; audience: string };
    claims?: Record<string, unknown>;
    kid?: string | null;
    iat?: number;
  } = {},
): Promise<string> {
  const by = options.by ?? citizenKey;
  const provider = options.provider ?? CITIZENS;
  const kid = options.kid === undefined ? by.kid : options.kid;
  const jwt = new SignJWT(options.claims ?? { national_id: person.nationalId, name: person.name })
    .setProtectedHeader({ alg: 'ES256', ...(kid === null ? {} : { kid }) })
    .setIssuer(provider.issuer)
    .setAudience(provider.audience)
    .setSubject('subject-1')
    .setExpirationTime('10m');
  if (options.iat !== undefined) jwt.setIssuedAt(options.iat);
  else jwt.setIssuedAt();
  return jwt.sign(by.key);
}

const staffToken = (role: string, extra: Record<string, unknown> = {}) =>
  token({ by: staffKey, provider: STAFF, claims: { role, org: 'court-0105', ...extra } });

function event(
  method: string,
  resource: string,
  path: string,
  bearer?: string,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: `${API}/${method}${path}`,
    resource,
    path,
    httpMethod: method,
    headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
    multiValueHeaders: {},
    pathParameters: {},
    queryStringParameters: {},
    multiValueQueryStringParameters: {},
    stageVariables: {},
    requestContext: {} as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}

describe('verifyBearerToken', () => {
  it('makes a citizen of a citizen provider token, with its identity claims', async () => {
    await expect(verifyBearerToken(providers, await token())).resolves.toEqual({
      sub: 'subject-1',
      role: 'citizen',
      national_id: person.nationalId,
      name: person.name,
    });
  });

  it('takes role and organisation from a staff token, and nothing personal', async () => {
    const caller = await verifyBearerToken(
      providers,
      await staffToken('court', { national_id: person.nationalId }),
    );
    expect(caller).toEqual({ sub: 'subject-1', role: 'court', org: 'court-0105' });
  });

  it.each([
    ['a staff token claiming the citizen role', () => staffToken('citizen')],
    ['a staff token with an unknown role', () => staffToken('administrator')],
    ['a staff token without a role', () => staffToken(undefined as never)],
    [
      "a citizen token under the staff provider's key",
      () => token({ by: staffKey, kid: citizenKey.kid }),
    ],
    [
      'a citizen token with the staff audience',
      () => token({ provider: { ...CITIZENS, audience: STAFF.audience } }),
    ],
    [
      'a token of an unknown issuer',
      () => token({ provider: { ...CITIZENS, issuer: 'https://elsewhere' } }),
    ],
    ['a token without a kid', () => token({ kid: null })],
    ['a token with an unknown kid', () => token({ kid: 'nobody' })],
    ['a token issued in the future', () => token({ iat: Math.floor(Date.now() / 1000) + 120 })],
    [
      'a name that is not text',
      () => token({ claims: { national_id: person.nationalId, name: 42 } }),
    ],
    ['not a JWT', async () => 'not-a-token'],
    // No claim is ever defaulted: an org-less official is nobody's official.
    ['a staff token without org', () => staffToken('court', { org: undefined })],
    ['a staff token with an empty org', () => staffToken('unit', { org: '' })],
    ['a staff token with a blank org', () => staffToken('police', { org: ' \t' })],
    ['a staff token whose org is not text', () => staffToken('police', { org: 42 })],
    ['a citizen token without national_id', () => token({ claims: { name: person.name } })],
    [
      'a citizen token with an empty national_id',
      () => token({ claims: { national_id: '', name: person.name } }),
    ],
  ])('refuses %s', async (_name, make) => {
    await expect(verifyBearerToken(providers, await make())).rejects.toBeInstanceOf(Unauthorized);
  });

  it('reports a provider it cannot ask for keys as unavailable, not as a bad token', async () => {
    const unreachable: JWTVerifyGetKey = async () => {
      throw new errors.JWKSTimeout();
    };
    const down = { ...providers, citizens: { ...providers.citizens, keys: unreachable } };
    await expect(verifyBearerToken(down, await token())).rejects.toBeInstanceOf(
      IdentityProviderUnavailable,
    );
    const failing: JWTVerifyGetKey = async () => {
      throw new TypeError('fetch failed');
    };
    const broken = { ...providers, citizens: { ...providers.citizens, keys: failing } };
    await expect(verifyBearerToken(broken, await token())).rejects.toBeInstanceOf(
      IdentityProviderUnavailable,
    );
  });
});

describe('authorizeRequest', () => {
  it("allows a route the caller's role is admitted to, with the caller as context", async () => {
    const result = await authorizeRequest(
      event('POST', '/v1/certificates', '/v1/certificates', await token()),
      providers,
    );
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${API}/POST/v1/certificates` },
    ]);
    expect(result.context).toMatchObject({ role: 'citizen', sub: 'subject-1' });
  });

  it('denies a route the role is not admitted to, and hands over no context', async () => {
    const result = await authorizeRequest(
      event('POST', '/v1/records', '/v1/records', await token()),
      providers,
    );
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toBeUndefined();
    const staff = await authorizeRequest(
      event('POST', '/v1/certificates', '/v1/certificates', await staffToken('court')),
      providers,
    );
    expect(staff.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
  });

  it('allows HEAD where the GET route admits the role', async () => {
    const result = await authorizeRequest(
      event('HEAD', '/v1/me/access-log', '/v1/me/access-log', await token()),
      providers,
    );
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: `${API}/HEAD/v1/me/access-log`,
    });
  });

  it('covers the one route, whatever its parameters, and no other route', async () => {
    const result = await authorizeRequest(
      event('GET', '/v1/inquiries/{id}', '/v1/inquiries/abc', await staffToken('justice')),
      providers,
    );
    const policy = result.policyDocument;
    expect(policy.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Resource: `${API}/GET/v1/inquiries/*`,
    });
    // As API Gateway would apply the cached policy to other requests of the same route.
    expect(policyAllows(policy, `${API}/GET/v1/inquiries/def`)).toBe(true);
    expect(policyAllows(policy, `${API}/POST/v1/inquiries/def/decision`)).toBe(false);
    expect(policyAllows(policy, `${API}/GET/v1/me/access-log`)).toBe(false);
  });

  it.each([
    ['no Authorization header', undefined],
    ['a Basic scheme', 'Basic abc'],
    ['a bearer token with trailing words', 'Bearer a b'],
  ])('refuses %s with Unauthorized', async (_name, header) => {
    const request = event('POST', '/v1/certificates', '/v1/certificates');
    if (header) request.headers = { authorization: header };
    await expect(authorizeRequest(request, providers)).rejects.toBeInstanceOf(Unauthorized);
  });

  it('denies a resource no route defines', async () => {
    const result = await authorizeRequest(
      event('DELETE', '/v1/records', '/v1/records', await staffToken('court')),
      providers,
    );
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
  });
});

describe('routeArn', () => {
  it('replaces every path parameter with a wildcard, keeping the method', () => {
    expect(
      routeArn(`${API}/POST/v1/inquiries/x/decision`, 'POST', '/v1/inquiries/{id}/decision'),
    ).toBe(`${API}/POST/v1/inquiries/*/decision`);
  });
});
