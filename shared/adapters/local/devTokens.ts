/**
 * Development tokens for the local stack, and the local stand-ins of the two identity
 * providers. In AWS the citizens' and the agencies' identity providers issue tokens and the
 * API's Lambda authorizer verifies them against each provider's JWKS; locally a key in
 * DATA_DIR per provider signs them, and the very same authorizer verifies them against a
 * JWKS made of those keys — as strictly: a known `kid`, issuer, audience, `exp`, `iat` and
 * `sub` required.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, createLocalJWKSet, type JWK, SignJWT } from 'jose';
import type { Role } from '../../definitions/routes.ts';
import type { IdentityProviders } from '../../http/authorizer.ts';
import { devTokenIssuerKeyFiles, readLocalKey } from './localKeys.ts';

type Provider = keyof typeof devTokenIssuerKeyFiles;

/** The local providers' `iss` and `aud`, one pair per provider as in a deployment. */
export const devTokenIssuers = {
  citizens: {
    issuer: 'urn:sealed-records:local-dev-issuer:citizens',
    audience: 'sealed-records-citizens',
  },
  staff: { issuer: 'urn:sealed-records:local-dev-issuer:staff', audience: 'sealed-records-staff' },
} as const satisfies Record<Provider, { issuer: string; audience: string }>;

export type DevTokenRequest = {
  role: Role;
  org?: string;
  sub?: string;
  nationalId?: string;
  name?: string;
  ttlSeconds?: number;
  /** A guardian's or agent's token: the person acted for (citizens only). */
  actingFor?: { nationalId: string; name: string; relationship: string };
  /** When the token is issued (`NOW`, as the local stack's clock); default: the machine's time. */
  issuedAt?: Date;
};

type DevTokenKey = { privateKey: KeyObject; jwk: JWK; kid: string };

/** A provider's key and its `kid`: the RFC 7638 thumbprint, as a JWKS would list it. */
async function devTokenKey(dataDir: string, provider: Provider): Promise<DevTokenKey> {
  const privateKey = createPrivateKey(readLocalKey(dataDir, devTokenIssuerKeyFiles[provider]));
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const kid = await calculateJwkThumbprint(jwk);
  return { privateKey, jwk: { ...jwk, kid, alg: 'ES256', use: 'sig' }, kid };
}

/**
 * A token as the provider of its role would issue it: citizens' tokens (from the citizens'
 * provider) carry `national_id` and `name`; staff tokens carry `role` and `org`.
 */
export async function issueDevToken(dataDir: string, request: DevTokenRequest): Promise<string> {
  const provider: Provider = request.role === 'citizen' ? 'citizens' : 'staff';
  const { privateKey, kid } = await devTokenKey(dataDir, provider);
  const issuedAt = Math.floor((request.issuedAt ?? new Date()).getTime() / 1000);
  const claims: Record<string, unknown> = {};
  if (provider === 'staff') {
    claims.role = request.role;
    // As given, never defaulted: tests make org-less tokens to see them refused.
    if (request.org !== undefined) claims.org = request.org;
  }
  if (request.nationalId) claims.national_id = request.nationalId;
  if (request.name !== undefined) claims.name = request.name;
  if (request.actingFor) {
    claims.acting_for = {
      national_id: request.actingFor.nationalId,
      name: request.actingFor.name,
      relationship: request.actingFor.relationship,
    };
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
    .setIssuer(devTokenIssuers[provider].issuer)
    .setAudience(devTokenIssuers[provider].audience)
    .setSubject(request.sub ?? `${request.role}-${randomUUID()}`)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (request.ttlSeconds ?? 12 * 3600))
    .sign(privateKey);
}

/** The local providers for the authorizer: each a JWKS holding its one key. */
export async function localIdentityProviders(dataDir: string): Promise<IdentityProviders> {
  const provider = async (name: Provider) => ({
    ...devTokenIssuers[name],
    keys: createLocalJWKSet({ keys: [(await devTokenKey(dataDir, name)).jwk] }),
  });
  return { citizens: await provider('citizens'), staff: await provider('staff') };
}
