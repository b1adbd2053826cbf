/**
 * Use case of the sealing service: apply a newly stored record's effects on other records
 * (DESIGN.md invariant 8) — supersession, unsealing on grounds 1–3, flags that depend on the
 * person's other records — and the notices and reviews that tell the agencies owning the
 * affected records about each. The submitter of the record that caused them is told nothing
 * it could not know from its own record. (The joint-crime mark is not an effect: it is decided
 * at ingestion from the record's own facts.)
 *
 * Runs off the request path, at least once per record (SQS, or the local in-process queue),
 * and is idempotent: every write is conditional or a repeat of the same value, every audit
 * event has a deterministic ID, every notice a deterministic ID. A crash anywhere leaves the
 * record `effectsPending`, and the next delivery completes the work.
 *
 * Each change is audited before it is written; a record entering the disclosable set does so
 * before its record changes, one leaving it after — a crash errs towards disclosure.
 */
import { createHash } from 'node:crypto';
import type { AgencyRole } from '../domain/agencies.ts';
import { sealingNoticeRoles } from '../domain/directory/agencyDirectory.ts';
import { prcWorkingDays } from '../domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import { acknowledgementDeadline } from '../domain/oversight/noticeDeadline.ts';
import { ownRecordView } from '../domain/ownRecords.ts';
import type { ReviewFlag } from '../domain/record.ts';
import { decodeEnvelope, encodeEnvelope, type RecordEnvelope } from '../domain/recordEnvelope.ts';
import {
  decidePersonEffects,
  isDisclosable,
  type PersonRecord,
  type RecordEffects,
} from '../domain/sealing/personEffects.ts';
import { factsOf } from '../domain/submission.ts';
import type { AgencyDirectory } from '../ports/agencyDirectory.ts';
import type { AuditActor, AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Notice, NoticeKind, NoticeStore } from '../ports/notices.ts';
import { type OwnRecordsWriter, ownRecordEnvelopeContext } from '../ports/ownRecords.ts';
import {
  type DisclosableConvictions,
  linkKeys,
  type RecordLinks,
  type RecordStore,
  recordEnvelopeContext,
  type StoredRecord,
} from '../ports/recordStore.ts';
import type { ReviewStore } from '../ports/reviews.ts';
import type { SealingApplicationReader } from '../ports/sealingApplications.ts';
import type { SealingWork } from '../ports/sealingQueue.ts';
import { disclosableEntryOf } from './disclosableEntry.ts';
import { reviewToOpen } from './reviews.ts';

export type ApplySealingEffectsDependencies = {
  records: RecordStore;
  links: RecordLinks;
  disclosable: DisclosableConvictions;
  cipher: EnvelopeCipher;
  audit: AuditLog;
  notices: NoticeStore;
  directory: AgencyDirectory;
  /** The person's own view, written as each record's state is decided. */
  ownRecords: OwnRecordsWriter;
  /** Decided sealing applications, read by state only (never their envelopes). */
  applications: SealingApplicationReader;
  reviews: ReviewStore;
  clock: Clock;
  params?: LegalParameters;
};

/** The sealing service acts on behalf of the submission that caused the work. */
export const SEALING_SERVICE_ACTOR: AuditActor = {
  subject: 'sealing-service',
  role: 'system',
  organisation: 'sealing-service',
};

type OpenRecord = { record: StoredRecord; envelope: RecordEnvelope };

export type SealingEffectsOutcome = {
  recordId: string;
  /** false when the record no longer exists (its ingestion was undone). */
  found: boolean;
  unsealed: number;
  superseded: number;
  flagged: number;
  notices: number;
  reviews: number;
};

function noticeIdFor(kind: NoticeKind, recordId: string, role: string, org: string): string {
  return createHash('sha256')
    .update(JSON.stringify(['notice:v1', kind, recordId, role, org]))
    .digest('base64url')
    .slice(0, 32);
}

export class ApplySealingEffects {
  private readonly deps: ApplySealingEffectsDependencies;
  readonly #params: LegalParameters;

