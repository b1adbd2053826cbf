import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  type CivilDate,
  isoDayOfWeek,
  parseCivilDate,
} from '#shared/domain/calendar.ts';
import { decisionDeadline, isOverdue } from '#shared/domain/inquiry/inquiry.ts';
import {
  LUNAR_YEARS,
  NoCalendarForYearError,
  statutoryDaysOff,
} from '#shared/domain/inquiry/statutoryHolidays.ts';
import {
  prcWorkingDays,
  restateDeadline,
  WorkingDayCalendar,
} from '#shared/domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';

const d = parseCivilDate;

describe('Class: WorkingDayCalendar (PRC official calendar, chinese-days data)', () => {
  it('knows the announced years, through 2026', () => {
    expect(prcWorkingDays.announcedYears).toContain(2025);
    expect(prcWorkingDays.announcedYears).toContain(2026);
    expect(prcWorkingDays.isAnnounced(d('2027-03-01'))).toBe(false);
  });

  it.each([
    ['2025-10-01', false, 'National Day'],
    ['2025-10-08', false, 'National Day, a Wednesday'],
    ['2025-10-11', true, 'a Saturday worked in lieu'],
    ['2025-09-28', true, 'a Sunday worked in lieu'],
    ['2025-10-09', true, 'a Thursday'],
    ['2026-02-16', false, 'Spring Festival, a Monday'],
    ['2025-11-15', false, 'an ordinary Saturday'],
  ])('%s working: %s (%s)', (date, working) => {
    expect(prcWorkingDays.isWorkingDay(d(date))).toBe(working);
  });

  it('received 2025-09-30 → the third working day after is 2025-10-11', () => {
    expect(prcWorkingDays.addWorkingDays(d('2025-09-30'), 3)).toEqual({
      date: '2025-10-11',
      calendar: 'official',
    });
  });

  it('a year with no announced calendar is provisional, and never plain Monday–Friday', () => {
    expect(prcWorkingDays.addWorkingDays(d('2027-01-06'), 3)).toEqual({
      date: '2027-01-11',
      calendar: 'provisional',
    });
    // Across the year end: counted partly on the announced calendar, partly on the law's.
    expect(prcWorkingDays.addWorkingDays(d('2026-12-30'), 3).calendar).toBe('provisional');
  });

  it('refuses a year for which not even the holidays fixed in law can be stated', () => {
    expect(() => prcWorkingDays.isWorkingDay(d('2150-03-02'))).toThrow(NoCalendarForYearError);
  });

  const announcedDate = fc
    .integer({ min: 0, max: 365 * 2 - 10 })
    .map((n) => addCalendarDays(d('2025-01-01'), n));

  it('property: the deadline is a working day, exactly n working days after receipt', () => {
    fc.assert(
      fc.property(announcedDate, fc.integer({ min: 1, max: 7 }), (from, n) => {
        const { date } = prcWorkingDays.addWorkingDays(from, n);
        expect(prcWorkingDays.isWorkingDay(date)).toBe(true);
        let working = 0;
        for (let day = addCalendarDays(from, 1); day <= date; day = addCalendarDays(day, 1)) {
          if (prcWorkingDays.isWorkingDay(day)) working += 1;
        }
        expect(working).toBe(n);
      }),
    );
  });

  it('property: without announced data, no weekend works, nor any day the law gives off', () => {
    const empty = new WorkingDayCalendar({ holidays: {}, workdays: {} });
    fc.assert(
      fc.property(announcedDate, (date: CivilDate) => {
        if (isoDayOfWeek(date) > 5) expect(empty.isWorkingDay(date)).toBe(false);
        // Every day the law alone gives off was off in the State Council's schedule too.
        if (!empty.isWorkingDay(date) && isoDayOfWeek(date) <= 5) {
          expect(prcWorkingDays.isWorkingDay(date)).toBe(false);
        }
      }),
    );
  });
});

