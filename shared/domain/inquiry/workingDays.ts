/**
 * PRC working days (RULES.md §5: "working days follow the PRC official calendar, including
 * make-up working weekends"). The State Council announces each year's public holidays and the
 * weekends worked in lieu; the data comes from the maintained `chinese-days` package, never a
 * hand-typed list. Its data ends with the last announced year: for a later year the calendar
 * falls back to Monday–Friday and says so, rather than answering as if it knew.
 */
import officialCalendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { addCalendarDays, type CivilDate, isoDayOfWeek, yearOf } from '../calendar.ts';

type CalendarData = { holidays: Record<string, string>; workdays: Record<string, string> };

/** Which calendar decided a date: the announced one, or Monday–Friday for an unannounced year. */
export type CalendarSource = 'official' | 'weekdays-only';

export class WorkingDayCalendar {
  readonly #holidays: ReadonlySet<string>;
  readonly #workdays: ReadonlySet<string>;
  readonly #years: ReadonlySet<number>;

  constructor(data: CalendarData) {
    this.#holidays = new Set(Object.keys(data.holidays));
    this.#workdays = new Set(Object.keys(data.workdays));
    this.#years = new Set([...this.#holidays].map((date) => Number(date.slice(0, 4))));
  }

  /** The years whose holidays the State Council had announced when the data was published. */
  get announcedYears(): number[] {
    return [...this.#years].sort((a, b) => a - b);
  }

  isAnnounced(date: CivilDate): boolean {
    return this.#years.has(yearOf(date));
  }

  /** A make-up working day, or a weekday that is no public holiday. */
  isWorkingDay(date: CivilDate): boolean {
    if (this.#workdays.has(date)) return true;
    if (this.#holidays.has(date)) return false;
    return isoDayOfWeek(date) <= 5;
  }

  /**
   * The `n`th working day after `from` (the day itself never counts): an application received
   * on 2025-09-30 has 2025-10-11 as its third (1–8 October off, Saturday 11 October worked).
   */
  addWorkingDays(from: CivilDate, n: number): { date: CivilDate; calendar: CalendarSource } {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('n must be a positive integer');
    let date = from;
    let counted = 0;
    let calendar: CalendarSource = 'official';
    while (counted < n) {
      date = addCalendarDays(date, 1);
      if (!this.isAnnounced(date)) calendar = 'weekdays-only';
      if (this.isWorkingDay(date)) counted += 1;
    }
    return { date, calendar };
  }
}

export const prcWorkingDays = new WorkingDayCalendar(officialCalendar as CalendarData);
