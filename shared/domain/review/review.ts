/**
 * Reviews (API.md, Reviews): every review flag on a record — raised by its own facts at
 * ingestion, or later by the sealing service because of the person's other records — opens a
 * review for the organisation that owns the record, which decides it with reasons: the reading
 * the rules applied is `confirmed`, or the record is `corrected` (by a new submission). A flag
 * that reaches nobody is a defect; overdue reviews show in the oversight summary.
 *
 * A review goes to the record's owner and to no one else: never to the submitter of another
 * record whose arrival raised it (DESIGN.md invariant 8).
 */
import { type CivilDate, compareCivilDates } from '../calendar.ts';
import type { ReviewFlag } from '../record.ts';

export const reviewOutcomes = ['confirmed', 'corrected'] as const;
export type ReviewOutcome = (typeof reviewOutcomes)[number];

export const reviewStatuses = ['pending', 'overdue', 'decided'] as const;
export type ReviewStatus = (typeof reviewStatuses)[number];

/** A review as its owner sees it (the reasons decrypted). */
export type ReviewView = {
  reviewId: string;
  recordId: string;
  flag: ReviewFlag;
  /** The record whose arrival raised the flag, when another one did. */
  causedBy?: string;
  openedAt: string;
  decideBy: CivilDate;
  status: ReviewStatus;
  outcome?: ReviewOutcome;
  reasons?: string;
  decidedAt?: string;
  decidedBy?: string;
};

/** Pending until decided; overdue once the day after `decideBy` has begun (China time). */
export function reviewStatus(
  review: { decideBy: CivilDate; outcome?: ReviewOutcome },
  today: CivilDate,
): ReviewStatus {
  if (review.outcome !== undefined) return 'decided';
  return compareCivilDates(today, review.decideBy) > 0 ? 'overdue' : 'pending';
}