  constructor(deps: ApplySealingEffectsDependencies) {
    this.deps = deps;
    this.#params = deps.params ?? LEGAL_PARAMETERS;
  }

  /**
   * Applies the record's effects. A record that is not stored — its ingestion was undone,
   * and the ingestion asked for its entry to be reconciled (`SealingQueue.reconcile`) — has
   * no place in the disclosable set: its entry goes, and the record is read again, for a
   * retried ingestion may have stored it in between; stored, it is applied as any record,
   * which puts a disclosable conviction's entry back. Either way the entry follows the record
   * as stored, never the message: a message naming a stored conviction removes nothing.
   */
  async execute(work: SealingWork): Promise<SealingEffectsOutcome> {
    const outcome: SealingEffectsOutcome = {
      recordId: work.recordId,
      found: false,
      unsealed: 0,
      superseded: 0,
      flagged: 0,
      notices: 0,
      reviews: 0,
    };
    let record = await this.deps.records.get(work.recordId);
    if (record === undefined) {
      // Only the asking attempt's own entry: a retry may have written it again since, and be
      // about to store the record (without `attempt`, as messages sent before it: any entry).
      await this.deps.disclosable.remove(work.personIndex, work.recordId, work.attempt);
      record = await this.deps.records.get(work.recordId);
      if (record === undefined) return outcome;
    }
    outcome.found = true;
    const self = await this.open(record);

    const selfChanged = await this.applyPersonEffects(self, outcome);
    // Opened again only when the person's effects just changed this very record (each
    // opening is a read and a KMS Decrypt).
    const current = selfChanged ? (await this.load([record.recordId])).get(record.recordId) : self;
    if (current) {
      await this.sendSealingNotices(current, outcome);
      await this.tellThePerson(current.record, current.envelope);
      // The flags its own facts raised at ingestion, for its owner to review.
      outcome.reviews += await this.openReviews(
        current.record,
        current.envelope.decision.reviewFlags,
        record.recordId,
      );
    }
    await this.deps.records.completeEffects(record.recordId);
    return outcome;
  }