describe('Function: decisionDeadline', () => {
  it('counts from the day of receipt in China Standard Time', () => {
    // 2025-10-09 17:00 UTC is already 10 October in Beijing: the count starts a day later.
    expect(decisionDeadline(new Date('2025-10-09T15:00:00Z'), 'police', prcWorkingDays)).toEqual({
      decideBy: '2025-10-13',
      calendar: 'official',
    });
    expect(
      decisionDeadline(new Date('2025-10-09T17:00:00Z'), 'police', prcWorkingDays).decideBy,
    ).toBe('2025-10-14');
  });

  it('is overdue only after the deadline day, and only while pending', () => {
    const state = { status: 'pending' as const, decideBy: d('2025-10-11') };
    expect(isOverdue(state, new Date('2025-10-11T15:59:59Z'))).toBe(false);
    expect(isOverdue(state, new Date('2025-10-11T16:00:00Z'))).toBe(true);
    expect(isOverdue({ ...state, status: 'approved' }, new Date('2026-01-01T00:00:00Z'))).toBe(
      false,
    );
  });
});

describe('Provisional years: the holidays fixed in law (全国年节及纪念日放假办法 arts. 2, 6)', () => {
  /** The same calendar as if the State Council had announced nothing at all. */
  const noData = new WorkingDayCalendar({ holidays: {}, workdays: {} });
  const three = LEGAL_PARAMETERS.inquiryDecision.police;

  it.each([
    // received, nth working day, due, calendar, why
    ['2026-12-29', '2027-01-04', 'provisional', 'New Year’s Day 2027 (a Friday) is off'],
    ['2026-12-30', '2027-01-05', 'provisional', 'the weekend and New Year’s Day'],
    ['2026-12-24', '2026-12-29', 'official', 'all within the announced 2026'],
    [
      '2027-02-03',
      '2027-02-12',
      'provisional',
      'Spring Festival 2027: eve 5 Feb to the 3rd day, 6–7 Feb made up on 9–10 Feb',
    ],
    [
      '2027-09-29',
      '2027-10-07',
      'provisional',
      'National Day 2027: 1–3 Oct, 2–3 Oct made up on 4–5 Oct',
    ],
    ['2027-04-01', '2027-04-07', 'provisional', 'Qingming 2027 (5 April, the solar term)'],
    [
      '2027-06-07',
      '2027-06-11',
      'provisional',
      'Dragon Boat 2027 (9 June, 5th of the 5th lunar month)',
    ],
    [
      '2027-09-13',
      '2027-09-17',
      'provisional',
      'Mid-Autumn 2027 (15 September, 15th of the 8th lunar month)',
    ],
    [
      '2027-04-29',
      '2027-05-06',
      'provisional',
      'Labour Day 2027 (1–2 May, a weekend, made up on 3–4 May)',
    ],
  ])('received %s → due %s (%s): %s', (received, due, calendar) => {
    expect(prcWorkingDays.deadline(d(received), three)).toEqual({ date: due, calendar });
  });

  it('an inquiry received on 29 December 2026 is never due on New Year’s Day 2027', () => {
    const { decideBy } = decisionDeadline(
      new Date('2026-12-29T02:00:00Z'),
      'court',
      prcWorkingDays,
    );
    expect(decideBy).not.toBe('2027-01-01');
    expect(prcWorkingDays.isWorkingDay(d('2027-01-01'))).toBe(false);
  });

  it.each([
    // National Day in an announced year and in a year with no data at all.
    ['2026-10-01', false, 'official: National Day'],
    ['2026-10-07', false, 'official: the announced week off'],
    ['2026-10-10', true, 'official: a Saturday worked in lieu'],
    ['2030-10-01', false, 'no data: National Day, fixed in law'],
    ['2030-10-03', false, 'no data: National Day, 3rd day'],
    ['2030-10-04', true, 'no data: a Friday after National Day'],
    ['2030-02-02', false, 'no data: Spring Festival eve 2030 (a Saturday)'],
    ['2030-02-04', false, 'no data: Spring Festival, 3rd day'],
    ['2030-02-06', false, 'no data: made up for the eve and the first day, a weekend'],
    ['2030-02-08', true, 'no data: a Friday after the Spring Festival'],
    ['2030-01-01', false, 'no data: New Year’s Day'],
  ])('%s working: %s (%s)', (date, working) => {
    expect(prcWorkingDays.isWorkingDay(d(date))).toBe(working);
  });

  it('the law’s holidays of 2025 and 2026 are all in the State Council’s schedules', () => {
    for (const year of [2025, 2026]) {
      for (let day = d(`${year}-01-01`); day <= d(`${year}-12-31`); day = addCalendarDays(day, 1)) {
        // Weekends aside: the schedule may work one in lieu.
        if (!noData.isWorkingDay(day) && isoDayOfWeek(day) <= 5) {
          expect(prcWorkingDays.isWorkingDay(day), day).toBe(false);
        }
      }
    }
  });

  it('CPL art. 105: a period of days whose last day is a holiday ends on the next working day', () => {
    const days = LEGAL_PARAMETERS.noticeAcknowledgement;
    expect(days).toMatchObject({ count: 3, unit: 'days' });
    expect(prcWorkingDays.deadline(d('2026-03-02'), days)).toEqual({
      date: '2026-03-05',
      calendar: 'official',
    });
    // 3 days after 28 September 2026 is 1 October: the holiday week ends on the 8th.
    expect(prcWorkingDays.deadline(d('2026-09-28'), days)).toEqual({
      date: '2026-10-08',
      calendar: 'official',
    });
    // 3 days after 29 December 2026 is New Year's Day 2027: then the weekend; Monday 4th.
    expect(prcWorkingDays.deadline(d('2026-12-29'), days)).toEqual({
      date: '2027-01-04',
      calendar: 'provisional',
    });
    // A Saturday worked in lieu is a working day: the period may end on it.
    expect(prcWorkingDays.deadline(d('2026-10-07'), days)).toEqual({
      date: '2026-10-10',
      calendar: 'official',
    });
  });
});

