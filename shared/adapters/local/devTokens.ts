/**
 * Development tokens for the local stack. In AWS the agency's OIDC provider issues tokens
 * and the API Gateway JWT authorizer verifies them; locally a key in DATA_DIR signs them
 * and the local server verifies them the same way (issuer, audience, expiry, ES256).
 */
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../definitions/routes.ts';
import { localKeyFiles, readLocalKey } from './localKeys.ts';

export const DEV_TOKEN_ISSUER = 'urn:sealed-records:local-dev-issuer';
export const DEV_TOKEN_AUDIENCE = 'sealed-records-api';

export type DevTokenRequest = {
  role: Role;
  org?: string;
  sub?: string;
  nationalId?: string;
  name?: string;
  ttlSeconds?: number;
};

export async function issueDevToken(dataDir: string, request: DevTokenRequest): Promise<string> {
  const key = createPrivateKey(readLocalKey(dataDir, localKeyFiles.devTokenIssuer));
  const claims: Record<string, string> = { role: request.role, org: request.org ?? 'local' };
  if (request.nationalId) claims.national_id = request.nationalId;
  if (request.name) claims.name = request.name;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setIssuer(DEV_TOKEN_ISSUER)
    .setAudience(DEV_TOKEN_AUDIENCE)
    .setSubject(request.sub ?? `${request.role}-${randomUUID()}`)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 12 * 3600}s`)
    .sign(key);
}

/** Verifies a bearer token as the API Gateway JWT authorizer would; returns its claims. */
export function devTokenVerifier(dataDir: string) {
  const key = createPublicKey(
    createPrivateKey(readLocalKey(dataDir, localKeyFiles.devTokenIssuer)),
  );
  return async (token: string): Promise<Record<string, unknown> | undefined> => {
    try {
      const { payload } = await jwtVerify(token, key, {
        issuer: DEV_TOKEN_ISSUER,
        audience: DEV_TOKEN_AUDIENCE,
        algorithms: ['ES256'],
      });
      return payload;
    } catch {
      return undefined;
    }
  };
}
