/**
 * Development tokens for the local stack. In AWS the agency's OIDC provider issues tokens
 * and the API Gateway JWT authorizer verifies them; locally a key in DATA_DIR signs them
 * and the local server verifies them as strictly as that authorizer does: ES256 under the
 * one known `kid`, issuer, audience, `exp` required and not past, `nbf` not in the future,
 * `iat` required and not in the future beyond a small clock skew.
 */
import { createPrivateKey, createPublicKey, type KeyObject, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../definitions/routes.ts';
import { localKeyFiles, readLocalKey } from './localKeys.ts';

export const DEV_TOKEN_ISSUER = 'urn:sealed-records:local-dev-issuer';
export const DEV_TOKEN_AUDIENCE = 'sealed-records-api';
/** Clock skew tolerated for `iat` (one clock locally; a few seconds between machines). */
const IAT_SKEW_SECONDS = 5;

export type DevTokenRequest = {
  role: Role;
  org?: string;
  sub?: string;
  nationalId?: string;
  name?: string;
  ttlSeconds?: number;
};

type DevTokenKey = { privateKey: KeyObject; publicKey: KeyObject; kid: string };

/** The local issuer key and its `kid`: the RFC 7638 thumbprint, as a JWKS would list it. */
async function devTokenKey(dataDir: string): Promise<DevTokenKey> {
  const privateKey = createPrivateKey(readLocalKey(dataDir, localKeyFiles.devTokenIssuer));
  const publicKey = createPublicKey(privateKey);
  const kid = await calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as never);
  return { privateKey, publicKey, kid };
}

export async function issueDevToken(dataDir: string, request: DevTokenRequest): Promise<string> {
  const { privateKey, kid } = await devTokenKey(dataDir);
  const claims: Record<string, string> = { role: request.role, org: request.org ?? 'local' };
  if (request.nationalId) claims.national_id = request.nationalId;
  if (request.name !== undefined) claims.name = request.name;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid })
    .setIssuer(DEV_TOKEN_ISSUER)
    .setAudience(DEV_TOKEN_AUDIENCE)
    .setSubject(request.sub ?? `${request.role}-${randomUUID()}`)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(privateKey);
}

/** Verifies a bearer token as the API Gateway JWT authorizer would; returns its claims. */
export async function devTokenVerifier(dataDir: string) {
  const { publicKey, kid } = await devTokenKey(dataDir);
  return async (token: string): Promise<Record<string, unknown> | undefined> => {
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== kid) throw new Error('unknown kid');
          return publicKey;
        },
        {
          issuer: DEV_TOKEN_ISSUER,
          audience: DEV_TOKEN_AUDIENCE,
          algorithms: ['ES256'],
          requiredClaims: ['exp', 'iat', 'sub'],
        },
      );
      // jose checks `iat` only against a maximum age; the authorizer refuses a future one.
      if ((payload.iat ?? 0) > Date.now() / 1000 + IAT_SKEW_SECONDS) return undefined;
      return payload;
    } catch {
      return undefined;
    }
  };
}
