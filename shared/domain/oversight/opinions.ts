/**
 * Procuratorial supervision (IM art. 22; SPP rules 552–554; RULES.md §6): a corrective opinion
 * (an oral note, a notice to correct a violation, or a procuratorial recommendation) with a
 * reply due date; the agency replies with the measures it took, or asks once for review of a
 * disputed opinion, which the supervisor decides within 7 days; an opinion not replied to by
 * its due date is overdue.
 */
import { type CivilDate, chinaToday, compareCivilDates } from '../calendar.ts';
import { prcWorkingDays, type WorkingDayCalendar } from '../inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';

export const opinionKinds = [
  'oral-correction',
  'correction-notice',
  'procuratorial-recommendation',
] as const;
export type OpinionKind = (typeof opinionKinds)[number];

/** Stored states; `overdue` is derived from `replyDue` and shown in its place. */
export const opinionStates = [
  'issued',
  'replied',
  'review-requested',
  'upheld',
  'withdrawn',
] as const;
export type OpinionState = (typeof opinionStates)[number];
export type OpinionStatus = OpinionState | 'overdue';

export type OpinionAction = 'reply' | 'request-review' | 'decide-review';

/** Which stored states each step may leave from; anything else is out of order (409). */
const allowed: Record<OpinionAction, readonly OpinionState[]> = {
  // The measures taken: for an opinion in force — issued, or upheld on review.
  reply: ['issued', 'upheld'],
  // Once, and only before replying.
  'request-review': ['issued'],
  'decide-review': ['review-requested'],
};

export function mayTake(action: OpinionAction, state: OpinionState): boolean {
  return allowed[action].includes(state);
}

/**
 * Review may be requested only of a written opinion — a notice to correct a violation or a
 * procuratorial recommendation (RULES.md §6; SPP arts. 552–554) — never of an oral note.
 */
export function isReviewable(kind: OpinionKind): boolean {
  return kind === 'correction-notice' || kind === 'procuratorial-recommendation';
}

/** An opinion still awaiting the agency's reply after its due day (China Standard Time). */
export function opinionStatus(
  opinion: { state: OpinionState; replyDue: CivilDate },
  now: Date,
): OpinionStatus {
  const awaitingReply = opinion.state === 'issued' || opinion.state === 'upheld';
  return awaitingReply && compareCivilDates(chinaToday(now), opinion.replyDue) > 0
    ? 'overdue'
    : opinion.state;
}

/**
 * The day by which the supervisor decides a review request: `opinionReviewDecision` (SPP: 7
 * calendar days), ending on the next working day when the 7th is a holiday (CPL art. 105).
 */
export function reviewDecisionDue(
  requestedAt: Date,
  calendar: WorkingDayCalendar = prcWorkingDays,
  params: LegalParameters = LEGAL_PARAMETERS,
): CivilDate {
  return calendar.deadline(chinaToday(requestedAt), params.opinionReviewDecision).date;
}
