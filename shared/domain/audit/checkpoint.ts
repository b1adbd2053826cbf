/**
 * Checkpoints of the audit log (DESIGN.md invariant 5; API.md, Oversight): C2SP
 * `tlog-checkpoint` bodies — origin line, tree size, base64 root hash, no extension lines —
 * in C2SP `signed-note` envelopes, signed by the issuer's audit key (`auditSigningKey`).
 *
 *     <origin>\n<tree size>\n<base64 root>\n\n— <key name> base64(key ID || signature)\n
 *
 * Signature type: C2SP signed-note assigns `0x02` to ECDSA "as implemented by
 * transparency-dev/witness": the signature is ASN.1 DER ECDSA over SHA-256 of the note text
 * — exactly what KMS `Sign` (`ECDSA_SHA_256`) returns — and the 4-byte key ID is the start of
 * SHA-256 of the public key's DER SubjectPublicKeyInfo, not the name-and-type hash the spec
 * recommends for Ed25519. Sigstore's Rekor uses the same ID (its "key hint"), so standard
 * tooling verifies these notes. The key name is the origin (tlog-checkpoint: "SHOULD match").
 * The origin is the issuer's did:web host followed by `/audit`.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Signer } from '../signing.ts';

export const ORIGIN_SUFFIX = '/audit';

/** The log's origin (and key name) for an issuer DID: `did:web:host%3Aport` → `host:port/audit`. */
export function originOf(issuerDid: string): string {
  const match = /^did:web:([^:#]+)/.exec(issuerDid);
  if (!match?.[1]) throw new RangeError('the issuer DID is not a did:web DID');
  return `${decodeURIComponent(match[1])}${ORIGIN_SUFFIX}`;
}

export type CheckpointBody = { origin: string; size: number; root: Uint8Array };

export function checkpointText({ origin, size, root }: CheckpointBody): string {
  return `${origin}\n${size}\n${Buffer.from(root).toString('base64')}\n`;
}

/** The C2SP key ID of an ECDSA key (signature type 0x02): SHA-256(SPKI DER)[:4]. */
export function ecdsaKeyId(spkiDer: Uint8Array): Uint8Array {
  return createHash('sha256').update(spkiDer).digest().subarray(0, 4);
}

/** The SPKI DER of a public P-256 JWK, as the key ID and `node:crypto` want it. */
export function spkiOfJwk(jwk: object): Uint8Array {
  return createPublicKey({ key: jwk as never, format: 'jwk' }).export({
    type: 'spki',
    format: 'der',
  });
}

/** Signs the body through the Signer port (KMS `Sign` in AWS, a key file locally). */
export async function signCheckpoint(
  body: CheckpointBody,
  signer: Signer,
  spkiDer: Uint8Array,
): Promise<string> {
  const text = checkpointText(body);
  const signature = await signer.sign(Buffer.from(text, 'utf8'));
  const blob = Buffer.concat([ecdsaKeyId(spkiDer), signature]).toString('base64');
  return `${text}\n\u2014 ${body.origin} ${blob}\n`;
}

/** A published audit key, with the name and ID its signature lines carry. */
export type NoteKey = { name: string; id: Uint8Array; spki: Uint8Array; kid: string };

export function noteKeyOf(kid: string, jwk: object): NoteKey {
  const spki = spkiOfJwk(jwk);
  return { name: originOf(kid), id: ecdsaKeyId(spki), spki, kid };
}

/** The audit keys a trust bundle publishes (`auditKeysOf`: kid → JWK), as note keys. */
export function noteKeysOf(keys: ReadonlyMap<string, object>): NoteKey[] {
  return [...keys].map(([kid, jwk]) => noteKeyOf(kid, jwk));
}

export type NoteVerdict =
  | { valid: true; origin: string; size: number; root: Uint8Array; text: string; kid: string }
  | { valid: false; reason: 'malformed' | 'unknown-key' | 'bad-signature' };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SIZE = /^(0|[1-9][0-9]{0,15})$/;

/**
 * Verifies a signed note strictly: a body of exactly three lines (no extension lines: this
 * log writes none), a blank line, signature lines only. Signatures from unknown keys are
 * ignored (signed-note); one from a known key that does not verify rejects the note; at
 * least one known key must have signed.
 */
export function verifyCheckpointNote(note: string, keys: readonly NoteKey[]): NoteVerdict {
  const malformed = { valid: false, reason: 'malformed' } as const;
  if (typeof note !== 'string' || note.length > 4096 || !note.endsWith('\n')) return malformed;
  // signed-note: no ASCII control character but the newline.
  if ([...note].some((c) => c !== '\n' && c.charCodeAt(0) < 0x20)) return malformed;
  const split = note.indexOf('\n\n');
  if (split < 0) return malformed;
  const text = note.slice(0, split + 1);
  const body = text.slice(0, -1).split('\n');
  if (body.length !== 3) return malformed;
  const [origin, size, rootText] = body as [string, string, string];
  if (origin === '' || !SIZE.test(size) || !BASE64.test(rootText)) return malformed;
  const root = Buffer.from(rootText, 'base64');
  if (root.length !== 32 || root.toString('base64') !== rootText) return malformed;
  const signatureLines = note.slice(split + 2, -1).split('\n');
  let known: NoteKey | undefined;
  for (const line of signatureLines) {
    const match = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!match) return malformed;
    const [, name, blobText] = match as unknown as [string, string, string];
    if (!BASE64.test(blobText)) return malformed;
    const blob = Buffer.from(blobText, 'base64');
    if (blob.length < 5) return malformed;
    const key = keys.find((k) => k.name === name && Buffer.from(k.id).equals(blob.subarray(0, 4)));
    if (key === undefined) continue;
    const ok = verify(
      'sha256',
      Buffer.from(text),
      { key: Buffer.from(key.spki), format: 'der', type: 'spki', dsaEncoding: 'der' },
      blob.subarray(4),
    );
    if (!ok) return { valid: false, reason: 'bad-signature' };
    known ??= key;
  }
  if (known === undefined) return { valid: false, reason: 'unknown-key' };
  if (origin !== known.name) return malformed;
  return { valid: true, origin, size: Number(size), root, text, kid: known.kid };
}
