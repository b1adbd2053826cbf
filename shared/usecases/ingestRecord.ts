/**
 * Use case: an agency submits a record; the law decides sealing at once; the record is
 * stored under envelope encryption, audited, linked to its case, and any legal ground it
 * creates for unsealing earlier records is applied.
 *
 * Order, chosen so that a failure leaves nothing half-done and a retry completes:
 * every KMS MAC and every read happens before the first write; the record ID is derived
 * from the record's natural key, so a retry (with or without Idempotency-Key) finds the
 * same item; the record is written, then audited — if the audit fails, the record this
 * attempt created is removed again; case links, marks and unsealing follow, each step
 * idempotent and audited before it changes anything.
 */
import { createHash } from 'node:crypto';
import { blindIndexOfCase, blindIndexOfPerson } from '../domain/blindIndex.ts';
import { canonicalJson } from '../domain/canonicalJson.ts';
import { decideSealing, decideUnsealing } from '../domain/sealing/index.ts';
import { RecordConflictError } from '../errors.ts';
import type { Caller } from '../http/caller.ts';
import { factsOf, type RecordSubmission } from '../http/schemas/recordSubmission.ts';
import type { AuditActor, AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher, KeyClass } from '../ports/envelope.ts';
import type { CaseLinks, RecordStore, StoredRecord } from '../ports/recordStore.ts';

export type IngestRecordDependencies = {
  mac: MacGenerator;
  cipher: EnvelopeCipher;
  records: RecordStore;
  caseLinks: CaseLinks;
  audit: AuditLog;
  clock: Clock;
};

export type IngestRecordResult = {
  recordId: string;
  sealed: boolean;
  basis: string[];
  reviewFlags: string[];
  containsSealedInformation: boolean;
  /** Earlier records of the same person this record's legal ground unsealed. */
  unsealedRecordIds: string[];
  /** false when the same record had already been stored (a retry). */
  created: boolean;
};

