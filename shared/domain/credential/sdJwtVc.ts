/**
 * The certificate as an SD-JWT VC (RFC 9901, SD-JWT VC `dc+sd-jwt`) for wallets (API.md,
 * Wallets): signed through the {@link Signer} port like the JWT VC — the signing input →
 * `sign` (ES256, DER as KMS returns it) → JOSE `r || s` — with the same `iss` and
 * `kid`, and bound to the wallet's key in `cnf.jwk`.
 *
 * Uniformity (DESIGN.md invariant 1): every credential has exactly the same structure —
 * `statement` always in the clear, the same four selectively disclosable claims, the same
 * number of decoy digests, 16-byte salts — so neither the number of disclosures, nor the
 * number of digests, nor anything but the request's own values (name, purpose, time, key)
 * can tell a person whose records are sealed from a person who never had one.
 * `@sd-jwt/sd-jwt-vc` fits this: its decoy count is the fixed `_sd_decoy` of the frame (no
 * random count), salts come from the generator given here, and digests are sorted.
 */
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url } from 'jose';
import type { Signer } from '../signing.ts';
import { CREDENTIAL_ALG, CREDENTIAL_STATEMENT, describeIssues, type Purpose } from './claims.ts';
import { derToJose } from './der.ts';
import { InvalidCredentialInputError } from './issueCredential.ts';
import {
  DECOY_DIGESTS,
  disclosedClaimSchemas,
  type HolderJwk,
  holderJwkSchema,
  NO_CRIMINAL_RECORD_VCT,
  SD_JWT_VC_TYP,
  SELECTIVELY_DISCLOSABLE_CLAIMS,
} from './sdJwtVcClaims.ts';

export * from './sdJwtVcClaims.ts';

const SALT_BYTES = 16;
const SECONDS_PER_DAY = 86_400;

export type IssueSdJwtVcInput = {
  issuer: { did: string };
  signer: Signer;
  subject: { name: string; nationalIdMasked: string };
  purpose: Purpose;
  holderJwk: HolderJwk;
  now: Date;
  validityDays: number;
};

export type IssuedSdJwtVc = { credential: string; notBefore: Date; expires: Date };

const utf8 = new TextEncoder();

async function sha256(data: string | ArrayBuffer): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? utf8.encode(data) : new Uint8Array(data);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** The hasher the SD-JWT libraries call: SHA-256 only (`_sd_alg`). */
export async function sdJwtHasher(data: string | ArrayBuffer, alg: string): Promise<Uint8Array> {
  if (alg.toLowerCase() !== 'sha-256') throw new InvalidCredentialInputError(`unsupported ${alg}`);
  return sha256(data);
}

export async function issueSdJwtVc(input: IssueSdJwtVcInput): Promise<IssuedSdJwtVc> {
  const { issuer, signer, subject, purpose, holderJwk, now, validityDays } = input;
  if (!Number.isInteger(validityDays) || validityDays < 1) {
    throw new InvalidCredentialInputError('validityDays must be a positive integer');
  }
  const nbf = Math.floor(now.getTime() / 1000);
  const exp = nbf + validityDays * SECONDS_PER_DAY;
  const disclosed = {
    name: subject.name,
    nationalIdMasked: subject.nationalIdMasked,
    purpose,
    checkedAt: now.toISOString(),
  };
  const problems = Object.entries(disclosedClaimSchemas).flatMap(([claim, schema]) => {
    const parsed = schema.safeParse(disclosed[claim as keyof typeof disclosed]);
    return parsed.success ? [] : [`${claim}: ${describeIssues(parsed.error)}`];
  });
  const jwk = holderJwkSchema.safeParse(holderJwk);
  if (!jwk.success) problems.push(`cnf.jwk: ${describeIssues(jwk.error)}`);
  if (problems.length > 0 || !jwk.success) {
    throw new InvalidCredentialInputError(`invalid credential: ${problems.join('; ')}`);
  }

  const sdJwtVc = new SDJwtVcInstance({
    signer: async (signingInput) =>
      base64url.encode(derToJose(await signer.sign(utf8.encode(signingInput)))),
    signAlg: CREDENTIAL_ALG,
    hasher: sdJwtHasher,
    hashAlg: 'sha-256',
    saltGenerator: () => base64url.encode(crypto.getRandomValues(new Uint8Array(SALT_BYTES))),
  });
  const credential = await sdJwtVc.issue(
    {
      iss: issuer.did,
      vct: NO_CRIMINAL_RECORD_VCT,
      nbf,
      exp,
      cnf: { jwk: jwk.data },
      statement: CREDENTIAL_STATEMENT,
      ...disclosed,
    },
    { _sd: [...SELECTIVELY_DISCLOSABLE_CLAIMS], _sd_decoy: DECOY_DIGESTS },
    { header: { typ: SD_JWT_VC_TYP, kid: `${issuer.did}#${signer.keyId}` } },
  );
  return { credential, notBefore: new Date(nbf * 1000), expires: new Date(exp * 1000) };
}
