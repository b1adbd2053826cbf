/**
 * Use cases of reviews (API.md, Reviews): the sealing service opens a review for the
 * organisation that owns each flagged record; that organisation's officials list their
 * reviews a page at a time and decide each once, with reasons. Every page read and every
 * decision is audited before its answer, attributed to the individual official.
 */
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { type CivilDate, chinaToday } from '../domain/calendar.ts';
import { uuidFromDigest } from '../domain/derivedUuid.ts';
import type { Official } from '../domain/inquiry/inquiry.ts';
import { prcWorkingDays } from '../domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import type { ReviewFlag } from '../domain/record.ts';
import { type ReviewOutcome, type ReviewView, reviewStatus } from '../domain/review/review.ts';
import { OversightNotFoundError, OversightStateError } from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Owner, ReviewStore, StoredReview } from '../ports/reviews.ts';

declare module '../ports/auditLog.ts' {
  interface AuditActions {
    /** The sealing service opened a review of a flagged record for its owner. */
    'review.open': { recordId: string; reviewId: string; reviewFlags: string[]; causedBy?: string };
    /** An official read a page of the organisation's reviews (the reviews listed named). */
    'review.list': { recordId: string; listed: string[] };
    /** An official decided a review. */
    'review.decide': { recordId: string; reviewId: string; outcome: string };
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Envelopes of a review's reasons are bound to the review. */
const reasonsContext = (reviewId: string) => ({ recordId: reviewId, purpose: 'review' });

/** Decryptions a page runs at once: enough to hide KMS latency, few enough to stay polite. */
const PAGE_DECRYPTIONS = 8;

/**
 * Deterministic per record and flag, a UUID (version 8, RFC 9562): the sealing service may
 * open it any number of times.
 */
export function reviewIdFor(recordId: string, flag: ReviewFlag): string {
  return uuidFromDigest(
    createHash('sha256')
      .update(JSON.stringify(['review:v1', recordId, flag]))
      .digest(),
  );
}

/**
 * The review a flag on `recordId` opens for its owner, due `reviewDecisionWorkingDays` PRC
 * working days after it was raised.
 */
export function reviewToOpen(
  input: { recordId: string; owner: Owner; flag: ReviewFlag; causedBy?: string; at: Date },
  params: LegalParameters = LEGAL_PARAMETERS,
): StoredReview {
  const { date } = prcWorkingDays.addWorkingDays(
    chinaToday(input.at),
    params.reviewDecisionWorkingDays,
  );
  return {
    reviewId: reviewIdFor(input.recordId, input.flag),
    owner: input.owner,
    recordId: input.recordId,
    flag: input.flag,
    ...(input.causedBy !== undefined && input.causedBy !== input.recordId
      ? { causedBy: input.causedBy }
      : {}),
    openedAt: input.at.toISOString(),
    decideBy: date,
  };
}

export type ReviewDependencies = {
  reviews: ReviewStore;
  cipher: EnvelopeCipher;
  audit: AuditLog;
  clock: Clock;
};

const ownerOf = (official: Official): Owner => ({ role: official.role, org: official.org });

const actorOf = (official: Official) => ({
  subject: official.subject,
  role: official.role,
  organisation: official.org,
});

export class AgencyReviews {
  private readonly deps: ReviewDependencies;
  readonly #limit = pLimit(PAGE_DECRYPTIONS);

  constructor(deps: ReviewDependencies) {
    this.deps = deps;
  }

  /** One page of the organisation's reviews, oldest-opened order by ID; one audit event per page. */
  async list(
    official: Official,
    request: { cursor?: string; limit: number },
  ): Promise<{ reviews: ReviewView[]; cursor?: string }> {
    const now = this.deps.clock.now();
    const owner = ownerOf(official);
    const page = await this.deps.reviews.page(owner, request);
    await this.deps.audit.append({
      eventId: `review.list:${official.subject}:${now.toISOString()}:${request.cursor ?? ''}`,
      at: now.toISOString(),
      actor: actorOf(official),
      action: 'review.list',
      recordId: `${owner.role}#${owner.org}`,
      listed: page.reviews.map((review) => review.reviewId),
    });
    const today = chinaToday(now);
    const reviews = await Promise.all(
      page.reviews.map((review) => this.#limit(() => this.view(review, today))),
    );
    return { reviews, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) };
  }

  /** Decides a pending review once (409 when decided already); audited before it is stored. */
  async decide(
    official: Official,
    reviewId: string,
    input: { outcome: ReviewOutcome; reasons: string },
  ): Promise<ReviewView> {
    const owner = ownerOf(official);
    const existing = await this.deps.reviews.get(owner, reviewId);
    if (existing === undefined) throw new OversightNotFoundError('not found');
    if (existing.decision !== undefined) throw new OversightStateError('out-of-order');
    const now = this.deps.clock.now();
    const at = now.toISOString();
    await this.deps.audit.append({
      eventId: `review.decide:${reviewId}`,
      at,
      actor: actorOf(official),
      action: 'review.decide',
      recordId: existing.recordId,
      reviewId,
      outcome: input.outcome,
    });
    const decision = {
      outcome: input.outcome,
      reasons: await this.deps.cipher.encrypt(
        encoder.encode(input.reasons),
        'oversight',
        reasonsContext(reviewId),
      ),
      decidedAt: at,
      decidedBy: official.subject,
    };
    const outcome = await this.deps.reviews.decide(owner, reviewId, decision);
    if (outcome === 'not-found') throw new OversightNotFoundError('not found');
    if (outcome === 'already') throw new OversightStateError('out-of-order');
    return this.view({ ...existing, decision }, chinaToday(now), input.reasons);
  }

  private async view(
    review: StoredReview,
    today: CivilDate,
    reasons?: string,
  ): Promise<ReviewView> {
    const { decision } = review;
    const text =
      decision === undefined
        ? undefined
        : (reasons ??
          decoder.decode(
            await this.deps.cipher.decrypt(
              decision.reasons,
              'oversight',
              reasonsContext(review.reviewId),
            ),
          ));
    return {
      reviewId: review.reviewId,
      recordId: review.recordId,
      flag: review.flag,
      ...(review.causedBy !== undefined ? { causedBy: review.causedBy } : {}),
      openedAt: review.openedAt,
      decideBy: review.decideBy,
      status: reviewStatus({ decideBy: review.decideBy, outcome: decision?.outcome }, today),
      ...(decision !== undefined
        ? {
            outcome: decision.outcome,
            reasons: text,
            decidedAt: decision.decidedAt,
            decidedBy: decision.decidedBy,
          }
        : {}),
    };
  }
}
