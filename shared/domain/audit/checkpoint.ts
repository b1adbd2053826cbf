/**
 * Signed checkpoints of the audit trail (DESIGN.md invariant 5): a compact JWS (ES256) by the
 * issuer's audit key over a chain's head — `{chain, seq, hash, at}` — that any JOSE library
 * verifies. A checkpoint fixes the chain up to `seq`: changing or removing any entry at or
 * before it, or the entries after an earlier checkpoint, no longer matches.
 *
 * Each export ends with an export statement, signed the same way (`audit-export+jws`): which
 * chains the export holds and the first and last sequence number of each. Checkpoints alone
 * cannot say where an export's run of a chain starts — a stored checkpoint in the middle of a
 * chain looks like the anchor of a window — nor that a chain is missing altogether.
 */
import { base64url, compactVerify, importJWK, type JWK } from 'jose';
import * as z from 'zod';
import { derToJose } from '../credential/der.ts';
import type { Signer } from '../signing.ts';

export const CHECKPOINT_TYPE = 'audit-checkpoint+jws';
export const EXPORT_STATEMENT_TYPE = 'audit-export+jws';

export const checkpointClaimsSchema = z.strictObject({
  chain: z.string().min(1).max(64),
  seq: z.int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime({ precision: 3 }),
});
export type CheckpointClaims = z.infer<typeof checkpointClaimsSchema>;

export const exportStatementClaimsSchema = z.strictObject({
  exportedAt: z.iso.datetime({ precision: 3 }),
  from: z.string().max(64).optional(),
  to: z.string().max(64).optional(),
  /** Every chain in the export: the sequence numbers of its first and last entry there. */
  chains: z.record(
    z.string().min(1).max(64),
    z.strictObject({ first: z.int().min(1), last: z.int().min(1) }),
  ),
});
export type ExportStatementClaims = z.infer<typeof exportStatementClaimsSchema>;

const utf8 = new TextEncoder();

/** Signs through the Signer port (KMS `Sign` in AWS, a key file locally): DER → JOSE r‖s. */
export function signCheckpoint(
  claims: CheckpointClaims,
  signer: Signer,
  kid: string,
): Promise<string> {
  return signAuditJws(CHECKPOINT_TYPE, checkpointClaimsSchema.parse(claims), signer, kid);
}

/** The export statement that ends an export, signed like a checkpoint. */
export function signExportStatement(
  claims: ExportStatementClaims,
  signer: Signer,
  kid: string,
): Promise<string> {
  return signAuditJws(
    EXPORT_STATEMENT_TYPE,
    exportStatementClaimsSchema.parse(claims),
    signer,
    kid,
  );
}

async function signAuditJws(
  typ: string,
  claims: object,
  signer: Signer,
  kid: string,
): Promise<string> {
  const header = base64url.encode(JSON.stringify({ alg: 'ES256', typ, kid }));
  const payload = base64url.encode(JSON.stringify(claims));
  const signingInput = `${header}.${payload}`;
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(signingInput)));
  const signature = derToJose(await signer.signDigest(digest));
  return `${signingInput}.${base64url.encode(signature)}`;
}

export type AuditJwsVerdict<T> =
  | { valid: true; claims: T; kid: string }
  | { valid: false; reason: 'unknown-key' | 'bad-signature' | 'malformed' };
export type CheckpointVerdict = AuditJwsVerdict<CheckpointClaims>;

/** Verifies a checkpoint JWS against the audit keys a trust bundle publishes (`kid` → JWK). */
export function verifyCheckpoint(
  jws: string,
  auditKeys: ReadonlyMap<string, JWK>,
): Promise<CheckpointVerdict> {
  return verifyAuditJws(jws, auditKeys, CHECKPOINT_TYPE, checkpointClaimsSchema);
}

/** Verifies an export statement JWS against the audit keys, as a checkpoint. */
export function verifyExportStatement(
  jws: string,
  auditKeys: ReadonlyMap<string, JWK>,
): Promise<AuditJwsVerdict<ExportStatementClaims>> {
  return verifyAuditJws(jws, auditKeys, EXPORT_STATEMENT_TYPE, exportStatementClaimsSchema);
}

async function verifyAuditJws<T>(
  jws: string,
  auditKeys: ReadonlyMap<string, JWK>,
  typ: string,
  schema: z.ZodType<T>,
): Promise<AuditJwsVerdict<T>> {
  let kid: string;
  try {
    const [encodedHeader] = jws.split('.');
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(encodedHeader ?? '')));
    if (header.alg !== 'ES256' || header.typ !== typ || typeof header.kid !== 'string') {
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
    const claims = schema.safeParse(JSON.parse(new TextDecoder().decode(payload)));
    return claims.success
      ? { valid: true, claims: claims.data, kid }
      : { valid: false, reason: 'malformed' };
  } catch {
    return { valid: false, reason: 'bad-signature' };
  }
}
