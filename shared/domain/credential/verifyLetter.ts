/**
 * The offline verifier of the inquiry result letter (API.md, Inquiries; IM art. 17): signed
 * exactly like the certificate — same issuer, same keys, same header — so it passes the same
 * checks (`verifyJwtVc.ts`), against the letter's own strict claims (`letterClaims.ts`). A
 * certificate's claims under the letter's type, or a letter's under the certificate's, are
 * `invalid-claims`: each kind is read only in its own form.
 */
import type { CREDENTIAL_STATEMENT } from './claims.ts';
import type { TrustBundle } from './didDocument.ts';
import {
  type LetterConviction,
  type LetterPayload,
  type LetterRecipient,
  letterPayloadSchema,
  type RECORD_ON_FILE_STATEMENT,
} from './letterClaims.ts';
import {
  type JwtVcKind,
  type VerdictReason,
  type VerifyCredentialOptions,
  verifyJwtVc,
} from './verifyJwtVc.ts';

export type VerifiedLetter = {
  /** The name as the inquirer stated it: the issuer did not check it. */
  nameAsStated: string;
  /** The organisation the letter was issued to: anyone else holding it was not meant to. */
  recipient: LetterRecipient;
  nationalIdMasked: string;
  /** What the inquirer learns: whether an unsealed conviction the basis covers is on file. */
  statement: typeof CREDENTIAL_STATEMENT | typeof RECORD_ON_FILE_STATEMENT;
  /** Each conviction the letter reports, in its order; empty with no criminal record on file. */
  convictions: LetterConviction[];
  inquiryId: string;
  legalBasis: string;
  /** The purpose the inquirer stated: free text, unlike a certificate's fixed purposes. */
  purpose: string;
  checkedAt: string;
  issuer: string;
  notBefore: Date;
  expires: Date;
  letterId: string;
};

export type LetterVerdict =
  | { valid: true; letter: VerifiedLetter; reasons: [] }
  | { valid: false; reasons: VerdictReason[] };

const letter: JwtVcKind<LetterPayload, VerifiedLetter> = {
  schema: letterPayloadSchema,
  description: 'an inquiry result letter',
  documentKind: 'letter',
  verified(payload) {
    const subject = payload.vc.credentialSubject;
    return {
      nameAsStated: subject.nameAsStated,
      recipient: subject.recipient,
      nationalIdMasked: subject.nationalIdMasked,
      statement: subject.statement,
      convictions: 'convictions' in subject ? subject.convictions : [],
      inquiryId: subject.inquiryId,
      legalBasis: subject.legalBasis,
      purpose: subject.purpose,
      checkedAt: subject.checkedAt,
      issuer: payload.iss,
      notBefore: new Date(payload.nbf * 1000),
      expires: new Date(payload.exp * 1000),
      letterId: payload.jti,
    };
  },
};

/**
 * Verifies an inquiry result letter against a pinned trust bundle. Resolves to a verdict for
 * any input; rejects only with `InvalidTrustBundleError` when the bundle itself is unusable.
 * A valid verdict says the letter is genuine and current — read its `statement`.
 */
export async function verifyLetter(
  jwt: string,
  trustBundle: TrustBundle,
  options: VerifyCredentialOptions = {},
): Promise<LetterVerdict> {
  const result = await verifyJwtVc(jwt, trustBundle, options, letter);
  return result.valid ? { valid: true, letter: result.verified, reasons: [] } : result;
}