describe('Function: restateDeadline (recomputed when the schedule arrives, never earlier)', () => {
  const stated = prcWorkingDays.addWorkingDays(d('2026-12-29'), 3);

  it('keeps an official deadline as it was', () => {
    const official = prcWorkingDays.addWorkingDays(d('2026-03-02'), 3);
    expect(restateDeadline(official, () => ({ date: d('2030-01-01'), calendar: 'official' }))).toBe(
      official,
    );
  });

  it('moves a provisional deadline later when the schedule has more days off', () => {
    const announced = new WorkingDayCalendar({
      holidays: { '2026-10-01': 'x', '2027-01-01': 'x', '2027-01-04': 'x' },
      workdays: {},
    });
    expect(stated).toEqual({ date: '2027-01-04', calendar: 'provisional' });
    expect(restateDeadline(stated, () => announced.addWorkingDays(d('2026-12-29'), 3))).toEqual({
      date: '2027-01-05',
      calendar: 'official',
    });
  });

  it('keeps the first-stated day when the schedule would make it earlier', () => {
    // A hypothetical schedule with Saturday 2 January 2027 worked in lieu.
    const announced = new WorkingDayCalendar({
      holidays: { '2026-10-01': 'x', '2027-01-01': 'x' },
      workdays: { '2027-01-02': 'x' },
    });
    expect(announced.addWorkingDays(d('2026-12-29'), 3).date).toBe('2027-01-02');
    expect(restateDeadline(stated, () => announced.addWorkingDays(d('2026-12-29'), 3))).toEqual({
      date: '2027-01-04',
      calendar: 'official',
    });
  });
});

