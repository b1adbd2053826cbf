/**
 * The inquiry result letter (API.md, Inquiries; IM art. 17; RULES.md §5): a JWT VC signed like
 * a certificate — same issuer, same form of header — under the letters' own key (DESIGN.md
 * invariant 10), stating whether a conviction is on file and, only
 * when one is, the offence, penalty, term and effective date of each unsealed conviction the
 * legal basis lets the unit learn. A person whose convictions are all sealed gets the letter a
 * person with no record gets, identical in form (DESIGN.md invariant 1).
 */
import { createVerifiableCredentialJwt, type Issuer } from 'did-jwt-vc';
import type { Signer } from '../signing.ts';
import {
  CREDENTIAL_ALG,
  CREDENTIAL_STATEMENT,
  describeIssues,
  VERIFIABLE_CREDENTIAL_TYPE,
  W3C_CREDENTIALS_CONTEXT,
} from './claims.ts';
import { didJwtSigner, InvalidCredentialInputError } from './issueCredential.ts';
import {
  LETTER_TYPE,
  type LetterConviction,
  type LetterRecipient,
  letterContextUrl,
  letterPayloadSchema,
  RECORD_ON_FILE_STATEMENT,
} from './letterClaims.ts';

export * from './letterClaims.ts';

export type IssueLetterInput = {
  issuer: { did: string; baseUrl: string };
  signer: Signer;
  /** The name as the applicant stated it (`nameAsStated`), and the masked ID. */
  subject: { name: string; nationalIdMasked: string };
  inquiryId: string;
  /** The applying organisation: the letter names whom it was issued to. */
  recipient: LetterRecipient;
  legalBasis: string;
  purpose: string;
  /** Unsealed convictions the basis lets the unit learn; empty: no criminal record on file. */
  convictions: readonly LetterConviction[];
  now: Date;
  validityDays: number;
  letterId: string;
};

const SECONDS_PER_DAY = 86_400;

export async function issueLetter(
  input: IssueLetterInput,
): Promise<{ letter: string; letterId: string }> {
  const { issuer, signer, now, validityDays } = input;
  const nbf = Math.floor(now.getTime() / 1000);
  const common = {
    nameAsStated: input.subject.name,
    nationalIdMasked: input.subject.nationalIdMasked,
    inquiryId: input.inquiryId,
    recipient: { role: input.recipient.role, org: input.recipient.org },
    legalBasis: input.legalBasis,
    purpose: input.purpose,
    checkedAt: now.toISOString(),
  };
  const credentialSubject =
    input.convictions.length === 0
      ? { ...common, statement: CREDENTIAL_STATEMENT }
      : { ...common, statement: RECORD_ON_FILE_STATEMENT, convictions: [...input.convictions] };
  const payload = {
    iss: issuer.did,
    nbf,
    exp: nbf + validityDays * SECONDS_PER_DAY,
    jti: input.letterId,
    vc: {
      '@context': [W3C_CREDENTIALS_CONTEXT, letterContextUrl(issuer.baseUrl)],
      type: [VERIFIABLE_CREDENTIAL_TYPE, LETTER_TYPE],
      credentialSubject,
    },
  };
  const parsed = letterPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidCredentialInputError(`invalid letter: ${describeIssues(parsed.error)}`);
  }
  const jwtIssuer: Issuer = { did: issuer.did, signer: didJwtSigner(signer), alg: CREDENTIAL_ALG };
  const letter = await createVerifiableCredentialJwt(parsed.data, jwtIssuer, {
    header: { alg: CREDENTIAL_ALG, typ: 'JWT', kid: `${issuer.did}#${signer.keyId}` },
  });
  return { letter, letterId: input.letterId };
}
