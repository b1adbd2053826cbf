/**
 * Civil-date arithmetic at the edges of what it accepts (years 1900–2999) and of the
 * Gregorian calendar's 400-year cycle, and the errors it throws for what it refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  type CivilDate,
  chinaToday,
  endOfChinaDay,
  isBornOnLeapDay,
  isCivilDate,
  nthBirthday,
  parseCivilDate,
  yearOf,
} from '#shared/domain/calendar.ts';

const d = parseCivilDate;

describe('the supported years, 1900–2999', () => {
  it('arithmetic reaches the first and the last supported day', () => {
    expect(addCalendarDays(d('1900-01-02'), -1)).toBe('1900-01-01');
    expect(addCalendarDays(d('2999-12-30'), 1)).toBe('2999-12-31');
    expect(addCalendarMonths(d('1900-02-01'), -1)).toBe('1900-01-01');
    expect(addCalendarMonths(d('2999-11-30'), 1)).toBe('2999-12-30');
  });

  it('and refuses to go past them with a RangeError naming the year', () => {
    expect(() => addCalendarDays(d('1900-01-01'), -1)).toThrow(/year 1899/);
    expect(() => addCalendarDays(d('2999-12-31'), 1)).toThrow(/year 3000/);
    expect(() => addCalendarMonths(d('1900-01-31'), -1)).toThrow(/year 1899/);
    expect(() => addCalendarMonths(d('2999-12-01'), 1)).toThrow(/year 3000/);
    expect(() => nthBirthday(d('2990-01-01'), 18)).toThrow(RangeError);
  });
});

describe('the 400-year cycle', () => {
  it('2000 is a leap year: 28 February → 29 February → 1 March', () => {
    expect(addCalendarDays(d('2000-02-28'), 1)).toBe('2000-02-29');
    expect(addCalendarDays(d('2000-02-29'), 1)).toBe('2000-03-01');
    expect(addCalendarDays(d('2000-03-01'), -1)).toBe('2000-02-29');
    expect(addCalendarDays(d('2400-02-29'), 1)).toBe('2400-03-01');
  });
});

describe('refused input: RangeError, never a value', () => {
  it.each<[string, () => unknown]>([
    ['a date that is not real', () => yearOf('2023-02-30' as CivilDate)],
    ['days that are not whole', () => addCalendarDays(d('2023-01-01'), 1.5)],
    ['months that are not whole', () => addCalendarMonths(d('2023-01-01'), 0.5)],
    ['a negative age', () => nthBirthday(d('2004-06-15'), -1)],
    ['an age that is not whole', () => nthBirthday(d('2004-06-15'), 17.5)],
    ['the end of a day that is not real', () => endOfChinaDay('2023-13-01' as CivilDate)],
    ['an invalid instant', () => chinaToday(new Date(Number.NaN))],
  ])('%s', (_name, call) => {
    expect(call).toThrow(RangeError);
    try {
      call();
    } catch (error) {
      expect((error as Error).message).toMatch(/[a-z]{3}/);
    }
  });

  it('parseCivilDate says what it expects', () => {
    expect(() => parseCivilDate('2023-02-29')).toThrow('YYYY-MM-DD');
  });

  it('the 0th birthday is the day of birth', () => {
    expect(nthBirthday(d('2004-06-15'), 0)).toBe('2004-06-15');
  });
});

describe('months of 30 days', () => {
  it.each(['04', '06', '09', '11'])('month %s has a 30th day and no 31st', (month) => {
    expect(isCivilDate(`2023-${month}-30`)).toBe(true);
    expect(isCivilDate(`2023-${month}-31`)).toBe(false);
  });
});

describe('isBornOnLeapDay', () => {
  it.each([
    ['2004-02-29', true],
    ['2004-02-28', false],
    ['2004-03-29', false],
    ['2004-03-01', false],
  ])('%s → %s', (date, expected) => {
    expect(isBornOnLeapDay(d(date))).toBe(expected);
  });
});

describe('endOfChinaDay', () => {
  it('is 23:59:59.999 China Standard Time (UTC+8) of that day', () => {
    expect(endOfChinaDay(d('2026-12-01')).toISOString()).toBe('2026-12-01T15:59:59.999Z');
    expect(endOfChinaDay(d('2024-02-29')).toISOString()).toBe('2024-02-29T15:59:59.999Z');
  });
});
