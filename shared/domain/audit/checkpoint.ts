/**
 * Signed checkpoints of the audit trail (DESIGN.md invariant 5): a compact JWS (ES256) by the
 * issuer's audit key over a chain's head — `{chain, seq, hash, at}` — that any JOSE library
 * verifies. A checkpoint fixes the chain up to `seq`: changing or removing any entry at or
 * before it, or the entries after an earlier checkpoint, no longer matches.
 */
import { base64url, compactVerify, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import type { Signer } from '../../ports/signer.ts';
import { derToJose } from '../credential/der.ts';

export const CHECKPOINT_TYPE = 'audit-checkpoint+jws';

export const checkpointClaimsSchema = z.strictObject({
  chain: z.string().min(1).max(64),
  seq: z.int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime({ precision: 3 }),
});
export type CheckpointClaims = z.infer<typeof checkpointClaimsSchema>;

const utf8 = new TextEncoder();

/** Signs through the Signer port (KMS `Sign` in AWS, a key file locally): DER → JOSE r‖s. */
export async function signCheckpoint(
  claims: CheckpointClaims,
  signer: Signer,
  kid: string,
): Promise<string> {
  const header = base64url.encode(JSON.stringify({ alg: 'ES256', typ: CHECKPOINT_TYPE, kid }));
  const payload = base64url.encode(JSON.stringify(checkpointClaimsSchema.parse(claims)));
  const signingInput = `${header}.${payload}`;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(signingInput)));
  const signature = derToJose(await signer.signDigest(digest));
  return `${signingInput}.${base64url.encode(signature)}`;
}

export type CheckpointVerdict =
  | { valid: true; claims: CheckpointClaims; kid: string }
  | { valid: false; reason: 'unknown-key' | 'bad-signature' | 'malformed' };

/** Verifies a checkpoint JWS against the audit keys a trust bundle publishes (`kid` → JWK). */
export async function verifyCheckpoint(
  jws: string,
  auditKeys: ReadonlyMap<string, JWK>,
): Promise<CheckpointVerdict> {
  let kid: string;
  try {
    const [encodedHeader] = jws.split('.');
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(encodedHeader ?? '')));
    if (
      header.alg !== 'ES256' ||
      header.typ !== CHECKPOINT_TYPE ||
      typeof header.kid !== 'string'
    ) {
      return { valid: false, reason: 'malformed' };
    }
    kid = header.kid;
  } catch {
    return { valid: false, reason: 'malformed' };
  }
  const jwk = auditKeys.get(kid);
  if (jwk === undefined) return { valid: false, reason: 'unknown-key' };
  try {
    const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'), {
      algorithms: ['ES256'],
    });
    const claims = checkpointClaimsSchema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return claims.success
      ? { valid: true, claims: claims.data, kid }
      : { valid: false, reason: 'malformed' };
  } catch {
    return { valid: false, reason: 'bad-signature' };
  }
}
