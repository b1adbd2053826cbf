/**
 * Use case: an agency submits a record; the law decides its sealing from the record's own
 * facts; it is stored under envelope encryption, audited, and handed to the sealing service.
 *
 * The answer depends on this record's own facts only (DESIGN.md invariant 8): nothing here
 * reads, or waits on, the person's other records — their unsealing, supersession, the
 * joint-crime mark and flags that depend on them are the sealing service's work, off the
 * request path. This function can encrypt under the sealed-archive key but never decrypt.
 *
 * Order, chosen so that a failure leaves nothing half-done and a retry completes: every KMS
 * MAC first; the record ID is derived from the record's natural key, so a retry (with or
 * without Idempotency-Key) finds the same item; a disclosable conviction enters the
 * disclosable set before the record is written (a crash in between errs towards disclosure);
 * the record is written, then audited — if the audit fails, the record this attempt created
 * is removed again — then queued for the sealing service (a retry queues it again: the
 * service is idempotent).
 *
 * This function never deletes a disclosable entry (it is internet-facing: a deleted entry
 * would give a convicted person a certificate). When an attempt does not keep its record —
 * the write failed, the audit failed, or the record ID holds another submission — it asks
 * the sealing service to reconcile the entry (`SealingQueue.reconcile`), which removes it
 * only if the record as stored is absent or not a disclosable conviction. Until then the
 * entry errs towards disclosure.
 */
import { createHash } from 'node:crypto';
import { blindIndexOfCase, blindIndexOfPerson } from '../domain/blindIndex.ts';
import type { CivilDate } from '../domain/calendar.ts';
import { canonicalJson } from '../domain/canonicalJson.ts';
import { uuidFromDigest } from '../domain/derivedUuid.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import { birthDateFromNationalId } from '../domain/nationalId.ts';
import type { RecordType, ReviewFlag } from '../domain/record.ts';
import { encodeEnvelope, type RecordEnvelope } from '../domain/recordEnvelope.ts';
import { decideSealing, sealedInformationMark } from '../domain/sealing/index.ts';
import { effectiveDateOfBirth } from '../domain/sealing/minority.ts';
import { factsOf, type RecordSubmission } from '../domain/submission.ts';
import { RecordConflictError, RecordTypeNotAllowedError } from '../errors.ts';
import type { AuditActor, AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeEncrypter, KeyClass } from '../ports/envelope.ts';
import { type Ids, randomIds } from '../ports/ids.ts';
import {
  type DisclosableConvictions,
  type DisclosableEntry,
  linkKeys,
  type RecordLinks,
  type RecordStore,
  recordEnvelopeContext,
  type StoredRecord,
} from '../ports/recordStore.ts';
import type { SealingQueue } from '../ports/sealingQueue.ts';
import { disclosableEntryOf } from './disclosableEntry.ts';

export type IngestRecordDependencies = {
  mac: MacGenerator;
  cipher: EnvelopeEncrypter;
  records: RecordStore;
  /** Entries are only added here; the sealing service removes them (`reconcile`). */
  disclosable: Pick<DisclosableConvictions, 'add'>;
  links: Pick<RecordLinks, 'link'>;
  audit: AuditLog;
  queue: SealingQueue;
  clock: Clock;
  /** Each attempt's token on the entries it writes (default: random UUIDs). */
  ids?: Ids;
  params?: LegalParameters;
};

/** The official submitting the record, as the authorizer verified them. */
export type Submitter = { subject: string; role: string; organisation: string };

export type IngestRecordResult = {
  recordId: string;
  sealed: boolean;
  basis: string[];
  /** Flags that this record's own facts raise; those that depend on other records never appear here. */
  reviewFlags: ReviewFlag[];
  /** 含犯罪记录封存信息, from this record's own facts (IM arts. 5–6). */
  containsSealedInformation: boolean;
  /** false when the same record had already been stored (a retry). */
  created: boolean;
};

const encoder = new TextEncoder();

