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
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import type { ReviewFlag } from '../domain/record.ts';
import { decodeEnvelope, encodeEnvelope, type RecordEnvelope } from '../domain/recordEnvelope.ts';
import {
  decidePersonEffects,
  isDisclosable,
  type PersonRecord,
  type RecordEffects,
} from '../domain/sealing/personEffects.ts';
import { factsOf } from '../domain/submission.ts';
import type { AuditActor, AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Notice, NoticeKind, NoticeStore } from '../ports/notices.ts';
import {
  type DisclosableConvictions,
  linkKeys,
  type RecordLinks,
  type RecordStore,
  recordEnvelopeContext,
  type StoredRecord,
} from '../ports/recordStore.ts';
import type { ReviewStore } from '../ports/reviews.ts';
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

const DAY_MS = 86_400_000;

function noticeIdFor(kind: NoticeKind, recordId: string, role: string, org: string): string {
  return createHash('sha256')
    .update(JSON.stringify(['notice:v1', kind, recordId, role, org]))
    .digest('base64url')
    .slice(0, 32);
}

export class ApplySealingEffects {
  readonly #params: LegalParameters;

  constructor(private readonly deps: ApplySealingEffectsDependencies) {
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
      await this.deps.disclosable.remove(work.personIndex, work.recordId);
      record = await this.deps.records.get(work.recordId);
      if (record === undefined) return outcome;
    }
    outcome.found = true;
    const self = await this.open(record);

    // Link first, read after: of two records of one person processed at once, one sees the other.
    await this.deps.links.link(record.recordId, [linkKeys.person(record.blindIndex)]);

    const selfChanged = await this.applyPersonEffects(self, outcome);
    // Opened again only when the person's effects just changed this very record (each
    // opening is a read and a KMS Decrypt).
    const current = selfChanged ? (await this.load([record.recordId])).get(record.recordId) : self;
    if (current) {
      await this.sendSealingNotices(current, outcome);
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

  /** True when it changed the record being applied itself. */
  private async applyPersonEffects(
    self: OpenRecord,
    outcome: SealingEffectsOutcome,
  ): Promise<boolean> {
    const ids = await this.deps.links.recordIdsUnder(linkKeys.person(self.record.blindIndex));
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
      await this.renotifyOwner(record, state, now);
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
  private async renotifyOwner(record: StoredRecord, state: RecordEffects, now: string) {
    if (state.supersededBy !== undefined && record.supersededBy === state.supersededBy) {
      await this.notifyOwner(record, 'superseded', now);
    }
    if (
      state.unsealing !== undefined &&
      record.status === 'open' &&
      record.unsealedBy === state.unsealing.byRecordId
    ) {
      await this.notifyOwner(record, 'unsealed', now);
    }
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

  /** IM arts. 11–13: a sealed record's notice to each agency that handled the case. */
  private async sendSealingNotices(self: OpenRecord, outcome: SealingEffectsOutcome) {
    if (self.record.status !== 'sealed') return;
    for (const recipient of self.envelope.submission.notify ?? []) {
      outcome.notices += await this.createNotice(
        'sealed',
        self.record,
        recipient,
        self.record.createdAt,
      );
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
    const acknowledgeBy = new Date(
      Date.parse(at) + this.#params.noticeAcknowledgementDays * DAY_MS,
    ).toISOString();
    const notice: Notice = {
      noticeId,
      kind,
      recordId: record.recordId,
      recipient,
      at,
      acknowledgeBy,
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
