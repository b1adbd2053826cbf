import type { Purpose } from './claims.ts';

/**
 * What a person asks a certificate for (API.md, Certificates): its purpose, optionally the
 * wallet DID it is bound to (`sub`), and, once the year's free applications are used
 * (`LEGAL_PARAMETERS.freeCertificateApplicationsPerYear`), a justification (MPS). The HTTP schema (`shared/http/schemas/certificateRequest.ts`)
 * validates a request into exactly this.
 */
export type CertificateRequest = {
  purpose: Purpose;
  holderDid?: string;
  justification?: string;
};
