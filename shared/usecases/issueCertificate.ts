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
import { createHmac, randomUUID } from 'node:crypto';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import { chinaToday, yearOf } from '../domain/calendar.ts';
import { canonicalJson } from '../domain/canonicalJson.ts';
import { issueCredential } from '../domain/credential/issueCredential.ts';
import { LEGAL_PARAMETERS } from '../domain/law/parameters.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import { JustificationRequiredError, RecordOnFileError } from '../errors.ts';
import type { CertificateRequest } from '../http/schemas/certificateRequest.ts';
import type { AuditActions, AuditActor, AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type {
  ApplicationYear,
  DisclosableConvictionLookup,
  IssuanceLog,
} from '../ports/certificates.ts';
import type { Clock } from '../ports/clock.ts';
import type { Signer } from '../ports/signer.ts';

export type IssueCertificateDependencies = {
  mac: MacGenerator;
  disclosableConvictions: DisclosableConvictionLookup;
  issuanceLog: IssuanceLog;
  audit: AuditLog;
  signer: Signer;
  clock: Clock;
  issuer: { did: string; baseUrl: string };
  validityDays: number;
};

export type CertificateSubject = { nationalId: string; name: string };

export type CertificateApplicationContext = {
  /** Who asked: the citizen (or guardian) as the token names them. */
  actor: AuditActor;
  /** The caller-scoped Idempotency-Key, when the request has one. */
  retryKey?: string;
};

/**
 * The application's ID: random, or — for a request with an Idempotency-Key — derived from
 * the key and the request under the person's blind index (itself a MAC under a key only
 * the service holds), so a retry finds the same application and nobody else can predict
 * it. Formatted as a version-4 UUID, as the credential's `jti` is specified.
 */
function applicationIdFor(
  blindIndex: string,
  retryKey: string | undefined,
  request: CertificateRequest,
): string {
  if (retryKey === undefined) return randomUUID();
  const digest = createHmac('sha256', blindIndex)
    .update(canonicalJson(['certificate-application:v1', retryKey, request]))
    .digest();
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x40;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class IssueCertificate {
  constructor(private readonly deps: IssueCertificateDependencies) {}

  async execute(
    subject: CertificateSubject,
    request: CertificateRequest,
    context: CertificateApplicationContext,
  ) {
    const { deps } = this;
    const now = deps.clock.now();
    const blindIndex = await blindIndexOfPerson(deps.mac, subject.nationalId);
    const applicationId = applicationIdFor(blindIndex, context.retryKey, request);
    const year: ApplicationYear = { blindIndex, year: yearOf(chinaToday(now)) };
    const refuse = (outcome: AuditActions['certificate.refuse']['outcome']) =>
      deps.audit.append({
        eventId: `certificate.refuse:${applicationId}`,
        at: now.toISOString(),
        actor: context.actor,
        action: 'certificate.refuse',
        blindIndex,
        purpose: request.purpose,
        outcome,
      });

    const limit = request.justification
      ? undefined
      : LEGAL_PARAMETERS.freeCertificateApplicationsPerYear;
    if (!(await deps.issuanceLog.reserveApplication(year, applicationId, limit))) {
      await refuse('justification-required');
      throw new JustificationRequiredError('justification required');
    }
    try {
      if (await deps.disclosableConvictions.hasDisclosableConviction(blindIndex)) {
        await refuse('record-on-file');
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
      // Best effort: a count not given back errs towards asking for a justification.
      await deps.issuanceLog.releaseApplication(year, applicationId).catch(() => undefined);
      throw error;
    }
  }
}