/** A UUID (version 8, RFC 9562) derived from the record's natural key and blind indexes. */
export function recordIdFor(
  organisation: string,
  blindIndex: string,
  caseIndex: string,
  submission: Pick<RecordSubmission, 'recordType' | 'effectiveDate'>,
): string {
  const digest = createHash('sha256')
    .update(
      canonicalJson([
        'record:v1',
        organisation,
        blindIndex,
        caseIndex,
        submission.recordType,
        submission.effectiveDate,
      ]),
    )
    .digest();
  return uuidFromDigest(digest);
}

/** Only the agencies that decide a kind of record may submit it (API.md, Records). */
export function assertMaySubmit(
  role: string,
  recordType: RecordType,
  params: LegalParameters = LEGAL_PARAMETERS,
): void {
  if (!(params.recordSubmitters[recordType] as readonly string[]).includes(role)) {
    throw new RecordTypeNotAllowedError(role, recordType);
  }
}

export class IngestRecord {
  private readonly deps: IngestRecordDependencies;
  readonly #params: LegalParameters;
  readonly #ids: Ids;

  constructor(deps: IngestRecordDependencies) {
    this.deps = deps;
    this.#params = deps.params ?? LEGAL_PARAMETERS;
    this.#ids = deps.ids ?? randomIds;
  }