/** What the envelope holds: the submission as received and the decision taken on it. */
type RecordEnvelope = {
  schemaVersion: 1;
  submission: RecordSubmission;
  decision: { sealed: boolean; basis: string[]; reviewFlags: string[]; parametersVersion: string };
  receivedAt: string;
  submittedBy: { subject: string; organisation: string };
  unsealing?: { from: string; basis: string[]; byRecordId: string };
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A UUID (version 8, RFC 9562) derived from the record's natural key and blind indexes. */
export function recordIdFor(
  organisation: string,
  blindIndex: string,
  caseIndex: string,
  submission: RecordSubmission,
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
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x80;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function envelopeContext(recordId: string): Record<string, string> {
  return { recordId, purpose: 'criminal-record' };
}

function keyClassFor(sealed: boolean): KeyClass {
  return sealed ? 'sealed-archive' : 'records';
}

export class IngestRecord {
  constructor(private readonly deps: IngestRecordDependencies) {}

  async execute(submission: RecordSubmission, caller: Caller): Promise<IngestRecordResult> {
    const { mac, records, clock } = this.deps;
    const actor: AuditActor = {
      subject: caller.subject,
      role: caller.role,
      organisation: caller.organisation,
    };

    // 1. Every KMS MAC first: a failure here has written nothing.
    const blindIndex = await blindIndexOfPerson(mac, submission.subject.nationalId);
    const caseIndex = await blindIndexOfCase(mac, submission.caseNumber);
    const coDefendantIndexes = await Promise.all(
      (submission.coDefendants ?? []).map((co) => blindIndexOfPerson(mac, co.nationalId)),
    );
    const recordId = recordIdFor(caller.organisation, blindIndex, caseIndex, submission);

    // 2. The law decides; earlier records matter only for an unsealed conviction or a retrial.
    const facts = factsOf(submission);
    const decision = decideSealing(facts);
    const priors =
      decision.disclosable || submission.supersedesRecordId
        ? await this.priorRecordsOf(blindIndex, recordId)
        : [];
    const unsealing = decideUnsealing(
      { recordId, facts, supersedesRecordId: submission.supersedesRecordId },
      priors.map(({ record, envelope }) => ({
        recordId: record.recordId,
        facts: factsOf(envelope.submission),
        sealed: record.status === 'sealed',
      })),
    );
    const reviewFlags = [...new Set([...decision.reviewFlags, ...unsealing.reviewFlags])];
    const now = clock.now().toISOString();

    // 3. Encrypt (KMS) and write the record once.
    const keyClass = keyClassFor(decision.sealed);
    const envelope: RecordEnvelope = {
      schemaVersion: 1,
      submission,
      decision: {
        sealed: decision.sealed,
        basis: decision.basis,
        reviewFlags,
        parametersVersion: decision.parametersVersion,
      },
      receivedAt: now,
      submittedBy: { subject: caller.subject, organisation: caller.organisation },
    };
    const stored: StoredRecord = {
      recordId,
      blindIndex,
      caseIndex,
      owningAgency: caller.organisation,
      recordType: submission.recordType,
      status: decision.sealed ? 'sealed' : 'open',
      disclosable: decision.disclosable,
      containsSealedInformation: false,
      keyClass,
      envelope: await this.deps.cipher.encrypt(
        encoder.encode(JSON.stringify(envelope)),
        keyClass,
        envelopeContext(recordId),
      ),
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const created = (await records.create(stored)) === 'created';
    if (!created) await this.assertSameSubmission(recordId, submission);

    // 4. Audit the ingestion; without its audit event the record must not stay.
    try {
      await this.deps.audit.append({
        eventId: `record.ingest:${recordId}`,
        at: now,
        actor,
        action: 'record.ingest',
        recordId,
        blindIndex,
        decision: { sealed: decision.sealed, basis: decision.basis, reviewFlags },
      });
    } catch (error) {
      if (created) await records.deleteUnaudited(recordId, stored.version).catch(() => undefined);
      throw error;
    }

    // 5. Joint crimes (IM arts. 5–6), then unsealing (IM arts. 19–20).
    const containsSealedInformation = await this.linkCase(
      { recordId, blindIndex, caseIndex, sealed: decision.sealed, names: coDefendantIndexes },
      actor,
      now,
    );
    const unsealedRecordIds: string[] = [];
    for (const plan of unsealing.unseal) {
      const prior = priors.find((p) => p.record.recordId === plan.recordId);
      if (prior?.record.status !== 'sealed') continue;
      await this.unseal(prior, plan, { recordId, blindIndex, actor, now });
      unsealedRecordIds.push(plan.recordId);
    }

    return {
      recordId,
      sealed: decision.sealed,
      basis: decision.basis,
      reviewFlags,
      containsSealedInformation,
      unsealedRecordIds,
      created,
    };
  }

  private async openEnvelope(record: StoredRecord): Promise<RecordEnvelope> {
    const plaintext = await this.deps.cipher.decrypt(
      record.envelope,
      record.keyClass,
      envelopeContext(record.recordId),
    );
    return JSON.parse(decoder.decode(plaintext)) as RecordEnvelope;
  }

  private async assertSameSubmission(recordId: string, submission: RecordSubmission) {
    const existing = await this.deps.records.get(recordId);
    if (!existing) return; // removed meanwhile by a failed attempt's compensation
    const { submission: before } = await this.openEnvelope(existing);
    if (canonicalJson(before) !== canonicalJson(submission)) {
      throw new RecordConflictError(recordId);
    }
  }

  private async priorRecordsOf(blindIndex: string, excludeRecordId: string) {
    const ids = await this.deps.records.listRecordIdsOfPerson(blindIndex);
    const priors: { record: StoredRecord; envelope: RecordEnvelope }[] = [];
    for (const id of ids) {
      if (id === excludeRecordId) continue;
      const record = await this.deps.records.get(id);
      if (record) priors.push({ record, envelope: await this.openEnvelope(record) });
    }
    return priors;
  }

  /**
   * Writes this record's link, then reads the case: any record of the case related to a
   * sealed one — named by it, or naming its subject — carries 含犯罪记录封存信息.
   */
  private async linkCase(
    self: {
      recordId: string;
      blindIndex: string;
      caseIndex: string;
      sealed: boolean;
      names: string[];
    },
    actor: AuditActor,
    now: string,
  ): Promise<boolean> {
    const { caseLinks, records, audit } = this.deps;
    await caseLinks.linkRecord(self.caseIndex, {
      recordId: self.recordId,
      blindIndex: self.blindIndex,
      sealed: self.sealed,
      names: self.names,
    });
    const links = await caseLinks.linksOfCase(self.caseIndex);
    const related = (a: { blindIndex: string; names: string[] }, b: typeof a) =>
      a.blindIndex !== b.blindIndex &&
      (a.names.includes(b.blindIndex) || b.names.includes(a.blindIndex));
    const toMark = new Set<string>();
    for (const other of links) {
      if (other.recordId === self.recordId || !related(self, other)) continue;
      if (self.sealed) toMark.add(other.recordId);
      if (other.sealed) toMark.add(self.recordId);
    }
    for (const recordId of toMark) {
      await audit.append({
        eventId: `record.mark-sealed-information:${recordId}`,
        at: now,
        actor,
        action: 'record.mark-sealed-information',
        recordId,
        legalBasis: ['IM art. 5', 'IM art. 6'],
      });
      await records.markContainsSealedInformation(recordId, now);
    }
    return toMark.has(self.recordId);
  }

  private async unseal(
    prior: { record: StoredRecord; envelope: RecordEnvelope },
    plan: { recordId: string; effectiveFrom: string; basis: string[] },
    by: { recordId: string; blindIndex: string; actor: AuditActor; now: string },
  ) {
    const { record, envelope } = prior;
    await this.deps.audit.append({
      eventId: `record.unseal:${record.recordId}:${by.recordId}`,
      at: by.now,
      actor: by.actor,
      action: 'record.unseal',
      recordId: record.recordId,
      blindIndex: by.blindIndex,
      legalBasis: plan.basis,
    });
    const reopened: RecordEnvelope = {
      ...envelope,
      unsealing: { from: plan.effectiveFrom, basis: plan.basis, byRecordId: by.recordId },
    };
    const { conviction } = decideSealing(factsOf(envelope.submission));
    await this.deps.records.unseal(record.recordId, {
      expectedVersion: record.version,
      envelope: await this.deps.cipher.encrypt(
        encoder.encode(JSON.stringify(reopened)),
        'records',
        envelopeContext(record.recordId),
      ),
      disclosableBlindIndex: conviction ? record.blindIndex : undefined,
      unsealedFrom: plan.effectiveFrom,
      updatedAt: by.now,
    });
  }
}
