/**
 * The offline check every JWT VC of this issuer passes — the certificate
 * (`verifyCredential.ts`) and the inquiry result letter (`verifyLetter.ts`) are signed the same
 * way and differ only in their claims. The document and a pinned trust bundle, nothing else: no
 * network, no database, no `node:` imports, so the same module runs in Node, the CLI and a
 * browser page. Signatures are checked through the {@link SignatureVerifier} port:
 * `node:crypto` in Node, WebCrypto in the browser (`#signature-verifier` resolves to the
 * platform's adapter).
 *
 * Checks, in order: JWS shape; header exactly `{alg: ES256, typ: JWT, kid}`; issuer in the
 * bundle; `kid` one of that issuer's keys and listed in its `assertionMethod`; signature;
 * claims exactly those of the expected kind of document; `nbf`/`exp` with a clock-skew
 * allowance. Everything up to and including the signature stops at the first failure; claim
 * and time problems are reported together. Messages are written for the person at the desk
 * (an HR clerk, a registrar) and never repeat the holder's name or ID number.
 */

import type * as z from 'zod';
import platformSignatureVerifier from '#signature-verifier';
import { CREDENTIAL_ALG, describeIssues } from './claims.ts';
import type { CredentialKind, TrustBundle } from './didDocument.ts';
import type { SignatureVerifier } from './signatureVerifier.ts';
import { issuerKey, quote, trustedIssuers } from './trustedIssuers.ts';

export const verdictCodes = [
  /** Not a compact JWS, or its header or payload is not JSON. */
  'malformed',
  /** `alg` is anything but ES256 (`none`, HS256, RS256, …). */
  'unsupported-algorithm',
  /** `typ` is not JWT, `kid` is missing, or the header has other parameters. */
  'invalid-header',
  /** `iss` is not a DID in the trust bundle (or not the expected issuer). */
  'unknown-issuer',
  /** `kid` is not one of the issuer's verification methods. */
  'unknown-key',
  /** `kid` is a verification method of the issuer but not in its `assertionMethod`. */
  'key-not-authorized',
  'bad-signature',
  /** Signed, but the claims are not exactly those of the kind of document it claims to be. */
  'invalid-claims',
  'not-yet-valid',
  'expired',
] as const;
export type VerdictCode = (typeof verdictCodes)[number];
export type VerdictReason = { code: VerdictCode; message: string };
export type Refusal = { valid: false; reasons: VerdictReason[] };

export type VerifyCredentialOptions = {
  /** Defaults to the current time. */
  now?: Date;
  /** Tolerance for the verifier's and issuer's clocks, applied to `nbf` and `exp`. */
  clockSkewSeconds?: number;
  /** Accept only this issuer DID, even if the bundle pins others. */
  expectedIssuer?: string;
  /** Defaults to the platform's adapter (`node:crypto` in Node, WebCrypto elsewhere). */
  signatureVerifier?: SignatureVerifier;
};

/** A kind of JWT VC: its claims, and what a verified one tells its reader. */
export type JwtVcKind<Claims, Verified> = {
  /** Strict: no claim, field or value the issuer does not put there. */
  schema: z.ZodType<Claims>;
  /** How the invalid-claims message names the kind: "a no-criminal-record certificate". */
  description: string;
  /** Whose keys may sign it (DESIGN.md invariant 10: each kind under its own keys). */
  documentKind: CredentialKind;
  verified(claims: Claims): Verified;
};

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** Far above any real document (a certificate is about 1 KB, a letter a few); bounds the work. */
const MAX_CREDENTIAL_LENGTH = 16_384;
/** base64url without padding (RFC 7515 §2), the only alphabet a JWS segment may use. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DAMAGED = 'The credential is damaged or incomplete and cannot be read.';

/**
 * Verifies a JWT VC of `kind` against a pinned trust bundle. Resolves to a verdict for any
 * input; rejects only with `InvalidTrustBundleError` when the bundle itself is unusable.
 */
