/** The `POST /v1/certificates` request (API.md, Certificates). */
import * as z from 'zod';
import type { CertificateRequest } from '../../domain/credential/certificateRequest.ts';
import { isValidHolderDid, purposes } from '../../domain/credential/claims.ts';
import { LEGAL_PARAMETERS } from '../../domain/law/parameters.ts';
import { paragraphText } from './text.ts';

export const certificateRequestSchema = z.strictObject({
  purpose: z.enum(purposes),
  holderDid: z
    .string()
    .max(200)
    .refine(isValidHolderDid, 'must be a did:key of a P-256, Ed25519 or secp256k1 public key')
    .optional()
    .meta({ description: 'Wallet DID the credential is bound to; carried as `sub`.' }),
  justification: paragraphText({ min: 10, max: 500 })
    .optional()
    .meta({
      description:
        `Required once a person has made ${LEGAL_PARAMETERS.freeCertificateApplicationsPerYear} ` +
        'applications in a calendar year (MPS); the same rule for everyone.',
    }),
}) satisfies z.ZodType<CertificateRequest>;

export type { CertificateRequest };

/**
 * `POST /v1/certificates/offers`: the certificate's request. A wallet's key is bound by its
 * proof at the credential endpoint (`cnf.jwk`), so a holder DID has no place in an offer.
 */
export const certificateOfferRequestSchema = certificateRequestSchema.refine(
  (request) => request.holderDid === undefined,
  {
    path: ['holderDid'],
    message: 'is not used for a wallet offer: the wallet binds its own key by its proof',
  },
);
