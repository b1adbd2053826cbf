/**
 * Port: reviews of flagged records, kept under the organisation that owns the record
 * (API.md, Reviews). Opened by the sealing service, read and decided by the owner's officials.
 */
import type { CivilDate } from '../domain/calendar.ts';
import type { ReviewFlag } from '../domain/record.ts';
import type { ReviewOutcome } from '../domain/review/review.ts';

export type Owner = { role: string; org: string };

export type StoredReview = {
  /** Deterministic per record and flag: opening it twice changes nothing. */
  reviewId: string;
  owner: Owner;
  recordId: string;
  flag: ReviewFlag;
  causedBy?: string;
  openedAt: string;
  decideBy: CivilDate;
  decision?: {
    outcome: ReviewOutcome;
    /** The reasons, inside an envelope (oversight key) bound to the review. */
    reasons: Uint8Array;
    decidedAt: string;
    decidedBy: string;
  };
};

export type ReviewPage = { reviews: StoredReview[]; cursor?: string };

export interface ReviewStore {
  /** Opens the review unless one with its ID exists (`exists`: nothing changed). */
  open(review: StoredReview): Promise<'opened' | 'exists'>;
  /** The owner's reviews in a stable order (review ID), `limit` at a time from `cursor`. */
  page(owner: Owner, request: { cursor?: string; limit: number }): Promise<ReviewPage>;
  get(owner: Owner, reviewId: string): Promise<StoredReview | undefined>;
  /** Decides a pending review once; `already` when it was decided, `not-found` for another owner's. */
  decide(
    owner: Owner,
    reviewId: string,
    decision: NonNullable<StoredReview['decision']>,
  ): Promise<'decided' | 'already' | 'not-found'>;
}