  /**
   * A decision to seal on the person's application (API.md, The person's own view): the
   * records of that person and case that the deciding organisation holds, still open and not
   * replaced, are sealed the way ingestion seals — status `sealed`, out of the disclosable
   * set, re-encrypted under the sealed-archive key, which only this service may do — with the
   * decision kept in the record's history (`effects.sealedOnApplication`), the sealing notices
   * of IM arts. 11–13 and the person told. Idempotent: a sealed record is left as it is.
   */
  async sealOnApplication(work: { applicationId: string }): Promise<SealingEffectsOutcome> {
    const outcome: SealingEffectsOutcome = {
      recordId: work.applicationId,
      found: false,
      unsealed: 0,
      superseded: 0,
      flagged: 0,
      notices: 0,
      reviews: 0,
    };
    const application = await this.deps.applications.get(work.applicationId);
    if (application?.status !== 'decided' || application.decision !== 'seal') return outcome;
    outcome.found = true;
    const decidedAt = application.decidedAt ?? this.deps.clock.now().toISOString();
    // The person's records of that case, by their plain routing attributes; only those are
    // opened (each opening is a KMS Decrypt).
    const ofPerson = await this.deps.links.recordIdsUnder(
      linkKeys.person(application.applicantIndex),
    );
    const ofCase: string[] = [];
    for (const id of ofPerson) {
      if ((await this.deps.records.get(id))?.caseIndex === application.caseIndex) ofCase.push(id);
    }
    const candidates = await this.load(ofCase);
    const held = [...candidates.values()].filter(
      ({ record }) =>
        record.owningRole === application.agency.role &&
        record.owningAgency === application.agency.org &&
        record.supersededBy === undefined,
    );
    const basis = [
      this.#params.basis.juvenileRecordSealing,
      this.#params.basis.sealedCriminalRecords,
    ];
    if (held.length === 0) {
      await this.deps.audit.append({
        eventId: `sealing-application.no-record:${work.applicationId}`,
        at: this.deps.clock.now().toISOString(),
        actor: SEALING_SERVICE_ACTOR,
        action: 'sealing-application.no-record',
        recordId: work.applicationId,
        blindIndex: application.applicantIndex,
      });
      return outcome;
    }
    for (const { record, envelope } of held) {
      if (record.status === 'sealed') continue;
      await this.deps.audit.append({
        eventId: `record.seal-on-application:${record.recordId}:${work.applicationId}`,
        at: this.deps.clock.now().toISOString(),
        actor: SEALING_SERVICE_ACTOR,
        action: 'record.seal-on-application',
        recordId: record.recordId,
        blindIndex: record.blindIndex,
        legalBasis: basis,
        causedBy: work.applicationId,
      });
      const effects: NonNullable<RecordEnvelope['effects']> = {
        reviewFlags: envelope.effects?.reviewFlags ?? [],
        ...envelope.effects,
        sealedOnApplication: { applicationId: work.applicationId, at: decidedAt, basis },
      };
      const sealed = { ...envelope, effects };
      await this.deps.records.change(record.recordId, {
        expectedVersion: record.version,
        envelope: await this.deps.cipher.encrypt(
          encodeEnvelope(sealed),
          'sealed-archive',
          recordEnvelopeContext(record.recordId),
        ),
        keyClass: 'sealed-archive',
        status: 'sealed',
        supersededBy: record.supersededBy,
        unsealedFrom: record.unsealedFrom,
        unsealedBy: record.unsealedBy,
        updatedAt: decidedAt,
      });
      // Leaves the disclosable set after the record changed: a crash errs towards disclosure.
      await this.deps.disclosable.remove(record.blindIndex, record.recordId);
      const now: OpenRecord = {
        record: { ...record, status: 'sealed', keyClass: 'sealed-archive', updatedAt: decidedAt },
        envelope: sealed,
      };
      await this.sendSealingNotices(now, outcome, decidedAt);
      await this.tellThePerson(now.record, now.envelope);
    }
    return outcome;
  }

  private async open(record: StoredRecord): Promise<OpenRecord> {
    const plaintext = await this.deps.cipher.decrypt(
      record.envelope,
      record.keyClass,
      recordEnvelopeContext(record.recordId),
    );
    return { record, envelope: decodeEnvelope(plaintext) };
  }

  private async load(recordIds: Iterable<string>): Promise<Map<string, OpenRecord>> {
    const loaded = new Map<string, OpenRecord>();
    for (const recordId of new Set(recordIds)) {
      const record = await this.deps.records.get(recordId);
      if (record) loaded.set(recordId, await this.open(record));
    }
    return loaded;
  }

  /**
   * The person's record IDs, this record's among them. Linked first, read after: of two
   * records of one person processed at once, the later read sees the other's link. The
   * ingestion links a record before it queues it, so the read usually finds it linked already
   * and nothing is written; a record it did not get to link (a crash between the record's
   * write and its link) is linked here and the person's records read again.
   */
  private async personRecordIds(record: StoredRecord): Promise<string[]> {
    const key = linkKeys.person(record.blindIndex);
    const ids = await this.deps.links.recordIdsUnder(key);
    if (ids.includes(record.recordId)) return ids;
    await this.deps.links.link(record.recordId, [key]);
    return this.deps.links.recordIdsUnder(key);
  }

