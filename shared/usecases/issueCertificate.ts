/**
 * Use case: a citizen asks for a certificate of no criminal record (RULES.md §5).
 *
 * The path is the same for everyone without a disclosable conviction — a person who never
 * had a record and a person whose records are all sealed run exactly these steps, in this
 * order, with these ports (DESIGN.md invariant 1):
 *
 * 1. the blind index (MAC);
 * 2. the application is counted against the person's calendar year in one conditional
 *    write, so parallel requests cannot pass the yearly limit (MPS);
 * 3. the disclosable-conviction lookup;
 * 4. the signature; 5. the audit event; 6. the issuance-log entry.
 *
 * It fails closed (invariant 3): every step must succeed before the credential leaves; the
 * decision is audited before the answer, refusals included (invariant 5); an application
 * that ends without a certificate gives its count back. The issuance log is written after
 * signing and auditing, so a failed signature or audit never leaves an entry claiming
 * issuance.
 *
 * A request with an Idempotency-Key keeps one application ID (and so one certificate ID)
 * across its attempts: a retry after a crash at any step counts, audits and logs the
 * application once (invariant 7).
 */

import type { CertificateRequest } from '../domain/credential/certificateRequest.ts';
import { issueCredential } from '../domain/credential/issueCredential.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import type { Clock } from '../ports/clock.ts';
import type { Signer } from '../ports/signer.ts';
import {
  acceptCertificateApplication,
  type CertificateApplicationContext,
  type CertificateApplicationDependencies,
  type CertificateSubject,
  giveBack,
} from './certificateApplication.ts';

export type { CertificateApplicationContext, CertificateSubject };

export type IssueCertificateDependencies = CertificateApplicationDependencies & {
  signer: Signer;
  clock: Clock;
  issuer: { did: string; baseUrl: string };
  validityDays: number;
};

export class IssueCertificate {
  private readonly deps: IssueCertificateDependencies;
  constructor(deps: IssueCertificateDependencies) {
    this.deps = deps;
  }

  async execute(
    subject: CertificateSubject,
    request: CertificateRequest,
    context: CertificateApplicationContext,
  ) {
    const { deps } = this;
    const now = deps.clock.now();
    const { applicationId, blindIndex, year, agent } = await acceptCertificateApplication(
      deps,
      subject,
      request,
      context,
      now,
    );
    try {
      const issued = await issueCredential({
        issuer: deps.issuer,
        signer: deps.signer,
        subject: { name: subject.name, nationalIdMasked: maskNationalId(subject.nationalId) },
        purpose: request.purpose,
        holderDid: request.holderDid,
        now,
        validityDays: deps.validityDays,
        certificateId: `urn:uuid:${applicationId}`,
      });
      await deps.audit.append({
        eventId: `certificate.issue:${issued.certificateId}`,
        at: now.toISOString(),
        actor: context.actor,
        action: 'certificate.issue',
        blindIndex,
        certificateId: issued.certificateId,
        purpose: request.purpose,
        outcome: 'issued',
        ...(agent ? { agent } : {}),
      });
      await deps.issuanceLog.append({
        certificateId: issued.certificateId,
        blindIndex,
        purpose: request.purpose,
        notBefore: issued.notBefore.toISOString(),
        expires: issued.expires.toISOString(),
        holderDid: request.holderDid,
        justified: request.justification !== undefined,
        issuedAt: now.toISOString(),
      });
      return { certificateId: issued.certificateId, credential: issued.credential };
    } catch (error) {
      await giveBack(deps, year, applicationId);
      throw error;
    }
  }
}
