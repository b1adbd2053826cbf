/**
 * PRC working days (RULES.md §5: "working days follow the PRC official calendar, including
 * make-up working weekends"). The State Council announces each year's public holidays and the
 * weekends worked in lieu; the data comes from the maintained `chinese-days` package, never a
 * hand-typed list. For a year the data does not hold yet, the calendar still knows the holidays
 * fixed in law (statutoryHolidays.ts) and says that its answer is `provisional`; a deadline
 * stated on it is restated when the year's schedule arrives, never earlier than first stated
 * (`restateDeadline`). A year for which even that cannot be said is refused, never counted
 * Monday to Friday.
 *
 * Two kinds of period (parameters.ts, `Period`): working days (工作日), and calendar days (日),
 * which CPL art. 105 counts — the day of the event not included, and a period whose last day
 * is a holiday or rest day ending on the next working day.
 */
import officialCalendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import {
  addCalendarDays,
  type CivilDate,
  compareCivilDates,
  isoDayOfWeek,
  yearOf,
} from '../calendar.ts';
import { LEGAL_PARAMETERS, type Period, type StatutoryHolidays } from '../law/parameters.ts';
import { statutoryDaysOff } from './statutoryHolidays.ts';

type CalendarData = { holidays: Record<string, string>; workdays: Record<string, string> };

/** Which calendar decided a date: the announced one, or the holidays fixed in law only. */
export type CalendarSource = 'official' | 'provisional';

export type Deadline = { date: CivilDate; calendar: CalendarSource };

export class WorkingDayCalendar {
  readonly #holidays: ReadonlySet<string>;
  readonly #workdays: ReadonlySet<string>;
  readonly #years: ReadonlySet<number>;
  readonly #law: StatutoryHolidays;
  readonly #provisional = new Map<number, ReadonlySet<CivilDate>>();

  constructor(data: CalendarData, law: StatutoryHolidays = LEGAL_PARAMETERS.statutoryHolidays) {
    this.#holidays = new Set(Object.keys(data.holidays));
    this.#workdays = new Set(Object.keys(data.workdays));
    this.#years = new Set([...this.#holidays].map((date) => Number(date.slice(0, 4))));
    this.#law = law;
  }

  /** The years whose holidays the State Council had announced when the data was published. */
  get announcedYears(): number[] {
    return [...this.#years].sort((a, b) => a - b);
  }

  isAnnounced(date: CivilDate): boolean {
    return this.#years.has(yearOf(date));
  }

  /**
   * A make-up working day, or a weekday that is no public holiday; in a year not announced,
   * a weekday that no holiday fixed in law (or its make-up day) takes.
   */
  isWorkingDay(date: CivilDate): boolean {
    if (!this.isAnnounced(date)) {
      return isoDayOfWeek(date) <= 5 && !this.#statutoryDaysOff(yearOf(date)).has(date);
    }
    if (this.#workdays.has(date)) return true;
    if (this.#holidays.has(date)) return false;
    return isoDayOfWeek(date) <= 5;
  }

  /**
   * The `n`th working day after `from` (the day itself never counts): an application received
   * on 2025-09-30 has 2025-10-11 as its third (1–8 October off, Saturday 11 October worked).
   */
  addWorkingDays(from: CivilDate, n: number): Deadline {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
    let date = from;
    let counted = 0;
    let calendar: CalendarSource = 'official';
    while (counted < n) {
      date = addCalendarDays(date, 1);
      if (!this.isAnnounced(date)) calendar = 'provisional';
      if (this.isWorkingDay(date)) counted += 1;
    }
    return { date, calendar };
  }

  /**
   * `n` calendar days after `from` (CPL art. 105: the day itself does not count); a last day
   * that is a holiday or rest day moves to the next working day.
   */
  addDays(from: CivilDate, n: number): Deadline {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
    let date = addCalendarDays(from, n);
    let calendar: CalendarSource = this.isAnnounced(date) ? 'official' : 'provisional';
    while (!this.isWorkingDay(date)) {
      date = addCalendarDays(date, 1);
      if (!this.isAnnounced(date)) calendar = 'provisional';
    }
    return { date, calendar };
  }

  /** The last day of `period` after `from`, in the period's own unit. */
  deadline(from: CivilDate, period: Period): Deadline {
    return period.unit === 'working-days'
      ? this.addWorkingDays(from, period.count)
      : this.addDays(from, period.count);
  }

  #statutoryDaysOff(year: number): ReadonlySet<CivilDate> {
    let days = this.#provisional.get(year);
    if (days === undefined) {
      days = statutoryDaysOff(year, this.#law);
      this.#provisional.set(year, days);
    }
    return days;
  }
}

/**
 * A deadline as it stands today (RULES.md §5): an official one never changes; a provisional
 * one is counted again on the current calendar, and the later of the two holds — a deadline
 * is never made earlier than first stated.
 */
export function restateDeadline(stated: Deadline, recounted: () => Deadline): Deadline {
  if (stated.calendar === 'official') return stated;
  const now = recounted();
  return compareCivilDates(now.date, stated.date) >= 0 ? now : { ...now, date: stated.date };
}

export const prcWorkingDays = new WorkingDayCalendar(officialCalendar as CalendarData);