export async function verifyJwtVc<Claims, Verified>(
  jwt: string,
  trustBundle: TrustBundle,
  options: VerifyCredentialOptions,
  kind: JwtVcKind<Claims, Verified>,
): Promise<{ valid: true; verified: Verified } | Refusal> {
  const verifier = options.signatureVerifier ?? platformSignatureVerifier;
  const issuers = await trustedIssuers(trustBundle, verifier);

  const parts =
    typeof jwt === 'string' && jwt.length <= MAX_CREDENTIAL_LENGTH ? jwt.split('.') : [];
  if (parts.length !== 3) {
    return invalid('malformed', 'This is not a signed credential (a JWT of three parts).');
  }
  const [encodedHeader, encodedPayload, signature] = parts as [string, string, string];
  const header = decodeJson(encodedHeader, verifier);
  if (header === undefined) return invalid('malformed', DAMAGED);
  // Before the signature's presence, so that an unsigned `alg: none` token is named as such.
  if (header.alg !== CREDENTIAL_ALG) {
    return invalid(
      'unsupported-algorithm',
      `The credential uses the signature algorithm ${quote(header.alg)}; only ES256 is accepted.`,
    );
  }
  const payload = decodeJson(encodedPayload, verifier);
  if (payload === undefined || signature === '') return invalid('malformed', DAMAGED);
  const kid = header.kid;
  if (header.typ !== 'JWT' || typeof kid !== 'string' || Object.keys(header).length !== 3) {
    return invalid(
      'invalid-header',
      'The credential header is not {"alg":"ES256","typ":"JWT","kid":…} as issued by this system.',
    );
  }
  const key = issuerKey(issuers, payload.iss, kid, options.expectedIssuer, kind.documentKind);
  if ('code' in key) return { valid: false, reasons: [key] };

  if (!isBase64url(signature)) return invalid('malformed', DAMAGED);
  // The port rather than jose's compactVerify: the header checks above are stricter than its
  // own (exact parameters, ES256 only). An asynchronous adapter (WebCrypto) runs while the
  // claim and time checks below do; their result counts only if the signature holds.
  const signatureHolds = key.verify(
    `${encodedHeader}.${encodedPayload}`,
    verifier.decodeBase64url(signature),
  );

  const reasons: VerdictReason[] = [];
  const claims = kind.schema.safeParse(payload);
  if (!claims.success) {
    reasons.push({
      code: 'invalid-claims',
      message: `The credential is signed but is not ${kind.description} in the expected form (${describeIssues(claims.error)}).`,
    });
  }
  reasons.push(...validityReasons(payload.nbf, payload.exp, options));

  // Not `await` on a synchronous adapter's boolean: one microtask less per credential.
  if (!(typeof signatureHolds === 'boolean' ? signatureHolds : await signatureHolds)) {
    return invalid(
      'bad-signature',
      'The signature does not match: the credential was altered after it was issued, or it is forged.',
    );
  }
  if (!claims.success || reasons.length > 0) return { valid: false, reasons };
  return { valid: true, verified: kind.verified(claims.data) };
}

/** `not-yet-valid` and `expired`, with the clock-skew allowance, for numeric `nbf`/`exp`. */
export function validityReasons(
  nbf: unknown,
  exp: unknown,
  options: Pick<VerifyCredentialOptions, 'now' | 'clockSkewSeconds'>,
): { code: 'not-yet-valid' | 'expired'; message: string }[] {
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const reasons: { code: 'not-yet-valid' | 'expired'; message: string }[] = [];
  if (typeof nbf === 'number' && nbf > now + skew) {
    reasons.push({
      code: 'not-yet-valid',
      message: `The credential is not valid until ${formatInstant(nbf)}.`,
    });
  }
  if (typeof exp === 'number' && exp <= now - skew) {
    reasons.push({
      code: 'expired',
      message: `The credential expired at ${formatInstant(exp)}; ask the holder for a new one.`,
    });
  }
  return reasons;
}

/**
 * The second member of the unverified payload's `vc.type` — `NoCriminalRecordCertificate`,
 * `InquiryResultLetter` — or undefined when there is none to read. Only chooses which claims
 * a JWT is checked against; nothing is trusted until {@link verifyJwtVc} has checked it.
 */
export function claimedJwtVcType(jwt: string): string | undefined {
  if (typeof jwt !== 'string' || jwt.length > MAX_CREDENTIAL_LENGTH) return undefined;
  const payload = decodeJson(jwt.split('.')[1] ?? '', platformSignatureVerifier);
  const vc = payload?.vc;
  const type = typeof vc === 'object' && vc !== null ? (vc as { type?: unknown }).type : undefined;
  return Array.isArray(type) && typeof type[1] === 'string' ? type[1] : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Of the base64url alphabet, unpadded, and of a length some bytes encode to. */
export function isBase64url(segment: string): boolean {
  return segment.length % 4 !== 1 && BASE64URL.test(segment);
}

/** The JSON object a base64url segment encodes, or undefined when it encodes none. */
export function decodeJson(
  segment: string,
  verifier: SignatureVerifier,
): Record<string, unknown> | undefined {
  if (!isBase64url(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(utf8.decode(verifier.decodeBase64url(segment)));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function invalid(code: VerdictCode, message: string): Refusal {
  return { valid: false, reasons: [{ code, message }] };
}

function formatInstant(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? String(seconds)
    : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
