/**
 * Wallet grants: the pre-authorized codes of credential offers, the access tokens they are
 * exchanged for, and the proof nonces (OpenID4VCI 1.0 §§4, 6, 7). Each is a random bearer
 * secret that only its holder knows; storage keeps it only as a hash (`grantKeyOf`), and what
 * the grant stands for only sealed under a key derived from the secret itself.
 *
 * Why not a KMS envelope key: a pending offer names the person (name, masked ID, blind
 * index). Sealed under a key only the code's holder can derive, no role — not the functions
 * that store it, not anyone who reads the table with KMS rights — can read a pending offer,
 * and no function needs one more key to decrypt with. AES-256-GCM with a key from HKDF-SHA-256
 * over the 256-bit secret; the grant key is authenticated data, so a sealed state cannot be
 * moved to another grant. node:crypto: this runs only in the functions.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import * as z from 'zod';
import { IntegrityError } from '../../errors.ts';

export const grantKinds = ['offer', 'token', 'nonce'] as const;
export type GrantKind = (typeof grantKinds)[number];

/** 256 random bits, base64url: a pre-authorized code, an access token or a nonce. */
export function newGrantSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The only form in which a secret is stored: `<kind>#<base64url SHA-256>`. */
export function grantKeyOf(kind: GrantKind, secret: string): string {
  return `${kind}#${createHash('sha256').update(`${kind}:${secret}`).digest('base64url')}`;
}

function keyOf(kind: GrantKind, secret: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.from(secret, 'utf8'), Buffer.alloc(0), `wallet-grant:${kind}`, 32),
  );
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Seals `state` (JSON) for the holder of `secret`: iv ‖ ciphertext ‖ tag. */
export function sealGrantState(kind: GrantKind, secret: string, state: unknown): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyOf(kind, secret), iv);
  cipher.setAAD(Buffer.from(grantKeyOf(kind, secret), 'utf8'));
  const body = Buffer.concat([cipher.update(JSON.stringify(state), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens what {@link sealGrantState} sealed for this secret, checked against `schema`. */
export function openGrantState<T>(
  kind: GrantKind,
  secret: string,
  sealed: Uint8Array,
  schema: z.ZodType<T>,
): T {
  const bytes = Buffer.from(sealed);
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new IntegrityError('sealed grant too short');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyOf(kind, secret),
    bytes.subarray(0, IV_BYTES),
  );
  decipher.setAAD(Buffer.from(grantKeyOf(kind, secret), 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  let text: string;
  try {
    text = Buffer.concat([
      decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch (cause) {
    throw new IntegrityError('sealed grant could not be opened', { cause });
  }
  const parsed = schema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new IntegrityError('sealed grant has an unexpected shape');
  return parsed.data;
}

/**
 * What an offer and the access token it becomes stand for: the application the offer
 * passed (the same check as a certificate), the claims to sign, and who asked — every
 * later step is audited as that citizen's.
 */
export const grantStateSchema = z.strictObject({
  applicationId: z.uuid(),
  blindIndex: z.string().min(1),
  year: z.int(),
  name: z.string().min(1),
  nationalIdMasked: z.string().min(1),
  purpose: z.string().min(1),
  justified: z.boolean(),
  actor: z.strictObject({ subject: z.string(), role: z.string(), organisation: z.string() }),
});
export type GrantState = z.infer<typeof grantStateSchema>;
