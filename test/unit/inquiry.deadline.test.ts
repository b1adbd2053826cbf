/**
 * An inquiry application's decision period and its notice (IM arts. 16–17; RULES.md §5): the
 * addressed agency's own period counted from the day of receipt in China Standard Time, a
 * provisional deadline restated on the current calendar and never made earlier, overdue only
 * while pending and after the deadline day; the notice every disclosure carries, word for word.
 */
import { describe, expect, it } from 'vitest';
import { parseCivilDate as d } from '#shared/domain/calendar.ts';
import {
  currentDecisionDeadline,
  DISCLOSURE_NOTICE,
  decisionDeadline,
  inquiryStatuses,
  isOverdue,
  NARROWEST_SCOPE,
} from '#shared/domain/inquiry/inquiry.ts';
import { prcWorkingDays, WorkingDayCalendar } from '#shared/domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, SPP_INQUIRY_DECISION_PERIOD } from '#shared/domain/law/parameters.ts';

/** A deployment that gives procuratorates the SPP's seven calendar days. */
const spp = {
  ...LEGAL_PARAMETERS,
  inquiryDecision: {
    ...LEGAL_PARAMETERS.inquiryDecision,
    procuratorate: SPP_INQUIRY_DECISION_PERIOD,
  },
};

describe('Function: decisionDeadline', () => {
  // Tuesday 30 September 2025, 10:00 in Beijing; 1–8 October off, Saturday 11 October worked.
  const received = new Date('2025-09-30T02:00:00Z');

  it('three working days by default, for every agency', () => {
    for (const role of ['court', 'procuratorate', 'police', 'justice'] as const) {
      expect(decisionDeadline(received, role, prcWorkingDays), role).toEqual({
        decideBy: '2025-10-11',
        calendar: 'official',
      });
    }
  });

  it('the addressed agency’s own period where the parameters give it one', () => {
    // Seven calendar days: 7 October, a holiday; the next working day is Thursday 9 October.
    expect(decisionDeadline(received, 'procuratorate', prcWorkingDays, spp)).toEqual({
      decideBy: '2025-10-09',
      calendar: 'official',
    });
    expect(decisionDeadline(received, 'court', prcWorkingDays, spp).decideBy).toBe('2025-10-11');
  });

  it('says when the deadline was counted on the law’s holidays only', () => {
    expect(decisionDeadline(new Date('2026-12-30T02:00:00Z'), 'police', prcWorkingDays)).toEqual({
      decideBy: '2027-01-05',
      calendar: 'provisional',
    });
  });
});

describe('Function: currentDecisionDeadline', () => {
  const agency = { role: 'court' as const, org: 'court-0105' };
  /** The State Council's 2027 schedule, hypothetically with Monday 4 January off as well. */
  const later = new WorkingDayCalendar({
    holidays: { '2026-10-01': 'x', '2027-01-01': 'x', '2027-01-04': 'x' },
    workdays: {},
  });
  /** …or with Saturday 2 January worked in lieu. */
  const earlier = new WorkingDayCalendar({
    holidays: { '2026-10-01': 'x', '2027-01-01': 'x' },
    workdays: { '2027-01-02': 'x' },
  });
  const provisional = {
    receivedAt: '2026-12-29T02:00:00.000Z',
    agency,
    decideBy: d('2027-01-04'),
    calendar: 'provisional' as const,
  };

  it('keeps an official deadline, whatever the calendar says now', () => {
    const official = { ...provisional, calendar: 'official' as const };
    expect(currentDecisionDeadline(official, later)).toEqual({
      decideBy: '2027-01-04',
      calendar: 'official',
    });
  });

  it('restates a provisional deadline later when the schedule has more days off', () => {
    expect(currentDecisionDeadline(provisional, later)).toEqual({
      decideBy: '2027-01-05',
      calendar: 'official',
    });
  });

  it('never makes a provisional deadline earlier than first stated', () => {
    expect(currentDecisionDeadline(provisional, earlier)).toEqual({
      decideBy: '2027-01-04',
      calendar: 'official',
    });
  });

  it('recounts in the agency’s own period, from the day of receipt', () => {
    const procuratorate = {
      ...provisional,
      agency: { role: 'procuratorate' as const, org: 'pro-0105' },
      decideBy: d('2027-01-04'),
    };
    // Seven calendar days after 29 December 2026: Tuesday 5 January 2027.
    expect(currentDecisionDeadline(procuratorate, earlier, spp)).toEqual({
      decideBy: '2027-01-05',
      calendar: 'official',
    });
    // By default three working days, the third Saturday 2 January: kept on the 4th as stated.
    expect(currentDecisionDeadline(procuratorate, earlier).decideBy).toBe('2027-01-04');
    // Received on 31 December (Beijing) instead: three working days end on 7 January.
    expect(
      currentDecisionDeadline({ ...provisional, receivedAt: '2026-12-30T16:30:00.000Z' }, later),
    ).toEqual({ decideBy: '2027-01-07', calendar: 'official' });
  });
});

describe('Function: isOverdue', () => {
  const decideBy = d('2025-10-11');

  it('is overdue from the day after the deadline day, China Standard Time', () => {
    const pending = { status: 'pending' as const, decideBy };
    expect(isOverdue(pending, new Date('2025-10-10T16:00:00Z'))).toBe(false); // 11 Oct, 00:00
    expect(isOverdue(pending, new Date('2025-10-11T15:59:59Z'))).toBe(false); // 11 Oct, 23:59
    expect(isOverdue(pending, new Date('2025-10-11T16:00:00Z'))).toBe(true); // 12 Oct, 00:00
  });

  it('is never overdue once decided, either way', () => {
    for (const status of ['approved', 'refused'] as const) {
      expect(isOverdue({ status, decideBy }, new Date('2026-01-01T00:00:00Z')), status).toBe(false);
    }
  });
});

describe('Data: the inquiry', () => {
  it('is pending, approved or refused', () => {
    expect(inquiryStatuses).toEqual(['pending', 'approved', 'refused']);
  });

  it('asks for no free-form material unless the application says so', () => {
    expect(NARROWEST_SCOPE).toEqual({ details: false });
  });

  it('carries the notice of IM art. 17, word for word, in both languages', () => {
    expect(DISCLOSURE_NOTICE).toStrictEqual({
      version: '2022-05-30.1',
      zh: '本查询结果仅可用于申请中载明的查询目的和范围，不得用于其他用途；查询单位及相关人员应当对查询获取的信息予以保密，不得泄露或者提供给他人。违反规定使用或者泄露的，依法追究法律责任。',
      en: 'This result may be used only for the purpose and within the scope stated in the application, and for no other use. The inquiring unit and its staff must keep the information confidential and must not disclose it or pass it to anyone. Use or disclosure in breach of these terms is pursued under the law.',
      basis: 'IM art. 17',
    });
  });
});
