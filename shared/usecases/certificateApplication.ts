/**
 * The check every certificate application passes, whatever form the certificate then takes
 * (the JWT VC of `POST /v1/certificates`, or the wallet's SD-JWT VC through an offer), in
 * this order and with these ports for everyone (DESIGN.md invariant 1):
 *
 * 1. the blind index (MAC);
 * 2. the application is counted against the person's calendar year in one conditional
 *    write, so parallel requests cannot pass the yearly limit (MPS);
 * 3. the disclosable-conviction lookup (strongly consistent).
 *
 * Steps 2 and 3 are sent together — one round trip rather than two on the request path —
 * and the lookup's answer is read only once the count succeeded: an application over the
 * limit is refused as such whatever the lookup says. Neither depends on the other's answer,
 * and the lookup reads only the disclosable set, the same for a sealed record as for none.
 *
 * A refusal is audited before it is answered (invariant 5); an application refused after it
 * was counted gives its count back.
 */
import { createHmac } from 'node:crypto';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import { chinaToday, yearOf } from '../domain/calendar.ts';
import { canonicalJson } from '../domain/canonicalJson.ts';
import type { CertificateRequest } from '../domain/credential/certificateRequest.ts';
import { LEGAL_PARAMETERS } from '../domain/law/parameters.ts';
import type { PersonConcerned } from '../domain/representation.ts';
import { JustificationRequiredError, RecordOnFileError } from '../errors.ts';
import type { AuditActions, AuditActor, AuditAgent, AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type {
  ApplicationYear,
  DisclosableConvictionLookup,
  IssuanceLog,
} from '../ports/certificates.ts';
import type { Ids } from '../ports/ids.ts';
import { auditAgentOf } from './auditAgent.ts';

export type CertificateApplicationDependencies = {
  mac: MacGenerator;
  ids: Ids;
  disclosableConvictions: DisclosableConvictionLookup;
  issuanceLog: IssuanceLog;
  audit: AuditLog;
};

export type CertificateSubject = { nationalId: string; name: string };

export type CertificateApplicationContext = {
  /** Who asked: the citizen (or guardian) as the token names them. */
  actor: AuditActor;
  /** The caller-scoped Idempotency-Key, when the request has one. */
  retryKey?: string;
  /** A guardian or agent applying for the person: named in the audit beside the person. */
  agent?: PersonConcerned['agent'];
};

/** An application that passed the check: counted, and nothing disclosable on file. */
export type AcceptedApplication = {
  applicationId: string;
  blindIndex: string;
  year: ApplicationYear;
  /** The representative, for the audit. */
  agent?: AuditAgent;
};

/**
 * The application's ID: random, or — for a request with an Idempotency-Key — derived from
 * the key and the request under the person's blind index (itself a MAC under a key only
 * the service holds), so a retry finds the same application and nobody else can predict
 * it. Formatted as a version-4 UUID, as the credential's `jti` is specified. `form`
 * separates the applications of the two forms of certificate.
 */
function applicationIdFor(
  ids: Ids,
  blindIndex: string,
  retryKey: string | undefined,
  request: CertificateRequest,
  form: string,
): string {
  if (retryKey === undefined) return ids.uuid();
  const digest = createHmac('sha256', blindIndex)
    .update(canonicalJson([`${form}-application:v1`, retryKey, request]))
    .digest();
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x40;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Steps 1–3; throws `JustificationRequiredError` or `RecordOnFileError`, audited. */
export async function acceptCertificateApplication(
  deps: CertificateApplicationDependencies,
  subject: CertificateSubject,
  request: CertificateRequest,
  context: CertificateApplicationContext,
  now: Date,
  form: 'certificate' | 'wallet-offer' = 'certificate',
): Promise<AcceptedApplication> {
  const blindIndex = await blindIndexOfPerson(deps.mac, subject.nationalId);
  // The representative's own index, computed whatever the person's records: same steps.
  const agent = await auditAgentOf(deps.mac, context.agent);
  const applicationId = applicationIdFor(deps.ids, blindIndex, context.retryKey, request, form);
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
      ...(agent ? { agent } : {}),
    });

  const free = LEGAL_PARAMETERS.freeCertificateApplicationsPerYear;
  const limit = request.justification ? undefined : free;
  const lookup = deps.disclosableConvictions.hasDisclosableConviction(blindIndex);
  // Read below once the count succeeded; a failure is handled there, or not at all when the
  // count fails first (the application is refused or fails for that).
  lookup.catch(() => undefined);
  if (!(await deps.issuanceLog.reserveApplication(year, applicationId, limit))) {
    await refuse('justification-required');
    throw new JustificationRequiredError(free);
  }
  try {
    if (await lookup) {
      await refuse('record-on-file');
      throw new RecordOnFileError('record on file');
    }
  } catch (error) {
    await giveBack(deps, year, applicationId);
    throw error;
  }
  return { applicationId, blindIndex, year, ...(agent ? { agent } : {}) };
}

/** Best effort: a count not given back errs towards asking for a justification. */
export async function giveBack(
  deps: Pick<CertificateApplicationDependencies, 'issuanceLog'>,
  year: ApplicationYear,
  applicationId: string,
): Promise<void> {
  await deps.issuanceLog.releaseApplication(year, applicationId).catch(() => undefined);
}
