/**
 * Use case: a citizen asks for a certificate of no criminal record (RULES.md §5).
 *
 * The path is the same for everyone without a disclosable conviction — a person who never
 * had a record and a person whose records are all sealed run exactly these steps, in this
 * order, with these ports (DESIGN.md invariant 1). It fails closed: every step must
 * succeed before the credential leaves, and the issuance log is written after signing so
 * a failed signature never leaves an entry claiming issuance (invariant 3).
 */
import { randomUUID } from 'node:crypto';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import { chinaToday, yearOf } from '../domain/calendar.ts';
import { issueCredential } from '../domain/credential/issueCredential.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import { JustificationRequiredError, RecordOnFileError } from '../errors.ts';
import type { CertificateRequest } from '../http/schemas/certificateRequest.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { DisclosableConvictionLookup, IssuanceLog } from '../ports/certificates.ts';
import type { Clock } from '../ports/clock.ts';
import type { Signer } from '../ports/signer.ts';

export type IssueCertificateDependencies = {
  mac: MacGenerator;
  disclosableConvictions: DisclosableConvictionLookup;
  issuanceLog: IssuanceLog;
  signer: Signer;
  clock: Clock;
  issuer: { did: string; baseUrl: string };
  validityDays: number;
  /** Requests per calendar year that need no justification. */
  freeRequestsPerYear: number;
};

export type CertificateSubject = { nationalId: string; name: string };

export class IssueCertificate {
  constructor(private readonly deps: IssueCertificateDependencies) {}

  async execute(subject: CertificateSubject, request: CertificateRequest) {
    const { deps } = this;
    const now = deps.clock.now();
    const blindIndex = await blindIndexOfPerson(deps.mac, subject.nationalId);

    const issuedThisYear = await deps.issuanceLog.countIssuedInYear(
      blindIndex,
      yearOf(chinaToday(now)),
    );
    if (issuedThisYear >= deps.freeRequestsPerYear && !request.justification) {
      throw new JustificationRequiredError('justification required');
    }
    if (await deps.disclosableConvictions.hasDisclosableConviction(blindIndex)) {
      throw new RecordOnFileError('record on file');
    }

    const issued = await issueCredential({
      issuer: deps.issuer,
      signer: deps.signer,
      subject: { name: subject.name, nationalIdMasked: maskNationalId(subject.nationalId) },
      purpose: request.purpose,
      holderDid: request.holderDid,
      now,
      validityDays: deps.validityDays,
      certificateId: `urn:uuid:${randomUUID()}`,
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
  }
}
