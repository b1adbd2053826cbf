/**
 * The days off a year certainly has before the State Council announces its schedule: the
 * holidays fixed in law for everyone (全国年节及纪念日放假办法, as amended 2024, art. 2 —
 * `LEGAL_PARAMETERS.statutoryHolidays`), lunar dates and the Qingming solar term converted
 * by the maintained `chinese-days` package, and a holiday falling on a Saturday or Sunday
 * made up on the next working day (art. 6). Which day the State Council will choose for a
 * make-up, and which weekends it will have worked in lieu, are unknown until it announces
 * them: deadlines counted on these days are provisional (RULES.md §5).
 */
import chineseDays from 'chinese-days';
import { addCalendarDays, type CivilDate, isoDayOfWeek, parseCivilDate } from '../calendar.ts';
import type { HolidayDate, StatutoryHolidays } from '../law/parameters.ts';

/** The years `chinese-days` converts lunar dates for. */
export const LUNAR_YEARS = { first: 1901, last: 2099 } as const;

/** No calendar can be stated for the year: never a silent Monday–Friday. */
export class NoCalendarForYearError extends RangeError {
  override name = 'NoCalendarForYearError';
}

const pad = (n: number) => String(n).padStart(2, '0');

function firstDayOf(year: number, date: HolidayDate): CivilDate {
  switch (date.calendar) {
    case 'solar':
      return parseCivilDate(`${year}-${pad(date.month)}-${pad(date.day)}`);
    case 'lunar':
      return parseCivilDate(
        chineseDays.getSolarDateFromLunar(`${year}-${pad(date.month)}-${pad(date.day)}`).date,
      );
    case 'solar-term':
      return parseCivilDate(chineseDays.getSolarTermDate(year, date.month, date.term));
  }
}

/** Every day off in `year` by law alone: the holidays, and the weekdays that make up for them. */
export function statutoryDaysOff(year: number, law: StatutoryHolidays): ReadonlySet<CivilDate> {
  if (!Number.isInteger(year) || year < LUNAR_YEARS.first || year > LUNAR_YEARS.last) {
    throw new NoCalendarForYearError(`no holiday calendar can be stated for ${year}`);
  }
  const holidays: CivilDate[] = [];
  for (const holiday of law.holidays) {
    const first = firstDayOf(year, holiday.date);
    for (const offset of holiday.days) holidays.push(addCalendarDays(first, offset));
  }
  const off = new Set<CivilDate>(holidays);
  if (law.weekendHolidaysMadeUp) {
    for (const day of [...holidays].sort()) {
      if (isoDayOfWeek(day) <= 5) continue;
      let makeUp = addCalendarDays(day, 1);
      while (isoDayOfWeek(makeUp) > 5 || off.has(makeUp)) makeUp = addCalendarDays(makeUp, 1);
      off.add(makeUp);
    }
  }
  return off;
}
