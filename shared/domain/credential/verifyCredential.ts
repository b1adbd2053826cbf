/**
 * The offline verifier: a credential and a pinned trust bundle, nothing else — no network, no
 * database, no `node:` imports, so the same module runs in Node, the CLI and a browser page.
 * Signatures are checked through the {@link SignatureVerifier} port: `node:crypto` in Node,
 * WebCrypto in the browser (`#signature-verifier` resolves to the platform's adapter).
 *
 * Checks, in order: JWS shape; header exactly `{alg: ES256, typ: JWT, kid}`; issuer in the
 * bundle; `kid` one of that issuer's keys and listed in its `assertionMethod`; signature;
 * claims exactly as `API.md`; `nbf`/`exp` with a clock-skew allowance. Everything up to and
 * including the signature stops at the first failure; claim and time problems are reported
 * together. Messages are written for the person at the desk (an HR clerk, a registrar) and
 * never repeat the holder's name or ID number.
 */

import platformSignatureVerifier from '#signature-verifier';
import {
  CREDENTIAL_ALG,
  type CredentialPayload,
  credentialPayloadSchema,
  describeIssues,
  type Purpose,
} from './claims.ts';
import { InvalidTrustBundleError, parseTrustBundle, type TrustBundle } from './didDocument.ts';
import type { Es256PublicKey, SignatureVerifier } from './signatureVerifier.ts';

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
  /** Signed, but the claims are not exactly those of a no-criminal-record certificate. */
  'invalid-claims',
  'not-yet-valid',
  'expired',
] as const;
export type VerdictCode = (typeof verdictCodes)[number];
export type VerdictReason = { code: VerdictCode; message: string };

export type VerifiedCertificate = {
  name: string;
  nationalIdMasked: string;
  purpose: Purpose;
  checkedAt: string;
  issuer: string;
  notBefore: Date;
  expires: Date;
  certificateId: string;
  holderDid?: string;
};

export type Verdict =
  | { valid: true; credential: VerifiedCertificate; reasons: [] }
  | { valid: false; reasons: VerdictReason[] };

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

const DEFAULT_CLOCK_SKEW_SECONDS = 60;
/** Far above any real credential (about 1 KB); bounds the work an oversized input can cause. */
const MAX_CREDENTIAL_LENGTH = 16_384;
/** base64url without padding (RFC 7515 §2), the only alphabet a JWS segment may use. */
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DAMAGED = 'The credential is damaged or incomplete and cannot be read.';

type TrustedIssuer = {
  keys: Map<string, Es256PublicKey>;
  authorized: Set<string>;
};
type TrustedIssuers = Map<string, TrustedIssuer>;

// Keyed by adapter and bundle object: verifiers load a bundle once and verify many credentials
// with it, so each key is imported (and the bundle validated) once per `kid`. Bundles are
// treated as immutable.
const prepared = new WeakMap<SignatureVerifier, WeakMap<TrustBundle, Promise<TrustedIssuers>>>();

/**
 * Verifies a credential against a pinned trust bundle. Resolves to a verdict for any credential
 * input; rejects only with {@link InvalidTrustBundleError} when the bundle itself is unusable.
 */
