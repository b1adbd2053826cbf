/**
 * The inquiry result letter's form (API.md, Inquiries; IM art. 17): constants, the JSON-LD
 * context and the strict claim schemas, apart from the issuing code so that the offline
 * verifier — and the browser page that bundles it — need not load the JWT issuing library.
 * Like the certificate's (`claims.ts`), nothing here may differ between a person whose
 * convictions are all sealed and a person with none (DESIGN.md invariant 1).
 */
import * as z from 'zod';
import { penalties } from '../record.ts';
import {
  CERTIFICATE_ID,
  CREDENTIAL_STATEMENT,
  ISSUER_DID,
  NATIONAL_ID_MASKED,
  VERIFIABLE_CREDENTIAL_TYPE,
  W3C_CREDENTIALS_CONTEXT,
} from './claims.ts';

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
      nameAsStated: `${vocab}nameAsStated`,
      recipient: `${vocab}recipient`,
      role: `${vocab}role`,
      org: `${vocab}org`,
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

/** The applying organisation the letter is addressed to (API.md: `recipient`). */
export const letterRecipientSchema = z.strictObject({
  role: z.enum(['unit', 'court', 'procuratorate', 'police']),
  org: z.string().min(1).max(100),
});
export type LetterRecipient = z.infer<typeof letterRecipientSchema>;

const subjectBase = {
  /** The name as the applicant stated it: nobody checked it against the person's records. */
  nameAsStated: z.string().min(1).max(200).regex(/\S/),
  nationalIdMasked: z.string().regex(NATIONAL_ID_MASKED),
  inquiryId: z.uuid(),
  recipient: letterRecipientSchema,
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
