/**
 * Deadlines over real HTTP on a year the calendar data does not hold (RULES.md §5): the local
 * stack's clock starts on 29 December 2026 (`NOW`), so an inquiry's third working day and a
 * sealing notice's third day fall in 2027, whose State Council schedule is not announced yet:
 * counted with the holidays fixed in law, marked `provisional`, never on New Year's Day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ inMemory: true, now: new Date('2026-12-29T10:00:00+08:00') });
});
afterAll(async () => stack.close());

describe('deadlines across 2026 → 2027', () => {
  it('an inquiry received on 29 December 2026 is due on 4 January 2027, provisionally', async () => {
    const unit = await stack.token('unit', { org: 'kindergarten-cal', sub: 'hr-cal' });
    const person = syntheticPerson('2001-02-03');
    const received = await stack.post('/v1/inquiries', unit, {
      subject: { nationalId: person.nationalId, name: person.name },
      agency: { role: 'police', org: 'psb-0105' },
      legalBasis: 'teachers-law-14',
      reason: 'Applicant for a teaching post.',
      purpose: 'Recruitment of a teacher',
    });
    expect(received.status, received.text).toBe(202);
    expect(received.json).toMatchObject({ decideBy: '2027-01-04', calendar: 'provisional' });
    const read = await stack.request('GET', `/v1/inquiries/${received.json.inquiryId}`, {
      token: unit,
    });
    expect(read.json).toMatchObject({
      decideBy: '2027-01-04',
      calendar: 'provisional',
      overdue: false,
    });
  });

  it('a sealing notice of 29 December 2026 is to be confirmed by the end of 4 January 2027', async () => {
    const court = await stack.token('court', { org: 'court-cal' });
    const police = await stack.token('police', { org: 'psb-cal' });
    const sealed = await submitRecord(
      stack,
      court,
      judgment({
        person: syntheticPerson('2008-05-05'),
        offenceDate: '2024-01-10',
        effectiveDate: '2024-06-01',
        months: 6,
        notify: [{ role: 'police', org: 'psb-cal' }],
      }),
      { sealed: true },
    );
    await stack.drainSealingQueue();
    const notices = (await stack.request('GET', '/v1/notices', { token: police })).json
      .notices as Record<string, unknown>[];
    expect(notices.find((n) => n.recordId === sealed.recordId)).toMatchObject({
      // Three days after 29 December is 1 January, a holiday; then a weekend (CPL art. 105).
      acknowledgeBy: '2027-01-04T15:59:59.999Z',
      calendar: 'provisional',
      status: 'pending',
    });
  });
});
