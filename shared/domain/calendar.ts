/**
 * Civil dates in China's calendar. A `CivilDate` is a day on the wall calendar of China
 * Standard Time (UTC+8, no daylight saving), not an instant: offence dates, birthdays and
 * effective dates are compared as calendar days, so all arithmetic here is on year, month
 * and day integers and never on a `Date` in the machine's local time zone.
 */

/** A real calendar date, 'YYYY-MM-DD', years 1900–2999. Build with `parseCivilDate`. */
export type CivilDate = string & { readonly __brand: 'CivilDate' };

export const MIN_CIVIL_YEAR = 1900;
export const MAX_CIVIL_YEAR = 2999;

const CIVIL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
/** China Standard Time is UTC+8 all year: China has observed no daylight saving since 1991. */
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 3_600_000;

type Ymd = { year: number; month: number; day: number };

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function splitValid(s: string): Ymd | undefined {
  const match = CIVIL_DATE_PATTERN.exec(s);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_CIVIL_YEAR || year > MAX_CIVIL_YEAR) return undefined;
  if (month < 1 || month > 12) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function split(date: CivilDate): Ymd {
  const ymd = splitValid(date);
  if (!ymd) throw new RangeError('Not a civil date (YYYY-MM-DD, years 1900–2999)');
  return ymd;
}

function join({ year, month, day }: Ymd): CivilDate {
  if (year < MIN_CIVIL_YEAR || year > MAX_CIVIL_YEAR) {
    throw new RangeError(`Civil date out of range: year ${year}`);
  }
  const mm = String(month).padStart(2, '0');
  const dd = String(day).padStart(2, '0');
  return `${year}-${mm}-${dd}` as CivilDate;
}

/** True for a real calendar date written 'YYYY-MM-DD' with a year from 1900 to 2999. */
export function isCivilDate(s: string): s is CivilDate {
  return splitValid(s) !== undefined;
}

/** Parses 'YYYY-MM-DD'; throws `RangeError` unless it is a real calendar date (1900–2999). */
export function parseCivilDate(s: string): CivilDate {
  if (!isCivilDate(s)) {
    throw new RangeError('Not a civil date (YYYY-MM-DD, years 1900–2999)');
  }
  return s;
}

/** Orders two civil dates: -1 if `a` is earlier, 0 if the same day, 1 if later. */
export function compareCivilDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  // The fixed-width 'YYYY-MM-DD' form sorts lexicographically in calendar order.
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function yearOf(date: CivilDate): number {
  return split(date).year;
}

/**
 * Adds whole calendar months; the day is clamped to the end of the target month
 * (2024-01-31 + 1 month = 2024-02-29). `months` may be negative.
 */
export function addCalendarMonths(date: CivilDate, months: number): CivilDate {
  if (!Number.isInteger(months)) throw new RangeError('months must be an integer');
  const { year, month, day } = split(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  if (targetYear < MIN_CIVIL_YEAR || targetYear > MAX_CIVIL_YEAR) {
    throw new RangeError(`Civil date out of range: year ${targetYear}`);
  }
  return join({
    year: targetYear,
    month: targetMonth,
    day: Math.min(day, daysInMonth(targetYear, targetMonth)),
  });
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function toEpochDay({ year, month, day }: Ymd): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100);
  return era * 146_097 + dayOfEra + dayOfYear - 719_468;
}

/** Inverse of `toEpochDay` (H. Hinnant's `civil_from_days`). */
function fromEpochDay(epochDay: number): Ymd {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

/** Adds whole days (negative to go back). */
export function addCalendarDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isInteger(days)) throw new RangeError('days must be an integer');
  return join(fromEpochDay(toEpochDay(split(date)) + days));
}

/** ISO day of the week: 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
export function isoDayOfWeek(date: CivilDate): number {
  return ((((toEpochDay(split(date)) + 3) % 7) + 7) % 7) + 1;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(split(to)) - toEpochDay(split(from));
}

/**
 * The birthday of a person born on `dateOfBirth` as it falls in `year`. Someone born on
 * 29 February has their birthday on 1 March in a common year: the reading most favourable
 * to a minor, because it makes them reach an age one day later (RULES.md §1).
 */
export function birthdayInYear(dateOfBirth: CivilDate, year: number): CivilDate {
  const { month, day } = split(dateOfBirth);
  if (month === 2 && day === 29 && !isLeapYear(year)) return join({ year, month: 3, day: 1 });
  return join({ year, month, day });
}

/** True when the date of birth is 29 February, whose birthday moves in common years. */
export function isBornOnLeapDay(dateOfBirth: CivilDate): boolean {
  const { month, day } = split(dateOfBirth);
  return month === 2 && day === 29;
}

/** The day the person turns `years` years old on the calendar. */
export function nthBirthday(dateOfBirth: CivilDate, years: number): CivilDate {
  if (!Number.isInteger(years) || years < 0) {
    throw new RangeError('years must be a non-negative integer');
  }
  return birthdayInYear(dateOfBirth, split(dateOfBirth).year + years);
}

/** Today's date in China (UTC+8) at `instant`, whatever the machine's own time zone. */
export function chinaToday(instant: Date): CivilDate {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid instant');
  return join(fromEpochDay(Math.floor((ms + CHINA_STANDARD_TIME_OFFSET_MS) / MS_PER_DAY)));
}

/** The last instant of a civil day in China (23:59:59.999 China Standard Time). */
export function endOfChinaDay(date: CivilDate): Date {
  const ms = toEpochDay(split(date)) * MS_PER_DAY - CHINA_STANDARD_TIME_OFFSET_MS;
  return new Date(ms + MS_PER_DAY - 1);
}
