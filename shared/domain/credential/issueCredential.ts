/**
 * Issues the "no criminal record on file" credential as a JWT VC (did-jwt-vc), signed through
 * the {@link Signer} port: the JWS signing input → `sign` (ES256, DER as KMS returns it) →
 * JOSE `r || s`. The header and claims are exactly those of `API.md`.
 */
import { createVerifiableCredentialJwt, type Issuer } from 'did-jwt-vc';
import { base64url } from 'jose';
import type { Signer } from '../signing.ts';
import {
  CREDENTIAL_ALG,
  CREDENTIAL_STATEMENT,
  CREDENTIAL_TYPE,
  CredentialError,
  credentialPayloadSchema,
  describeIssues,
  noCriminalRecordContextUrl,
  type Purpose,
  VERIFIABLE_CREDENTIAL_TYPE,
  W3C_CREDENTIALS_CONTEXT,
} from './claims.ts';
import { derToJose } from './der.ts';

export { isValidHolderDid } from './claims.ts';

/** The input would produce a credential that does not match `API.md`; nothing was signed. */
export class InvalidCredentialInputError extends CredentialError {
  override name = 'InvalidCredentialInputError';
}

export type IssueCredentialInput = {
  issuer: { did: string; baseUrl: string };
  signer: Signer;
  subject: { name: string; nationalIdMasked: string };
  purpose: Purpose;
  holderDid?: string;
  now: Date;
  validityDays: number;
  /** `urn:uuid:<random v4>`, chosen by the caller so it can be logged before signing. */
  certificateId: string;
};

export type IssuedCredential = {
  credential: string;
  certificateId: string;
  notBefore: Date;
  expires: Date;
};

const SECONDS_PER_DAY = 86_400;
const utf8 = new TextEncoder();

export async function issueCredential(input: IssueCredentialInput): Promise<IssuedCredential> {
  const { issuer, signer, subject, purpose, holderDid, now, validityDays, certificateId } = input;
  if (!Number.isInteger(validityDays) || validityDays < 1) {
    throw new InvalidCredentialInputError('validityDays must be a positive integer');
  }
  const nbf = Math.floor(now.getTime() / 1000);
  const exp = nbf + validityDays * SECONDS_PER_DAY;
  const payload = {
    iss: issuer.did,
    nbf,
    exp,
    jti: certificateId,
    ...(holderDid === undefined ? {} : { sub: holderDid }),
    vc: {
      '@context': [W3C_CREDENTIALS_CONTEXT, noCriminalRecordContextUrl(issuer.baseUrl)],
      type: [VERIFIABLE_CREDENTIAL_TYPE, CREDENTIAL_TYPE],
      credentialSubject: {
        name: subject.name,
        nationalIdMasked: subject.nationalIdMasked,
        statement: CREDENTIAL_STATEMENT,
        purpose,
        checkedAt: now.toISOString(),
      },
    },
  };
  const parsed = credentialPayloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new InvalidCredentialInputError(`invalid credential: ${describeIssues(parsed.error)}`);
  }

  const jwtIssuer: Issuer = { did: issuer.did, signer: didJwtSigner(signer), alg: CREDENTIAL_ALG };
  const credential = await createVerifiableCredentialJwt(parsed.data, jwtIssuer, {
    header: { alg: CREDENTIAL_ALG, typ: 'JWT', kid: `${issuer.did}#${signer.keyId}` },
  });
  return {
    credential,
    certificateId,
    notBefore: new Date(nbf * 1000),
    expires: new Date(exp * 1000),
  };
}

/** did-jwt signer over the port: returns the base64url JOSE signature did-jwt expects. */
export function didJwtSigner(signer: Signer): Issuer['signer'] {
  return async (data) => {
    const message = typeof data === 'string' ? utf8.encode(data) : Uint8Array.from(data);
    return base64url.encode(derToJose(await signer.sign(message)));
  };
}