  async execute(submission: RecordSubmission, submitter: Submitter): Promise<IngestRecordResult> {
    const { mac, records, clock } = this.deps;
    assertMaySubmit(submitter.role, submission.recordType, this.#params);
    const actor: AuditActor = {
      subject: submitter.subject,
      role: submitter.role,
      organisation: submitter.organisation,
    };

    // 1. Every KMS MAC first: a failure here has written nothing.
    const [blindIndex, caseIndex, submissionDigest, coDefendants, combinedWith] = await Promise.all(
      [
        blindIndexOfPerson(mac, submission.subject.nationalId),
        blindIndexOfCase(mac, submission.caseNumber),
        this.digestOf(submitter.organisation, submission),
        Promise.all(
          (submission.coDefendants ?? []).map(async (co) => ({
            blindIndex: await blindIndexOfPerson(mac, co.nationalId),
          })),
        ),
        Promise.all(
          (submission.combinedWith ?? []).map(async ({ caseNumber, offenceDate }) => ({
            caseNumber,
            caseIndex: await blindIndexOfCase(mac, caseNumber),
            ...(offenceDate !== undefined ? { offenceDate } : {}),
          })),
        ),
      ],
    );
    const recordId = recordIdFor(submitter.organisation, blindIndex, caseIndex, submission);

    // 2. The law decides, on this record's facts alone — the sealing and the joint-crime mark.
    //    Nothing here reads another record, not even the one a retrial names: whether it is the
    //    same person's is the sealing service's to find out (a wrong one is flagged there).
    const facts = factsOf(submission);
    const decision = decideSealing(facts, this.#params);
    const mark = sealedInformationMark(
      {
        offenceDate: facts.offenceDate,
        subjectDateOfBirth: effectiveDateOfBirth(facts).dateOfBirth,
        coDefendantBirthDates: (submission.coDefendants ?? []).map((co) =>
          birthDateFromNationalId(co.nationalId),
        ),
        combinedOffenceDates: (submission.combinedWith ?? []).flatMap((combined) =>
          combined.offenceDate === undefined ? [] : [combined.offenceDate as CivilDate],
        ),
      },
      this.#params,
    );
    const basis = mark.marked ? [...new Set([...decision.basis, ...mark.basis])] : decision.basis;
    const now = clock.now().toISOString();

    // 3. Encrypt (KMS GenerateDataKey) and write the record once.
    const keyClass: KeyClass = decision.sealed ? 'sealed-archive' : 'records';
    const { coDefendants: _ids, combinedWith: _numbers, ...rest } = submission;
    const envelope: RecordEnvelope = {
      schemaVersion: 2,
      submission: {
        ...rest,
        ...(coDefendants.length > 0 ? { coDefendants } : {}),
        ...(combinedWith.length > 0 ? { combinedWith } : {}),
      },
      decision: {
        sealed: decision.sealed,
        containsSealedInformation: mark.marked,
        basis,
        reviewFlags: decision.reviewFlags,
        parametersVersion: decision.parametersVersion,
      },
      receivedAt: now,
      submittedBy: actor,
    };
    const stored: StoredRecord = {
      recordId,
      blindIndex,
      caseIndex,
      owningAgency: submitter.organisation,
      owningRole: submitter.role,
      recordType: submission.recordType,
      status: decision.sealed ? 'sealed' : 'open',
      containsSealedInformation: mark.marked,
      keyClass,
      envelope: await this.deps.cipher.encrypt(
        encodeEnvelope(envelope),
        keyClass,
        recordEnvelopeContext(recordId),
      ),
      submissionDigest,
      version: 1,
      createdAt: now,
      updatedAt: now,
      effectsPending: true,
    };
    // This attempt's own token on the entry it writes: the reconciliation it may ask for
    // removes the entry only if no retry has written it since.
    const attempt = this.#ids.uuid();
    if (decision.disclosable) {
      await this.addDisclosable({
        ...(await disclosableEntryOf(
          this.deps.cipher,
          { blindIndex, recordId, submissionDigest },
          facts,
        )),
        attempt,
      });
    }
    const creation = await records.create(stored).catch(async (error: unknown) => {
      // A timed-out write may have landed: the service removes the entry only if not.
      if (decision.disclosable) await this.reconcileDisclosable(recordId, blindIndex, attempt);
      throw error;
    });
    const created = creation.outcome === 'created';
    if (creation.outcome === 'exists' && creation.submissionDigest !== submissionDigest) {
      // The stored record under this ID may not be disclosable: the service decides.
      if (decision.disclosable) await this.reconcileDisclosable(recordId, blindIndex, attempt);
      throw new RecordConflictError(recordId);
    }

    // The person's record list holds the record from the start (judicial full files read it;
    // a crash before this line is made good by the sealing service, which links it too).
    await this.deps.links.link(recordId, [linkKeys.person(blindIndex)]);

    // 4. Audit the ingestion; without its audit event the record must not stay.
    try {
      await this.deps.audit.append({
        eventId: `record.ingest:${recordId}`,
        at: now,
        actor,
        action: 'record.ingest',
        recordId,
        blindIndex,
        decision: {
          sealed: decision.sealed,
          containsSealedInformation: mark.marked,
          basis,
          reviewFlags: decision.reviewFlags,
        },
      });
    } catch (error) {
      if (created) {
        await records.deleteUnaudited(recordId, stored.version).catch(() => undefined);
        if (decision.disclosable) await this.reconcileDisclosable(recordId, blindIndex, attempt);
      }
      throw error;
    }

    // 5. Effects on the person's other records: the sealing service, off the request path.
    await this.deps.queue.enqueue({ recordId, personIndex: blindIndex });

    return {
      recordId,
      sealed: decision.sealed,
      basis,
      reviewFlags: decision.reviewFlags,
      containsSealedInformation: mark.marked,
      created,
    };
  }

  /** A keyed MAC of the submission: equal exactly for an identical resubmission. */
  private async digestOf(organisation: string, submission: RecordSubmission): Promise<string> {
    const mac = await this.deps.mac.generateMac(
      encoder.encode(canonicalJson(['submission:v1', organisation, submission])),
    );
    return Buffer.from(mac).toString('base64url');
  }

  /**
   * A conviction's entry, written before the record (a crash in between errs towards
   * disclosure). Another submission under the same record ID never replaces the letter facts of
   * the stored one: its entry is left as it is, and the record write below answers the
   * conflict. An entry whose record was never stored — a crashed attempt — is replaced.
   */
  private async addDisclosable(entry: DisclosableEntry): Promise<void> {
    const { disclosable, records } = this.deps;
    if ((await disclosable.add(entry, { sameSubmissionOnly: true })) === 'added') return;
    if ((await records.routingOf(entry.recordId)) === undefined) await disclosable.add(entry);
  }

  /**
   * The entry this attempt added may have no stored disclosable record behind it: the sealing
   * service removes it if so. Unsent (the queue failing too), the entry stays — erring
   * towards disclosure — until a retry stores the record or reconciles it.
   */
  private async reconcileDisclosable(
    recordId: string,
    blindIndex: string,
    attempt: string,
  ): Promise<void> {
    await this.deps.queue
      .reconcile({ recordId, personIndex: blindIndex, attempt })
      .catch(() => undefined);
  }
}