  /** True when it changed the record being applied itself. */
  private async applyPersonEffects(
    self: OpenRecord,
    outcome: SealingEffectsOutcome,
  ): Promise<boolean> {
    const ids = await this.personRecordIds(self.record);
    const person = await this.load(ids.filter((id) => id !== self.record.recordId));
    person.set(self.record.recordId, self);
    const asPersonRecord = ({ record, envelope }: OpenRecord): PersonRecord => ({
      recordId: record.recordId,
      facts: factsOf(envelope.submission),
      caseIndex: record.caseIndex,
      combinedWith: (envelope.submission.combinedWith ?? []).map((c) => c.caseIndex),
      supersedes: envelope.submission.supersedesRecordId,
      unsealedBy: record.unsealedBy,
    });
    const effects = decidePersonEffects([...person.values()].map(asPersonRecord), this.#params);
    let selfChanged = false;
    for (const [recordId, state] of effects) {
      const current = person.get(recordId);
      if (!current) continue;
      const changed = await this.applyState(current, state, self.record.recordId, outcome);
      if (changed && recordId === self.record.recordId) selfChanged = true;
    }
    return selfChanged;
  }

  /**
   * The record's entry in the disclosable set, with its letter facts taken from the stored
   * record — the authority: this also repairs an entry another write left behind.
   */
  private async addDisclosable({ record, envelope }: OpenRecord): Promise<void> {
    await this.deps.disclosable.add(
      await disclosableEntryOf(this.deps.cipher, record, factsOf(envelope.submission)),
    );
  }

  /**
   * Brings one record to its decided state in one conditional write, audited first. True
   * when it wrote the record.
   */
  private async applyState(
    current: OpenRecord,
    state: RecordEffects,
    causedBy: string,
    outcome: SealingEffectsOutcome,
  ): Promise<boolean> {
    const { record, envelope } = current;
    const now = this.deps.clock.now().toISOString();
    const stored = envelope.effects ?? { reviewFlags: [] };
    const newFlags = state.reviewFlags.filter(
      (flag) => !stored.reviewFlags.includes(flag) && !envelope.decision.reviewFlags.includes(flag),
    );
    const supersede = state.supersededBy !== undefined && record.supersededBy === undefined;
    const unseal = state.unsealing !== undefined && record.status === 'sealed';
    const disclosableNow = isDisclosable({
      conviction: record.recordType === 'judgment',
      sealed: record.status === 'sealed',
      supersededBy: record.supersededBy,
    });
    const disclosableAfter = isDisclosable({
      conviction: record.recordType === 'judgment',
      sealed: record.status === 'sealed' && !unseal,
      supersededBy: record.supersededBy ?? state.supersededBy,
    });
    if (!supersede && !unseal && newFlags.length === 0) {
      // Nothing to change; still repair what an interrupted attempt may have left undone
      // after its write: the owner's notice, a conviction's disclosable entry.
      await this.renotifyOwner(current, state, now);
      // Reviews of flags an interrupted attempt wrote but did not get to open.
      outcome.reviews += await this.openReviews(record, stored.reviewFlags, causedBy);
      if (record.recordType !== 'judgment') return false;
      if (disclosableAfter) await this.addDisclosable(current);
      else await this.deps.disclosable.remove(record.blindIndex, record.recordId);
      return false;
    }

    const { audit } = this.deps;
    const base = { at: now, actor: SEALING_SERVICE_ACTOR, recordId: record.recordId, causedBy };
    if (supersede) {
      await audit.append({
        ...base,
        eventId: `record.supersede:${record.recordId}:${state.supersededBy}`,
        action: 'record.supersede',
        blindIndex: record.blindIndex,
      });
    }
    if (unseal && state.unsealing) {
      await audit.append({
        ...base,
        eventId: `record.unseal:${record.recordId}:${state.unsealing.byRecordId}`,
        action: 'record.unseal',
        blindIndex: record.blindIndex,
        legalBasis: state.unsealing.basis,
      });
    }
    if (newFlags.length > 0) {
      await audit.append({
        ...base,
        eventId: `record.flag:${record.recordId}:${[...newFlags].sort().join(',')}`,
        action: 'record.flag',
        reviewFlags: newFlags,
      });
    }

    const effects: NonNullable<RecordEnvelope['effects']> = {
      reviewFlags: [...stored.reviewFlags, ...newFlags] as ReviewFlag[],
      ...(stored.unsealing || (unseal && state.unsealing)
        ? {
            unsealing:
              stored.unsealing ??
              (state.unsealing && {
                from: state.unsealing.effectiveFrom,
                basis: state.unsealing.basis,
                byRecordId: state.unsealing.byRecordId,
              }),
          }
        : {}),
      ...((stored.supersededBy ?? state.supersededBy)
        ? { supersededBy: stored.supersededBy ?? state.supersededBy }
        : {}),
    };
    const keyClass = unseal ? 'records' : record.keyClass;
    if (disclosableAfter && !disclosableNow) await this.addDisclosable(current);
    await this.deps.records.change(record.recordId, {
      expectedVersion: record.version,
      envelope: await this.deps.cipher.encrypt(
        encodeEnvelope({ ...envelope, effects }),
        keyClass,
        recordEnvelopeContext(record.recordId),
      ),
      keyClass,
      status: unseal ? 'open' : record.status,
      supersededBy: record.supersededBy ?? state.supersededBy,
      unsealedFrom: unseal ? state.unsealing?.effectiveFrom : record.unsealedFrom,
      unsealedBy: unseal ? state.unsealing?.byRecordId : record.unsealedBy,
      updatedAt: now,
    });
    if (!disclosableAfter) await this.deps.disclosable.remove(record.blindIndex, record.recordId);
    await this.tellThePerson(
      {
        ...record,
        status: unseal ? 'open' : record.status,
        supersededBy: record.supersededBy ?? state.supersededBy,
        updatedAt: now,
      },
      { ...envelope, effects },
    );

    if (supersede) {
      outcome.superseded += 1;
      outcome.notices += await this.notifyOwner(record, 'superseded', now);
    }
    if (unseal) {
      outcome.unsealed += 1;
      outcome.notices += await this.notifyOwner(record, 'unsealed', now);
    }
    if (newFlags.length > 0) {
      outcome.flagged += 1;
      outcome.reviews += await this.openReviews(record, newFlags, causedBy);
    }
    return true;
  }

  /**
   * The notice of a supersession or unsealing already written — by an attempt that stopped
   * before its notice (a crash, a failed write). Notice IDs and their audit events are
   * deterministic, so a notice that exists is not created again.
   */
  private async renotifyOwner(current: OpenRecord, state: RecordEffects, now: string) {
    const { record } = current;
    let repaired = false;
    if (state.supersededBy !== undefined && record.supersededBy === state.supersededBy) {
      await this.notifyOwner(record, 'superseded', now);
      repaired = true;
    }
    if (
      state.unsealing !== undefined &&
      record.status === 'open' &&
      record.unsealedBy === state.unsealing.byRecordId
    ) {
      await this.notifyOwner(record, 'unsealed', now);
      repaired = true;
    }
    // The person's view too, in case the attempt stopped before writing it.
    if (repaired) await this.tellThePerson(record, current.envelope);
  }

  /**
   * The person's own view of this record as it now stands (RULES.md §3: the person is told
   * when a record is sealed or unsealed), under the person-view key — never the record's
   * own. Written whole from the record's state, so a repeat writes the same entry.
   */
  private async tellThePerson(record: StoredRecord, envelope: RecordEnvelope) {
    const view = ownRecordView(record, envelope);
    await this.deps.ownRecords.put({
      personIndex: record.blindIndex,
      recordId: record.recordId,
      updatedAt: record.updatedAt,
      envelope: await this.deps.cipher.encrypt(
        new TextEncoder().encode(JSON.stringify(view)),
        'person-view',
        ownRecordEnvelopeContext(record.recordId),
      ),
    });
  }

  /**
   * A review of each flag for the organisation that owns the record (API.md, Reviews) —
   * never for the submitter of the record that raised it. Audited first; review IDs and
   * their events are deterministic, so opening one again changes nothing.
   */
  private async openReviews(
    record: StoredRecord,
    flags: readonly ReviewFlag[],
    causedBy: string,
  ): Promise<number> {
    const at = this.deps.clock.now();
    let opened = 0;
    for (const flag of flags) {
      const review = reviewToOpen(
        {
          recordId: record.recordId,
          owner: { role: record.owningRole, org: record.owningAgency },
          flag,
          causedBy,
          at,
        },
        this.#params,
      );
      await this.deps.audit.append({
        eventId: `review.open:${review.reviewId}`,
        at: at.toISOString(),
        actor: SEALING_SERVICE_ACTOR,
        action: 'review.open',
        recordId: record.recordId,
        reviewId: review.reviewId,
        reviewFlags: [flag],
        ...(review.causedBy !== undefined ? { causedBy: review.causedBy } : {}),
      });
      if ((await this.deps.reviews.open(review)) === 'opened') opened += 1;
    }
    return opened;
  }

  /**
   * IM arts. 11–13 (RULES.md §3): a sealed record's notice to the agencies that must seal
   * their copies — the same-division procuratorate and police of the sealing organisation,
   * from the agency directory, the justice bureau (community corrections) after a
   * non-custodial sentence — and to any more the submitter named in `notify`. An organisation
   * the directory does not list is audited, so that the notices it could not route are found.
   */
  private async sendSealingNotices(
    self: OpenRecord,
    outcome: SealingEffectsOutcome,
    sealedAt = self.record.createdAt,
  ) {
    const { record, envelope } = self;
    if (record.status !== 'sealed') return;
    const recipients = new Map<string, { role: string; org: string }>();
    const sealedBy = { role: record.owningRole as AgencyRole, org: record.owningAgency };
    const entry = await this.deps.directory.entry(sealedBy.org);
    if (entry === undefined || entry.role !== sealedBy.role) {
      await this.deps.audit.append({
        eventId: `notice.no-directory-entry:${record.recordId}`,
        at: this.deps.clock.now().toISOString(),
        actor: SEALING_SERVICE_ACTOR,
        action: 'notice.no-directory-entry',
        recordId: record.recordId,
        legalBasis: [this.#params.basis.sealingNotices],
      });
    } else {
      const sentence = envelope.submission.sentence;
      const nonCustodial =
        record.recordType === 'judgment' &&
        (sentence?.penalty === 'public-surveillance' || sentence?.suspended === true);
      for (const role of sealingNoticeRoles({ sealedBy, nonCustodial })) {
        for (const agency of await this.deps.directory.inDivision(entry.division, role)) {
          if (agency.org !== sealedBy.org) recipients.set(`${agency.role}#${agency.org}`, agency);
        }
      }
    }
    for (const agency of envelope.submission.notify ?? []) {
      recipients.set(`${agency.role}#${agency.org}`, agency);
    }
    for (const recipient of recipients.values()) {
      outcome.notices += await this.createNotice('sealed', record, recipient, sealedAt);
    }
  }

  private async notifyOwner(record: StoredRecord, kind: NoticeKind, at: string) {
    return this.createNotice(
      kind,
      record,
      { role: record.owningRole, org: record.owningAgency },
      at,
    );
  }

  private async createNotice(
    kind: NoticeKind,
    record: StoredRecord,
    recipient: { role: string; org: string },
    at: string,
  ): Promise<number> {
    const noticeId = noticeIdFor(kind, record.recordId, recipient.role, recipient.org);
    const deadline = acknowledgementDeadline(at, prcWorkingDays, this.#params);
    const notice: Notice = {
      noticeId,
      kind,
      recordId: record.recordId,
      recipient,
      at,
      acknowledgeBy: deadline.acknowledgeBy,
      ...(deadline.calendar === 'provisional' ? { calendar: deadline.calendar } : {}),
    };
    await this.deps.audit.append({
      eventId: `notice.create:${noticeId}`,
      at: this.deps.clock.now().toISOString(),
      actor: SEALING_SERVICE_ACTOR,
      action: 'notice.create',
      recordId: record.recordId,
      noticeId,
      legalBasis: kind === 'sealed' ? [this.#params.basis.sealingNotices] : undefined,
    });
    await this.deps.notices.create(notice);
    return 1;
  }
}
