import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  type CivilDate,
  isoDayOfWeek,
  parseCivilDate,
} from '#shared/domain/calendar.ts';
import { decisionDeadline, isOverdue } from '#shared/domain/inquiry/inquiry.ts';
import { prcWorkingDays, WorkingDayCalendar } from '#shared/domain/inquiry/workingDays.ts';

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

  it('a year with no announced calendar falls back to Monday–Friday, and says so', () => {
    expect(prcWorkingDays.addWorkingDays(d('2027-01-06'), 3)).toEqual({
      date: '2027-01-11',
      calendar: 'weekdays-only',
    });
    // Across the year end: counted partly on the announced calendar, partly on the fallback.
    expect(prcWorkingDays.addWorkingDays(d('2026-12-30'), 3).calendar).toBe('weekdays-only');
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

  it('property: without announced data, every weekday works and no weekend does', () => {
    const empty = new WorkingDayCalendar({ holidays: {}, workdays: {} });
    fc.assert(
      fc.property(announcedDate, (date: CivilDate) => {
        expect(empty.isWorkingDay(date)).toBe(isoDayOfWeek(date) <= 5);
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
