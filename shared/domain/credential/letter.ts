/**
 * The inquiry result letter (API.md, Inquiries; IM art. 17; RULES.md §5): a JWT VC signed like
 * a certificate — same issuer, same `kid` — stating whether a conviction is on file and, only
 * when one is, the offence, penalty, term and effective date of each unsealed conviction the
 * legal basis lets the unit learn. A person whose convictions are all sealed gets the letter a
 * person with no record gets, identical in form (DESIGN.md invariant 1).
 */
import { createVerifiableCredentialJwt, type Issuer } from 'did-jwt-vc';
import * as z from 'zod';
import type { Signer } from '../../ports/signer.ts';
import { penalties } from '../record.ts';
import {
  CERTIFICATE_ID,
  CREDENTIAL_ALG,
  CREDENTIAL_STATEMENT,
  describeIssues,
  ISSUER_DID,
  NATIONAL_ID_MASKED,
  VERIFIABLE_CREDENTIAL_TYPE,
  W3C_CREDENTIALS_CONTEXT,
} from './claims.ts';
import { didJwtSigner, InvalidCredentialInputError } from './issueCredential.ts';

export const LETTER_TYPE = 'InquiryResultLetter';
export const LETTER_CONTEXT_PATH = '/contexts/inquiry-result-letter/v1';
export const RECORD_ON_FILE_STATEMENT = 'criminal-record-on-file';

export function letterContextUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${LETTER_CONTEXT_PATH}`;
}

/** The JSON-LD context document served at `/contexts/inquiry-result-letter/v1`. */
export function letterContext(baseUrl: string) {
  const vocab = `${letterContextUrl(baseUrl)}#`;
  return {
    '@context': {
      '@version': 1.1,
      '@protected': true,
      [LETTER_TYPE]: `${vocab}${LETTER_TYPE}`,
      name: 'https://schema.org/name',
      nationalIdMasked: `${vocab}nationalIdMasked`,
      statement: `${vocab}statement`,
      convictions: { '@id': `${vocab}convictions`, '@container': '@list' },
      offences: `${vocab}offences`,
      penalty: `${vocab}penalty`,
      months: `${vocab}months`,
      effectiveDate: {
        '@id': `${vocab}effectiveDate`,
        '@type': 'http://www.w3.org/2001/XMLSchema#date',
      },
      inquiryId: `${vocab}inquiryId`,
      legalBasis: `${vocab}legalBasis`,
      purpose: `${vocab}purpose`,
      checkedAt: {
        '@id': `${vocab}checkedAt`,
        '@type': 'http://www.w3.org/2001/XMLSchema#dateTime',
      },
    },
  } as const;
}

export const convictionSchema = z.strictObject({
  offences: z.array(z.string().min(1).max(200)).min(1).max(50),
  penalty: z.enum(penalties),
  months: z.int().positive().optional(),
  effectiveDate: z.iso.date(),
});
export type LetterConviction = z.infer<typeof convictionSchema>;

const letterContextUrlSchema = z
  .string()
  .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?\/contexts\/inquiry-result-letter\/v1$/);

const subjectBase = {
  name: z.string().min(1).max(200).regex(/\S/),
  nationalIdMasked: z.string().regex(NATIONAL_ID_MASKED),
  inquiryId: z.uuid(),
  legalBasis: z.string().min(1).max(100),
  purpose: z.string().min(1).max(500),
  checkedAt: z.iso.datetime({ precision: 3 }),
};

export const letterSubjectSchema = z.union([
  z.strictObject({ ...subjectBase, statement: z.literal(CREDENTIAL_STATEMENT) }),
  z.strictObject({
    ...subjectBase,
    statement: z.literal(RECORD_ON_FILE_STATEMENT),
    convictions: z.array(convictionSchema).min(1).max(100),
  }),
]);
export type LetterSubject = z.infer<typeof letterSubjectSchema>;

export const letterPayloadSchema = z
  .strictObject({
    iss: z.string().regex(ISSUER_DID),
    nbf: z.int().positive(),
    exp: z.int().positive(),
    jti: z.string().regex(CERTIFICATE_ID),
    vc: z.strictObject({
      '@context': z.tuple([z.literal(W3C_CREDENTIALS_CONTEXT), letterContextUrlSchema]),
      type: z.tuple([z.literal(VERIFIABLE_CREDENTIAL_TYPE), z.literal(LETTER_TYPE)]),
      credentialSubject: letterSubjectSchema,
    }),
  })
  .refine((payload) => payload.exp > payload.nbf, {
    message: 'exp must be after nbf',
    path: ['exp'],
  });
export type LetterPayload = z.infer<typeof letterPayloadSchema>;

export type IssueLetterInput = {
  issuer: { did: string; baseUrl: string };
  signer: Signer;
  subject: { name: string; nationalIdMasked: string };
  inquiryId: string;
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
    name: input.subject.name,
    nationalIdMasked: input.subject.nationalIdMasked,
    inquiryId: input.inquiryId,
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
