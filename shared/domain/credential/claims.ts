/**
 * The shape of the "no criminal record on file" credential: header, claims, constants and
 * the JSON-LD context, exactly as `API.md` (Certificates) fixes them. Nothing here may differ
 * between a person whose records are sealed and a person who never had one (DESIGN.md,
 * invariant 1), so the schemas are strict: no other claim, field or header parameter.
 */
import { base58 } from '@scure/base';
import * as z from 'zod';

/** Root of the credential module's errors. */
export class CredentialError extends Error {
  override name = 'CredentialError';
}

export const W3C_CREDENTIALS_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
export const NO_CRIMINAL_RECORD_CONTEXT_PATH = '/contexts/no-criminal-record/v1';
export const VERIFIABLE_CREDENTIAL_TYPE = 'VerifiableCredential';
export const CREDENTIAL_TYPE = 'NoCriminalRecordCertificate';
export const CREDENTIAL_STATEMENT = 'no-criminal-record-on-file';
export const CREDENTIAL_ALG = 'ES256';

export const purposes = [
  'employment',
  'education',
  'military-service',
  'licensing',
  'travel',
  'other',
] as const;
export type Purpose = (typeof purposes)[number];

/** `<issuer base URL>/contexts/no-criminal-record/v1`, the credential's second `@context`. */
export function noCriminalRecordContextUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${NO_CRIMINAL_RECORD_CONTEXT_PATH}`;
}

/** The JSON-LD context document served at `/contexts/no-criminal-record/v1`. */
export function noCriminalRecordContext(baseUrl: string) {
  const vocab = `${noCriminalRecordContextUrl(baseUrl)}#`;
  return {
    '@context': {
      '@version': 1.1,
      '@protected': true,
      [CREDENTIAL_TYPE]: `${vocab}${CREDENTIAL_TYPE}`,
      name: 'https://schema.org/name',
      nationalIdMasked: `${vocab}nationalIdMasked`,
      statement: `${vocab}statement`,
      purpose: `${vocab}purpose`,
      checkedAt: {
        '@id': `${vocab}checkedAt`,
        '@type': 'http://www.w3.org/2001/XMLSchema#dateTime',
      },
    },
  } as const;
}

/** PRC resident ID with all but the first 6 and last 4 characters replaced by `*`. */
export const NATIONAL_ID_MASKED = /^[0-9]{6}\*{8}[0-9]{3}[0-9X]$/;
export const ISSUER_DID = /^did:web:[A-Za-z0-9.%:-]+$/;
export const CERTIFICATE_ID =
  /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// Any URL ending in the context path: the issuer's base URL is configured separately from its
// DID, so it cannot be derived here, and JWT VCs are not JSON-LD processed anyway.
const noCriminalRecordContextUrlSchema = z
  .string()
  .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?\/contexts\/no-criminal-record\/v1$/);

export const credentialSubjectSchema = z.strictObject({
  name: z.string().min(1).max(200).regex(/\S/),
  nationalIdMasked: z.string().regex(NATIONAL_ID_MASKED),
  statement: z.literal(CREDENTIAL_STATEMENT),
  purpose: z.enum(purposes),
  checkedAt: z.iso.datetime({ precision: 3 }),
});
export type CredentialSubject = z.infer<typeof credentialSubjectSchema>;

export const credentialHeaderSchema = z.strictObject({
  alg: z.literal(CREDENTIAL_ALG),
  typ: z.literal('JWT'),
  kid: z.string().min(1),
});
export type CredentialHeader = z.infer<typeof credentialHeaderSchema>;

export const credentialPayloadSchema = z
  .strictObject({
    iss: z.string().regex(ISSUER_DID),
    nbf: z.int().positive(),
    exp: z.int().positive(),
    jti: z.string().regex(CERTIFICATE_ID),
    sub: z
      .string()
      .refine(isValidHolderDid, 'must be a did:key of a P-256, Ed25519 or secp256k1 key')
      .optional(),
    vc: z.strictObject({
      '@context': z.tuple([z.literal(W3C_CREDENTIALS_CONTEXT), noCriminalRecordContextUrlSchema]),
      type: z.tuple([z.literal(VERIFIABLE_CREDENTIAL_TYPE), z.literal(CREDENTIAL_TYPE)]),
      credentialSubject: credentialSubjectSchema,
    }),
  })
  .refine((payload) => payload.exp > payload.nbf, {
    message: 'exp must be after nbf',
    path: ['exp'],
  });
export type CredentialPayload = z.infer<typeof credentialPayloadSchema>;

/** `path: message` for each issue; never the offending value (it may be personal data). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

// did:key multicodec prefixes (unsigned varint) and raw key lengths, from
// https://github.com/multiformats/multicodec/blob/master/table.csv and the did:key spec
// (https://w3c-ccg.github.io/did-method-key/#signature-method-creation-algorithm): the
// EC keys are SEC1-compressed.
const holderKeyCodecs = [
  { prefix: [0x80, 0x24], length: 33, compressed: true }, // p256-pub 0x1200
  { prefix: [0xe7, 0x01], length: 33, compressed: true }, // secp256k1-pub 0xe7
  { prefix: [0xed, 0x01], length: 32, compressed: false }, // ed25519-pub 0xed
] as const;

const DID_KEY = /^did:key:z([1-9A-HJ-NP-Za-km-z]{40,60})$/;

/**
 * A `did:key` holder DID of a P-256, Ed25519 or secp256k1 public key: multibase base58btc
 * (`z`), the key type's multicodec prefix, and the raw key of exactly the right length.
 */
export function isValidHolderDid(did: string): boolean {
  const encoded = DID_KEY.exec(did)?.[1];
  if (encoded === undefined) return false;
  const bytes = base58.decode(encoded);
  return holderKeyCodecs.some(
    ({ prefix, length, compressed }) =>
      bytes.length === prefix.length + length &&
      bytes[0] === prefix[0] &&
      bytes[1] === prefix[1] &&
      (!compressed || bytes[2] === 0x02 || bytes[2] === 0x03),
  );
}
