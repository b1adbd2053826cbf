/**
 * The offline verifier of a wallet's presentation of the SD-JWT VC certificate
 * (`<sd-jwt>~<disclosure>~…~<kb-jwt>`, RFC 9901 §4.3): the presentation, a pinned trust
 * bundle, and the nonce and audience the verifier gave the holder — nothing else, no network,
 * no `node:` imports (it runs in the CLI and the browser page alike). Both signatures, the
 * issuer's and the holder's, are checked through the {@link SignatureVerifier} port like a
 * certificate's: `node:crypto` in Node, WebCrypto in the browser, issuer keys imported once per
 * trust bundle (`trustedIssuers.ts`, which also decides issuer and key as for a certificate).
 *
 * `@sd-jwt/core` splits the presentation and hashes its disclosures; the checks are made here,
 * in order: header exactly `{typ: dc+sd-jwt, alg: ES256, kid}`; issuer and key in the bundle
 * (authorised by `assertionMethod`); the issuer's signature; claims exactly those of the
 * certificate (8 digests, `cnf.jwk`); `nbf`/`exp`; every disclosure's digest among `_sd`, once,
 * of a disclosable claim, in the certificate's form; then the key-binding JWT: its header,
 * its signature by `cnf.jwk`, `sd_hash` over exactly what was presented, the verifier's
 * `nonce` and `aud`, and an `iat` no older than `maxAgeSeconds`. The verdict shows exactly the
 * claims disclosed — a withheld claim is absent, never guessed.
 */

import { SDJwt } from '@sd-jwt/core';
import { base64url } from 'jose';
import * as z from 'zod';
import platformSignatureVerifier from '#signature-verifier';
import {
  CREDENTIAL_ALG,
  type CREDENTIAL_STATEMENT,
  describeIssues,
  type Purpose,
} from './claims.ts';
import type { TrustBundle } from './didDocument.ts';
import {
  disclosedClaimSchemas,
  SELECTIVELY_DISCLOSABLE_CLAIMS,
  sdJwtVcHeaderSchema,
  sdJwtVcPayloadSchema,
} from './sdJwtVcClaims.ts';
import type { SignatureVerifier } from './signatureVerifier.ts';
import { issuerKey, trustedIssuers } from './trustedIssuers.ts';
import {
  DEFAULT_CLOCK_SKEW_SECONDS,
  isBase64url,
  validityReasons,
  verdictCodes,
} from './verifyJwtVc.ts';

export const presentationVerdictCodes = [
  /** The verifier gave no nonce or audience to check the key binding against. */
  'nonce-required',
  /** Those of the issuer-signed part, as for a certificate. */
  ...verdictCodes,
  /** A disclosure that is not one of this credential's, repeated, or of the wrong form. */
  'invalid-disclosure',
  /** No key-binding JWT, or one not signed by the credential's holder key or not over it. */
  'invalid-key-binding',
  'wrong-nonce',
  'wrong-audience',
  /** The key-binding JWT is older than the verifier accepts, or from the future. */
  'stale-presentation',
] as const;
export type PresentationVerdictCode = (typeof presentationVerdictCodes)[number];
export type PresentationReason = { code: PresentationVerdictCode; message: string };

export type DisclosedClaims = Partial<{
  name: string;
  nationalIdMasked: string;
  purpose: Purpose;
  checkedAt: string;
}>;

export type VerifiedPresentation = {
  issuer: string;
  statement: typeof CREDENTIAL_STATEMENT;
  notBefore: Date;
  expires: Date;
  /** Exactly the claims the holder disclosed. */
  disclosed: DisclosedClaims;
  presentedAt: Date;
};

export type PresentationVerdict =
  | { valid: true; presentation: VerifiedPresentation; reasons: [] }
  | { valid: false; reasons: PresentationReason[] };

export type VerifyPresentationOptions = {
  /** The nonce the verifier gave the holder for this presentation. */
  nonce: string;
  /** The verifier's own identifier, as the holder was told to address it. */
  audience: string;
  now?: Date;
  clockSkewSeconds?: number;
  /** How old a key-binding JWT may be (default 5 minutes). */
  maxAgeSeconds?: number;
  /** Accept only this issuer DID, even if the bundle pins others. */
  expectedIssuer?: string;
  /** Defaults to the platform's adapter (`node:crypto` in Node, WebCrypto elsewhere). */
  signatureVerifier?: SignatureVerifier;
};

