import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import {
  mayTake,
  type OpinionAction,
  type OpinionState,
  opinionStates,
  opinionStatus,
  reviewDecisionDue,
} from '#shared/domain/oversight/opinions.ts';
import { noticeView } from '#shared/usecases/oversight.ts';

const d = parseCivilDate;

describe('Function: mayTake (corrective opinions)', () => {
  const table: Record<OpinionAction, OpinionState[]> = {
    reply: ['issued', 'upheld'],
    'request-review': ['issued'],
    'decide-review': ['review-requested'],
  };
  it.each(Object.entries(table))('%s only from %j', (action, from) => {
    for (const state of opinionStates) {
      expect(mayTake(action as OpinionAction, state), `${action} from ${state}`).toBe(
        from.includes(state),
      );
    }
  });
});

describe('Function: opinionStatus (injected clock, China Standard Time)', () => {
  const due = d('2026-03-10');
  it('is overdue from the day after the reply is due, while a reply is awaited', () => {
    expect(
      opinionStatus({ state: 'issued', replyDue: due }, new Date('2026-03-10T15:59:59Z')),
    ).toBe('issued');
    expect(
      opinionStatus({ state: 'issued', replyDue: due }, new Date('2026-03-10T16:00:00Z')),
    ).toBe('overdue');
    expect(
      opinionStatus({ state: 'upheld', replyDue: due }, new Date('2026-04-01T00:00:00Z')),
    ).toBe('overdue');
  });

  it('is never overdue once replied, under review or withdrawn', () => {
    for (const state of ['replied', 'review-requested', 'withdrawn'] as const) {
      expect(opinionStatus({ state, replyDue: due }, new Date('2027-01-01T00:00:00Z'))).toBe(state);
    }
  });

  it('gives the supervisor 7 calendar days to decide a review request (CPL art. 105)', () => {
    expect(reviewDecisionDue(new Date('2026-03-02T02:00:00Z'))).toBe('2026-03-09');
    // The 7th day, 8 March 2026, is a Sunday: the period ends on Monday.
    expect(reviewDecisionDue(new Date('2026-03-01T02:00:00Z'))).toBe('2026-03-09');
    // Requested 24 September 2026: the 7th day is 1 October, National Day (1–7 October off).
    expect(reviewDecisionDue(new Date('2026-09-24T02:00:00Z'))).toBe('2026-10-08');
  });
});

describe('Function: noticeView (injected clock)', () => {
  const notice = {
    noticeId: 'n1',
    kind: 'sealed' as const,
    recordId: 'r1',
    recipient: { role: 'police', org: 'psb-1' },
    at: '2026-03-01T00:00:00.000Z',
    acknowledgeBy: '2026-03-04T00:00:00.000Z',
  };
  it('is pending until it falls due, then overdue; acknowledged whenever confirmed', () => {
    expect(noticeView(notice, new Date('2026-03-03T23:59:59Z')).status).toBe('pending');
    expect(noticeView(notice, new Date('2026-03-04T00:00:01Z')).status).toBe('overdue');
    expect(
      noticeView({ ...notice, acknowledgedAt: '2026-03-05T00:00:00.000Z' }, new Date('2026-04-01'))
        .status,
    ).toBe('acknowledged');
  });
});
