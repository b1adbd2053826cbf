/**
 * The steps of a complaint (shared/domain/oversight/complaints.ts; IM art. 21, RULES.md §6)
 * and which corrective opinions may be put to review (opinions.ts; SPP arts. 552–554).
 */
import { describe, expect, it } from 'vitest';
import {
  type ComplaintAction,
  type ComplaintStatus,
  complaintStatuses,
  mayTakeOnComplaint,
} from '#shared/domain/oversight/complaints.ts';
import { isReviewable, opinionKinds } from '#shared/domain/oversight/opinions.ts';

describe('the steps of a complaint', () => {
  const table: Record<ComplaintAction, ComplaintStatus[]> = {
    answer: ['received'],
    resolve: ['received', 'answered'],
  };
  it.each(Object.entries(table))('%s only from %j', (action, from) => {
    for (const status of complaintStatuses) {
      expect(
        mayTakeOnComplaint(action as ComplaintAction, status),
        `${action} from ${status}`,
      ).toBe(from.includes(status));
    }
  });
});

describe('review of a corrective opinion', () => {
  it('may be asked of a written opinion only, never of an oral note', () => {
    expect(opinionKinds.filter(isReviewable)).toEqual([
      'correction-notice',
      'procuratorial-recommendation',
    ]);
  });
});