describe('Function: statutoryDaysOff (全国年节及纪念日放假办法 arts. 2, 6)', () => {
  const law = LEGAL_PARAMETERS.statutoryHolidays;
  const sorted = (days: ReadonlySet<string>) => [...days].sort();

  it('2027: the seven holidays, and a weekday for each that falls on a weekend', () => {
    expect(sorted(statutoryDaysOff(2027, law))).toEqual([
      '2027-01-01', // 元旦, a Friday
      // 春节: eve (Fri 5 Feb) to the 3rd day (Mon 8 Feb); Sat 6 and Sun 7 made up on 9–10 Feb
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-04-05', // 清明, the solar term
      // 劳动节 1–2 May, a weekend: made up on Mon 3 and Tue 4 May
      '2027-05-01',
      '2027-05-02',
      '2027-05-03',
      '2027-05-04',
      '2027-06-09', // 端午, 5th of the 5th lunar month
      '2027-09-15', // 中秋, 15th of the 8th lunar month
      // 国庆 1–3 Oct: Sat 2 and Sun 3 made up on 4–5 Oct
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
      '2027-10-04',
      '2027-10-05',
    ]);
  });

  it('2028: a Saturday New Year made up on Monday; a Sunday holiday on the next free weekday', () => {
    expect(sorted(statutoryDaysOff(2028, law))).toEqual([
      '2028-01-01',
      '2028-01-03',
      '2028-01-25',
      '2028-01-26',
      '2028-01-27',
      '2028-01-28',
      '2028-04-04',
      '2028-05-01',
      '2028-05-02',
      '2028-05-28', // 端午 on a Sunday…
      '2028-05-29', // …made up on Monday
      // 国庆 from Sunday 1 Oct, 中秋 on the 3rd: the Sunday is made up after both, on the 4th
      '2028-10-01',
      '2028-10-02',
      '2028-10-03',
      '2028-10-04',
    ]);
  });

  it('makes nothing up where the law does not say so', () => {
    expect(sorted(statutoryDaysOff(2027, { ...law, weekendHolidaysMadeUp: false }))).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
  });

  it('makes a weekend holiday up on the next weekday the law leaves free, a Friday included', () => {
    // A hypothetical six-day holiday from Saturday 1 October 2022 to Thursday the 6th.
    const week = {
      basis: 'test',
      holidays: [
        {
          name: 'test',
          date: { calendar: 'solar' as const, month: 10, day: 1 },
          days: [0, 1, 2, 3, 4, 5],
        },
      ],
      weekendHolidaysMadeUp: true,
    };
    expect(sorted(statutoryDaysOff(2022, week))).toEqual([
      '2022-10-01',
      '2022-10-02',
      '2022-10-03',
      '2022-10-04',
      '2022-10-05',
      '2022-10-06',
      '2022-10-07', // Saturday made up on Friday
      '2022-10-10', // Sunday made up on Monday, after the weekend
    ]);
  });

  it('states the years 1901 to 2099, whose lunar dates can be converted, and refuses any other', () => {
    expect(LUNAR_YEARS).toEqual({ first: 1901, last: 2099 });
    expect(statutoryDaysOff(1901, law).has(d('1901-10-01'))).toBe(true);
    expect(statutoryDaysOff(2099, law).has(d('2099-10-01'))).toBe(true);
    for (const year of [1900, 2100, 2027.5, Number.NaN]) {
      let thrown: unknown;
      try {
        statutoryDaysOff(year, law);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, String(year)).toBeInstanceOf(NoCalendarForYearError);
      expect(thrown, String(year)).toBeInstanceOf(RangeError);
      expect(thrown).toMatchObject({
        name: 'NoCalendarForYearError',
        message: `no holiday calendar can be stated for ${year}`,
      });
    }
  });

  it('a calendar without data refuses a day of a year it cannot state, never counting Monday to Friday', () => {
    const noData = new WorkingDayCalendar({ holidays: {}, workdays: {} });
    expect(() => noData.isWorkingDay(d('2100-01-04'))).toThrow(NoCalendarForYearError);
    expect(() => noData.addWorkingDays(d('2099-12-30'), 3)).toThrow(NoCalendarForYearError);
    expect(() => noData.addDays(d('2099-12-30'), 3)).toThrow(NoCalendarForYearError);
  });
});