const DEFAULT_MAX_AGE_SECONDS = 300;
const MAX_PRESENTATION_LENGTH = 16_384;
/** The credential's `_sd_alg`, the only one it may have (`sdJwtVcPayloadSchema`). */
const SD_ALG = 'sha-256';

const kbHeaderSchema = z.strictObject({ typ: z.literal('kb+jwt'), alg: z.literal(CREDENTIAL_ALG) });
const kbPayloadSchema = z.strictObject({
  iat: z.int().positive(),
  aud: z.string().min(1),
  nonce: z.string().min(1),
  sd_hash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});

/** Is `value` one of the credential's presentations (has a disclosure or key-binding part)? */
export function isPresentation(value: string): boolean {
  return value.includes('~');
}

const fail = (code: PresentationVerdictCode, message: string): PresentationVerdict => ({
  valid: false,
  reasons: [{ code, message }],
});

/**
 * Verifies a presentation against a pinned trust bundle and the verifier's own nonce and
 * audience. Resolves to a verdict for any presentation; rejects only with
 * `InvalidTrustBundleError` when the bundle itself is unusable.
 */
export async function verifyPresentation(
  presentation: string,
  trustBundle: TrustBundle,
  options: VerifyPresentationOptions,
): Promise<PresentationVerdict> {
  const verifier = options.signatureVerifier ?? platformSignatureVerifier;
  const issuers = await trustedIssuers(trustBundle, verifier);
  if (!options.nonce || !options.audience) {
    return fail(
      'nonce-required',
      'A presentation is checked against the nonce you gave the holder and your own identifier (audience); without them a copied presentation cannot be told from a fresh one.',
    );
  }
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const skew = options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const damaged = () =>
    fail('malformed', 'The presentation is damaged or incomplete and cannot be read.');
  if (typeof presentation !== 'string' || presentation.length > MAX_PRESENTATION_LENGTH) {
    return damaged();
  }
  const lastTilde = presentation.lastIndexOf('~');
  if (lastTilde < 0) return damaged();
  let sdJwt: SDJwt;
  try {
    // Disclosures are hashed as their text; any other `_sd_alg` is not this credential's.
    sdJwt = await SDJwt.fromEncode(presentation, (data, alg) => {
      if (typeof data !== 'string' || alg !== SD_ALG) throw new Error(`unsupported ${alg}`);
      return verifier.sha256(data);
    });
  } catch {
    return damaged();
  }
  const { jwt, kbJwt } = sdJwt;
  // The issuer-signed JWT exactly as presented: its signature covers this text, not the
  // library's reading of it.
  const issuerSigned = jwsParts(presentation.slice(0, presentation.indexOf('~')));
  if (!jwt?.header || !jwt.payload || issuerSigned === undefined) return damaged();

  if (jwt.header.alg !== CREDENTIAL_ALG) {
    return fail('unsupported-algorithm', 'The credential is not signed with ES256.');
  }
  const header = sdJwtVcHeaderSchema.safeParse(jwt.header);
  if (!header.success) {
    return fail(
      'invalid-header',
      'The credential header is not {"typ":"dc+sd-jwt","alg":"ES256","kid":…}.',
    );
  }
  const key = issuerKey(
    issuers,
    jwt.payload.iss,
    header.data.kid,
    options.expectedIssuer,
    'walletCredential',
  );
  if ('code' in key) return { valid: false, reasons: [key] };
  if (
    !(await key.verify(issuerSigned.signingInput, verifier.decodeBase64url(issuerSigned.signature)))
  ) {
    return fail(
      'bad-signature',
      'The signature does not match: the credential was altered after it was issued, or it is forged.',
    );
  }
  const claims = sdJwtVcPayloadSchema.safeParse(jwt.payload);
  if (!claims.success) {
    return fail(
      'invalid-claims',
      `The credential is signed but not a no-criminal-record certificate in the expected form (${describeIssues(claims.error)}).`,
    );
  }
  const payload = claims.data;
  const reasons: PresentationReason[] = validityReasons(payload.nbf, payload.exp, options);

  const disclosed: Record<string, unknown> = {};
  const digests = new Set(payload._sd);
  for (const disclosure of sdJwt.disclosures ?? []) {
    const digest = disclosure._digest;
    const name = disclosure.key;
    const schema =
      name !== undefined && Object.hasOwn(disclosedClaimSchemas, name)
        ? disclosedClaimSchemas[name as keyof typeof disclosedClaimSchemas]
        : undefined;
    if (
      digest === undefined ||
      !digests.has(digest) ||
      schema === undefined ||
      name === undefined ||
      Object.hasOwn(disclosed, name)
    ) {
      reasons.push({
        code: 'invalid-disclosure',
        message: 'A disclosure does not belong to this credential, or is repeated.',
      });
      continue;
    }
    digests.delete(digest);
    const value = schema.safeParse(disclosure.value);
    if (!value.success) {
      reasons.push({
        code: 'invalid-disclosure',
        message: `The disclosed ${name} is not in the certificate's form.`,
      });
      continue;
    }
    disclosed[name] = value.data;
  }

  const presentedAt = await checkKeyBinding();
  if (presentedAt === undefined || reasons.length > 0) return { valid: false, reasons };
  const ordered = Object.fromEntries(
    SELECTIVELY_DISCLOSABLE_CLAIMS.filter((name) => Object.hasOwn(disclosed, name)).map((name) => [
      name,
      disclosed[name],
    ]),
  ) as DisclosedClaims;
  return {
    valid: true,
    reasons: [],
    presentation: {
      issuer: payload.iss,
      statement: payload.statement,
      notBefore: new Date(payload.nbf * 1000),
      expires: new Date(payload.exp * 1000),
      disclosed: ordered,
      presentedAt: new Date(presentedAt * 1000),
    },
  };

  /** The key-binding JWT's `iat` when it holds; otherwise undefined, its reasons added. */
  async function checkKeyBinding(): Promise<number | undefined> {
    const noBinding = (message: string) => {
      reasons.push({ code: 'invalid-key-binding', message });
      return undefined;
    };
    const keyBinding = jwsParts(presentation.slice(lastTilde + 1));
    if (!kbJwt?.header || !kbJwt.payload || keyBinding === undefined) {
      return noBinding(
        'The presentation has no key-binding JWT: anyone holding a copy could have sent it.',
      );
    }
    const kbHeader = kbHeaderSchema.safeParse(kbJwt.header);
    const kbPayload = kbPayloadSchema.safeParse(kbJwt.payload);
    if (!kbHeader.success || !kbPayload.success) {
      return noBinding(
        'The key-binding JWT is not {"typ":"kb+jwt","alg":"ES256"} with iat, aud, nonce and sd_hash.',
      );
    }
    // Rejects for a point off the curve: the issuer signed a key no wallet can hold.
    const holderKey = await verifier.importKey(payload.cnf.jwk).catch(() => undefined);
    if (holderKey === undefined) {
      return noBinding('The key the credential is bound to is not a P-256 public key.');
    }
    const signature = verifier.decodeBase64url(keyBinding.signature);
    if (!(await holderKey.verify(keyBinding.signingInput, signature))) {
      return noBinding('The key-binding JWT is not signed by the key the credential is bound to.');
    }
    const presented = presentation.slice(0, lastTilde + 1);
    const sdHash = base64url.encode(await verifier.sha256(presented));
    if (kbPayload.data.sd_hash !== sdHash) {
      return noBinding('The key-binding JWT was made for another selection of claims (sd_hash).');
    }
    const { nonce, aud, iat } = kbPayload.data;
    if (nonce !== options.nonce) {
      reasons.push({
        code: 'wrong-nonce',
        message: 'The presentation was made for another nonce: it may be a replay.',
      });
    }
    if (aud !== options.audience) {
      reasons.push({
        code: 'wrong-audience',
        message: 'The presentation was made for another verifier (aud).',
      });
    }
    const maxAge = options.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS;
    if (iat > now + skew || iat < now - maxAge - skew) {
      reasons.push({
        code: 'stale-presentation',
        message: 'The presentation was not made just now (iat).',
      });
    }
    return iat;
  }
}

/** A compact JWS's signing input and signature, or undefined unless it is one. */
function jwsParts(compact: string): { signingInput: string; signature: string } | undefined {
  const parts = compact.split('.');
  if (parts.length !== 3 || !parts.every(isBase64url)) return undefined;
  const [header, payload, signature] = parts as [string, string, string];
  return { signingInput: `${header}.${payload}`, signature };
}
