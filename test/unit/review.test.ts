/**
 * The status of a review (shared/domain/review/review.ts; API.md, Reviews): decided once it
 * has an outcome; otherwise pending through its `decideBy` day and overdue from the day after.
 */
import { describe, expect, it } from 'vitest';
import { parseCivilDate as d } from '#shared/domain/calendar.ts';
import { reviewStatus } from '#shared/domain/review/review.ts';

describe('the status of a review', () => {
  const decideBy = d('2026-03-10');

  it('is pending the day before and the day it is due, overdue the day after', () => {
    expect(reviewStatus({ decideBy }, d('2026-03-09'))).toBe('pending');
    expect(reviewStatus({ decideBy }, d('2026-03-10'))).toBe('pending');
    expect(reviewStatus({ decideBy }, d('2026-03-11'))).toBe('overdue');
  });

  it('is decided once it has an outcome, late or not', () => {
    expect(reviewStatus({ decideBy, outcome: 'confirmed' }, d('2026-03-09'))).toBe('decided');
    expect(reviewStatus({ decideBy, outcome: 'corrected' }, d('2026-04-30'))).toBe('decided');
  });
});
