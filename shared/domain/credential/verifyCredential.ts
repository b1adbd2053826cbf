/**
 * The offline verifier of the no-criminal-record certificate: a credential and a pinned trust
 * bundle, nothing else. The checks every JWT VC of this issuer passes are in `verifyJwtVc.ts`;
 * here, the certificate's claims exactly as `API.md` (Certificates) fixes them, and what a
 * verified one shows. A valid verdict from this function always means "no criminal record on
 * file": a letter, even a genuine one, is never accepted here (`verifyLetter.ts` verifies those,
 * `verifyDocument.ts` any of the issuer's documents).
 */

import { type CredentialPayload, credentialPayloadSchema, type Purpose } from './claims.ts';
import type { TrustBundle } from './didDocument.ts';
import {
  type JwtVcKind,
  type VerdictReason,
  type VerifyCredentialOptions,
  verifyJwtVc,
} from './verifyJwtVc.ts';

export {
  type VerdictCode,
  type VerdictReason,
  type VerifyCredentialOptions,
  verdictCodes,
} from './verifyJwtVc.ts';

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

const certificate: JwtVcKind<CredentialPayload, VerifiedCertificate> = {
  schema: credentialPayloadSchema,
  description: 'a no-criminal-record certificate',
  documentKind: 'certificate',
  verified(payload) {
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
  },
};

/**
 * Verifies a certificate against a pinned trust bundle. Resolves to a verdict for any
 * credential input; rejects only with `InvalidTrustBundleError` when the bundle itself is
 * unusable — so verifying `''` checks a bundle, and imports its keys for what follows.
 */
export async function verifyCredential(
  jwt: string,
  trustBundle: TrustBundle,
  options: VerifyCredentialOptions = {},
): Promise<Verdict> {
  const result = await verifyJwtVc(jwt, trustBundle, options, certificate);
  return result.valid ? { valid: true, credential: result.verified, reasons: [] } : result;
}
