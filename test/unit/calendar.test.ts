import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  addCalendarMonths,
  birthdayInYear,
  type CivilDate,
  chinaToday,
  compareCivilDates,
  daysBetween,
  daysInMonth,
  isCivilDate,
  parseCivilDate,
} from '#shared/domain/calendar.ts';
import { lastDayAsMinor } from '#shared/domain/sealing/minority.ts';

const d = parseCivilDate;

/** Any real date 1900–2999, built from its parts (not from a hard-coded list). */
const civilDateArb = fc
  .record({ year: fc.integer({ min: 1900, max: 2999 }), month: fc.integer({ min: 1, max: 12 }) })
  .chain(({ year, month }) =>
    fc.integer({ min: 1, max: daysInMonth(year, month) }).map((day) => {
      const mm = String(month).padStart(2, '0');
      const dd = String(day).padStart(2, '0');
      return d(`${year}-${mm}-${dd}`);
    }),
  );

/** UTC is used here only as an independent oracle for the proleptic Gregorian calendar. */
function utcOracle(date: CivilDate): number {
  const [y, m, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, day) / 86_400_000;
}

describe('Function: isCivilDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['1900-01-01', true],
    ['2999-12-31', true],
    ['2024-04-30', true],
    ['2023-02-29', false],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2024-13-01', false],
    ['2024-00-10', false],
    ['2024-01-00', false],
    ['2024-04-31', false],
    ['2024-1-01', false],
    ['2024-01-1', false],
    ['1899-12-31', false],
    ['3000-01-01', false],
    [' 2024-01-01', false],
    ['2024-01-01T00:00:00Z', false],
    ['2024/01/01', false],
    ['', false],
  ])('%s → %s', (s, expected) => {
    expect(isCivilDate(s)).toBe(expected);
  });

  it('agrees with the Gregorian calendar for any year, month and day number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2999 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const s = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const probe = new Date(Date.UTC(year, month - 1, day));
          const real = probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
          expect(isCivilDate(s)).toBe(real);
        },
      ),
    );
  });
});

describe('Function: parseCivilDate', () => {
  it('returns a valid date unchanged', () => {
    expect(parseCivilDate('2022-06-15')).toBe('2022-06-15');
  });

  it.each(['2023-02-29', '2024-13-01', '2024-1-01', 'yesterday'])(
    'throws RangeError for %s',
    (s) => {
      expect(() => parseCivilDate(s)).toThrow(RangeError);
    },
  );
});

describe('Function: compareCivilDates', () => {
  it.each([
    ['2022-06-14', '2022-06-15', -1],
    ['2022-06-15', '2022-06-15', 0],
    ['2023-01-01', '2022-12-31', 1],
    ['1999-12-31', '2000-01-01', -1],
  ] as const)('%s vs %s → %i', (a, b, expected) => {
    expect(compareCivilDates(d(a), d(b))).toBe(expected);
  });

  it('orders dates as the calendar does', () => {
    fc.assert(
      fc.property(civilDateArb, civilDateArb, (a, b) => {
        expect(compareCivilDates(a, b)).toBe(Math.sign(utcOracle(a) - utcOracle(b)));
      }),
    );
  });
});

describe('Function: addCalendarMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-05-31', 1, '2024-06-30'],
    ['2024-12-15', 1, '2025-01-15'],
    ['2024-01-15', -1, '2023-12-15'],
    ['2022-01-10', 48, '2026-01-10'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2022-06-15', 0, '2022-06-15'],
  ] as const)('%s + %i months = %s', (date, months, expected) => {
    expect(addCalendarMonths(d(date), months)).toBe(expected);
  });

  it('throws RangeError beyond the supported years or for a fractional count', () => {
    expect(() => addCalendarMonths(d('2999-12-01'), 1)).toThrow(RangeError);
    expect(() => addCalendarMonths(d('1900-01-31'), -1)).toThrow(RangeError);
    expect(() => addCalendarMonths(d('2022-01-01'), 1.5)).toThrow(RangeError);
  });

  it('moves the month index by exactly n and never past the original day', () => {
    fc.assert(
      fc.property(civilDateArb, fc.integer({ min: -120, max: 120 }), (date, n) => {
        fc.pre(date >= '1911-01-01' && date <= '2988-12-31');
        const result = addCalendarMonths(date, n);
        const [y0, m0, d0] = date.split('-').map(Number) as [number, number, number];
        const [y1, m1, d1] = result.split('-').map(Number) as [number, number, number];
        expect(y1 * 12 + m1 - (y0 * 12 + m0)).toBe(n);
        expect(d1).toBe(Math.min(d0, daysInMonth(y1, m1)));
      }),
    );
  });
});

