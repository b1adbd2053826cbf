/**
 * The SD-JWT VC certificate's form (API.md, Wallets): constants and the strict schemas of its
 * header, issuer-signed payload and disclosures, apart from the issuing code so that the
 * offline verifier — and the browser page that bundles it — need not load the issuing library.
 * Every credential has exactly this structure (DESIGN.md invariant 1; see `sdJwtVc.ts`).
 */
import * as z from 'zod';
import {
  CREDENTIAL_ALG,
  CREDENTIAL_STATEMENT,
  ISSUER_DID,
  NATIONAL_ID_MASKED,
  purposes,
} from './claims.ts';

/** The JOSE `typ` of an SD-JWT VC (SD-JWT VC §3.2.1). */
export const SD_JWT_VC_TYP = 'dc+sd-jwt';
/** The credential format identifier in OpenID4VCI 1.0 (Appendix A.3). */
export const SD_JWT_VC_FORMAT = 'dc+sd-jwt';
/** The type of this credential: a URN, so no verifier ever fetches type metadata for it. */
export const NO_CRIMINAL_RECORD_VCT = 'urn:sealed-records:vct:no-criminal-record:1';
/** The claims a holder may disclose or withhold, in this order, for everyone. */
export const SELECTIVELY_DISCLOSABLE_CLAIMS = [
  'name',
  'nationalIdMasked',
  'purpose',
  'checkedAt',
] as const;
/** Decoy digests added to every credential: 4 disclosures + 4 decoys = 8 digests for all. */
export const DECOY_DIGESTS = 4;
export const DIGEST_COUNT = SELECTIVELY_DISCLOSABLE_CLAIMS.length + DECOY_DIGESTS;

/** A P-256 public key as JWK: the only holder key this issuer binds (ES256 proofs). */
export const holderJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
});
export type HolderJwk = z.infer<typeof holderJwkSchema>;

export const sdJwtVcHeaderSchema = z.strictObject({
  typ: z.literal(SD_JWT_VC_TYP),
  alg: z.literal(CREDENTIAL_ALG),
  kid: z.string().min(1),
});

/** The issuer-signed payload, as signed: `_sd` digests and the plain claims, nothing else. */
export const sdJwtVcPayloadSchema = z
  .strictObject({
    iss: z.string().regex(ISSUER_DID),
    vct: z.literal(NO_CRIMINAL_RECORD_VCT),
    nbf: z.int().positive(),
    exp: z.int().positive(),
    cnf: z.strictObject({ jwk: holderJwkSchema }),
    statement: z.literal(CREDENTIAL_STATEMENT),
    _sd: z.array(z.string().regex(/^[A-Za-z0-9_-]{43}$/)).length(DIGEST_COUNT),
    _sd_alg: z.literal('sha-256'),
  })
  .refine((payload) => payload.exp > payload.nbf, { message: 'exp must be after nbf' });
export type SdJwtVcPayload = z.infer<typeof sdJwtVcPayloadSchema>;

/** What each disclosure may carry: the certificate's own claim rules (claims.ts). */
export const disclosedClaimSchemas = {
  name: z.string().min(1).max(200).regex(/\S/),
  nationalIdMasked: z.string().regex(NATIONAL_ID_MASKED),
  purpose: z.enum(purposes),
  checkedAt: z.iso.datetime({ precision: 3 }),
} as const satisfies Record<(typeof SELECTIVELY_DISCLOSABLE_CLAIMS)[number], z.ZodType>;