describe('Class: WorkingDayCalendar, on given data', () => {
  /** 2030 announced with one holiday on its last day and a Saturday worked; 2031 not. */
  const data = {
    holidays: { '2030-12-31': '元旦前', '2030-10-01': '国庆节', '2029-06-01': 'x' },
    workdays: { '2030-09-28': '国庆节', '2032-01-03': 'not a year announced' },
  };
  const calendar = new WorkingDayCalendar(data);

  it('knows as announced the years its holidays name, oldest first, and no other', () => {
    expect(calendar.announcedYears).toEqual([2029, 2030]);
    expect(calendar.isAnnounced(d('2030-01-01'))).toBe(true);
    expect(calendar.isAnnounced(d('2031-01-01'))).toBe(false);
    expect(calendar.isAnnounced(d('2032-01-03'))).toBe(false);
  });

  it.each([
    ['2030-09-28', true, 'a Saturday worked in lieu'],
    ['2030-10-01', false, 'a Tuesday holiday'],
    ['2030-10-04', true, 'a Friday, in an announced year: no law holiday is added'],
    ['2030-10-05', false, 'a Saturday'],
    ['2030-10-06', false, 'a Sunday'],
    ['2030-10-07', true, 'a Monday'],
    ['2031-10-03', false, 'a Friday of a year not announced: National Day by law'],
    ['2031-10-10', true, 'a Friday of a year not announced'],
    ['2031-10-11', false, 'a Saturday of a year not announced'],
    ['2032-01-03', false, 'a Saturday listed as worked, in a year not announced'],
  ])('%s working: %s (%s)', (date, working) => {
    expect(calendar.isWorkingDay(d(date))).toBe(working);
  });

  it('takes the law it is given for the years not announced', () => {
    const none = { basis: 'none', holidays: [], weekendHolidaysMadeUp: false };
    const lawless = new WorkingDayCalendar({ holidays: {}, workdays: {} }, none);
    expect(lawless.isWorkingDay(d('2030-10-01'))).toBe(true);
    expect(
      new WorkingDayCalendar({ holidays: {}, workdays: {} }).isWorkingDay(d('2030-10-01')),
    ).toBe(false);
  });

  it('refuses a period that is not a positive whole number of days', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) {
      expect(() => calendar.addWorkingDays(d('2030-10-08'), n), String(n)).toThrow(
        new RangeError('n must be a positive integer'),
      );
      expect(() => calendar.addDays(d('2030-10-08'), n), String(n)).toThrow(
        new RangeError('n must be a positive integer'),
      );
    }
  });

  it('counts one working day: the next one, the day itself never counting', () => {
    expect(calendar.addWorkingDays(d('2030-09-27'), 1)).toEqual({
      date: '2030-09-28',
      calendar: 'official',
    });
    expect(calendar.addWorkingDays(d('2030-09-30'), 1)).toEqual({
      date: '2030-10-02',
      calendar: 'official',
    });
  });

  it('is provisional once a day it passes lies in a year not announced', () => {
    // 31 Dec 2030 off; 1 Jan 2031 New Year by law; Thursday 2 Jan the first working day.
    expect(calendar.addWorkingDays(d('2030-12-30'), 1)).toEqual({
      date: '2031-01-02',
      calendar: 'provisional',
    });
    expect(calendar.addDays(d('2030-12-30'), 1)).toEqual({
      date: '2031-01-02',
      calendar: 'provisional',
    });
    // Landing straight on a working day of a year not announced: provisional.
    expect(calendar.addDays(d('2031-01-02'), 1)).toEqual({
      date: '2031-01-03',
      calendar: 'provisional',
    });
    // Landing in the announced year on a working day: official.
    expect(calendar.addDays(d('2030-12-26'), 1)).toEqual({
      date: '2030-12-27',
      calendar: 'official',
    });
    // Landing on a weekend of the announced year, moved to Monday in it: still official.
    expect(calendar.addDays(d('2030-12-27'), 1)).toEqual({
      date: '2030-12-30',
      calendar: 'official',
    });
  });

  it('counts a period in its own unit', () => {
    // Thursday 3 October 2030: four working days end on Wednesday the 9th; four calendar
    // days on Monday the 7th.
    const from = d('2030-10-03');
    expect(calendar.deadline(from, { count: 4, unit: 'working-days', basis: 'x' })).toEqual({
      date: '2030-10-09',
      calendar: 'official',
    });
    expect(calendar.deadline(from, { count: 4, unit: 'days', basis: 'x' })).toEqual({
      date: '2030-10-07',
      calendar: 'official',
    });
    // Two calendar days after Thursday 26 September: Saturday the 28th, worked in lieu.
    expect(calendar.deadline(d('2030-09-26'), { count: 2, unit: 'days', basis: 'x' })).toEqual({
      date: '2030-09-28',
      calendar: 'official',
    });
  });
});

describe('Function: restateDeadline, on the day itself', () => {
  it('a provisional deadline recounted to the same day becomes official on it', () => {
    const stated = { date: d('2027-01-04'), calendar: 'provisional' as const };
    expect(
      restateDeadline(stated, () => ({ date: d('2027-01-04'), calendar: 'official' })),
    ).toEqual({ date: '2027-01-04', calendar: 'official' });
  });

  it('a provisional deadline recounted on a calendar still provisional stays provisional', () => {
    const stated = { date: d('2027-01-04'), calendar: 'provisional' as const };
    expect(
      restateDeadline(stated, () => ({ date: d('2027-01-05'), calendar: 'provisional' })),
    ).toEqual({ date: '2027-01-05', calendar: 'provisional' });
    expect(
      restateDeadline(stated, () => ({ date: d('2027-01-03'), calendar: 'provisional' })),
    ).toEqual({ date: '2027-01-04', calendar: 'provisional' });
  });
});