describe('Function: addCalendarDays', () => {
  it.each([
    ['2022-06-15', 1, '2022-06-16'],
    ['2022-12-31', 1, '2023-01-01'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-03-01', -1, '2024-02-29'],
  ] as const)('%s + %i days = %s', (date, days, expected) => {
    expect(addCalendarDays(d(date), days)).toBe(expected);
  });

  it('agrees with the calendar and with daysBetween', () => {
    fc.assert(
      fc.property(civilDateArb, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        const oracle = utcOracle(date) + n;
        fc.pre(oracle >= utcOracle(d('1900-01-01')) && oracle <= utcOracle(d('2999-12-31')));
        const result = addCalendarDays(date, n);
        expect(utcOracle(result)).toBe(oracle);
        expect(daysBetween(date, result)).toBe(n);
      }),
    );
  });
});

describe('Function: birthdayInYear', () => {
  it.each([
    ['2004-06-15', 2022, '2022-06-15'],
    ['2004-02-29', 2022, '2022-03-01'],
    ['2004-02-29', 2024, '2024-02-29'],
    ['2000-02-29', 2100, '2100-03-01'],
    ['2004-02-28', 2022, '2022-02-28'],
    ['2004-03-01', 2022, '2022-03-01'],
  ] as const)('born %s: birthday in %i is %s', (dob, year, expected) => {
    expect(birthdayInYear(d(dob), year)).toBe(expected);
  });
});

describe('Function: lastDayAsMinor (the 18th birthday)', () => {
  it.each([
    ['2004-06-15', '2022-06-15'],
    ['2004-02-29', '2022-03-01'],
    ['1987-12-31', '2005-12-31'],
  ] as const)('born %s → %s', (dob, expected) => {
    expect(lastDayAsMinor(d(dob))).toBe(expected);
  });

  it('is the same month and day 18 years on, except a 29 February birth', () => {
    fc.assert(
      fc.property(civilDateArb, (dob) => {
        fc.pre(dob <= '2981-12-31');
        const birthday = lastDayAsMinor(dob);
        expect(Number(birthday.slice(0, 4))).toBe(Number(dob.slice(0, 4)) + 18);
        expect(birthday.slice(5)).toBe(dob.slice(5) === '02-29' ? '03-01' : dob.slice(5));
      }),
    );
  });
});

describe('Function: chinaToday', () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it.each([
    ['2022-06-14T15:59:59.999Z', '2022-06-14'],
    ['2022-06-14T16:00:00.000Z', '2022-06-15'],
    ['2024-12-31T16:00:00.000Z', '2025-01-01'],
    ['2024-02-28T16:00:00.000Z', '2024-02-29'],
    ['2022-06-15T00:00:00+08:00', '2022-06-15'],
  ])('%s is %s in China', (instant, expected) => {
    expect(chinaToday(new Date(instant))).toBe(expected);
  });

  it.each(['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai'])(
    'does not depend on the machine time zone (%s)',
    (tz) => {
      process.env.TZ = tz;
      expect(chinaToday(new Date('2022-06-14T16:30:00Z'))).toBe('2022-06-15');
      expect(chinaToday(new Date('2022-06-14T15:30:00Z'))).toBe('2022-06-14');
    },
  );

  it('throws RangeError for an invalid instant', () => {
    expect(() => chinaToday(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('matches the UTC date eight hours later for any instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2900-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const shifted = new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
          expect(chinaToday(instant)).toBe(shifted);
        },
      ),
    );
  });
});