export async function verifyCredential(
  jwt: string,
  trustBundle: TrustBundle,
  options: VerifyCredentialOptions = {},
): Promise<Verdict> {
  const verifier = options.signatureVerifier ?? platformSignatureVerifier;
  const issuers = await prepare(trustBundle, verifier);

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

  const iss = payload.iss;
  if (typeof iss !== 'string') {
    return invalid('unknown-issuer', 'The credential does not name its issuer.');
  }
  if (options.expectedIssuer !== undefined && iss !== options.expectedIssuer) {
    return invalid(
      'unknown-issuer',
      `The credential was issued by ${quote(iss)}, not by the expected issuer ${quote(options.expectedIssuer)}.`,
    );
  }
  const issuer = issuers.get(iss);
  if (issuer === undefined) {
    return invalid(
      'unknown-issuer',
      `The credential was issued by ${quote(iss)}, which is not an issuer in the trust bundle.`,
    );
  }
  const key = kid.startsWith(`${iss}#`) ? issuer.keys.get(kid) : undefined;
  if (key === undefined) {
    return invalid(
      'unknown-key',
      `The credential was signed with key ${quote(kid)}, which the trust bundle does not list for its issuer. ` +
        'If the issuer rotated keys recently, get a current trust bundle.',
    );
  }
  if (!issuer.authorized.has(kid)) {
    return invalid(
      'key-not-authorized',
      `The key ${quote(kid)} belongs to the issuer but is not authorised to sign credentials.`,
    );
  }

  if (!isBase64url(signature)) return invalid('malformed', DAMAGED);
  // The port rather than jose's compactVerify: the header checks above are stricter than its
  // own (exact parameters, ES256 only). An asynchronous adapter (WebCrypto) runs while the
  // claim and time checks below do; their result counts only if the signature holds.
  const signatureHolds = key.verify(
    `${encodedHeader}.${encodedPayload}`,
    verifier.decodeBase64url(signature),
  );

  const reasons: VerdictReason[] = [];
  const claims = credentialPayloadSchema.safeParse(payload);
  if (!claims.success) {
    reasons.push({
      code: 'invalid-claims',
      message: `The credential is signed but is not a no-criminal-record certificate in the expected form (${describeIssues(claims.error)}).`,
    });
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (typeof payload.nbf === 'number' && payload.nbf > now + skew) {
    reasons.push({
      code: 'not-yet-valid',
      message: `The credential is not valid until ${formatInstant(payload.nbf)}.`,
    });
  }
  if (typeof payload.exp === 'number' && payload.exp <= now - skew) {
    reasons.push({
      code: 'expired',
      message: `The credential expired at ${formatInstant(payload.exp)}; ask the holder for a new one.`,
    });
  }

  // Not `await` on a synchronous adapter's boolean: one microtask less per credential.
  if (!(typeof signatureHolds === 'boolean' ? signatureHolds : await signatureHolds)) {
    return invalid(
      'bad-signature',
      'The signature does not match: the credential was altered after it was issued, or it is forged.',
    );
  }
  if (!claims.success || reasons.length > 0) return { valid: false, reasons };
  return { valid: true, credential: toCertificate(claims.data), reasons: [] };
}

function prepare(bundle: TrustBundle, verifier: SignatureVerifier): Promise<TrustedIssuers> {
  let byBundle = prepared.get(verifier);
  if (byBundle === undefined) {
    byBundle = new WeakMap();
    prepared.set(verifier, byBundle);
  }
  let issuers = byBundle.get(bundle);
  if (issuers === undefined) {
    issuers = importBundle(bundle, verifier);
    byBundle.set(bundle, issuers);
    issuers.catch(() => byBundle.delete(bundle));
  }
  return issuers;
}

async function importBundle(
  bundle: TrustBundle,
  verifier: SignatureVerifier,
): Promise<TrustedIssuers> {
  const issuers: TrustedIssuers = new Map();
  for (const document of parseTrustBundle(bundle).didDocuments) {
    const keys = new Map<string, Es256PublicKey>();
    for (const { id, publicKeyJwk } of document.verificationMethod) {
      const key = await verifier.importKey(publicKeyJwk).catch((cause: unknown) => {
        throw new InvalidTrustBundleError(`invalid trust bundle: ${id} is not a P-256 public key`, {
          cause,
        });
      });
      keys.set(id, key);
    }
    issuers.set(document.id, { keys, authorized: new Set(document.assertionMethod) });
  }
  return issuers;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Of the base64url alphabet, unpadded, and of a length some bytes encode to. */
function isBase64url(segment: string): boolean {
  return segment.length % 4 !== 1 && BASE64URL.test(segment);
}

function decodeJson(
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

function invalid(code: VerdictCode, message: string): Verdict {
  return { valid: false, reasons: [{ code, message }] };
}

/** Untrusted text in a message: quoted, and short enough not to flood a screen. */
function quote(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…"` : text;
}

function formatInstant(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime())
    ? String(seconds)
    : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function toCertificate(payload: CredentialPayload): VerifiedCertificate {
  const { name, nationalIdMasked, purpose, checkedAt } = payload.vc.credentialSubject;
  return {
    name,
    nationalIdMasked,
    purpose,
    checkedAt,
    issuer: payload.iss,
    notBefore: new Date(payload.nbf * 1000),
    expires: new Date(payload.exp * 1000),
    certificateId: payload.jti,
    ...(payload.sub === undefined ? {} : { holderDid: payload.sub }),
  };
}
