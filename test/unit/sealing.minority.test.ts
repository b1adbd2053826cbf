/**
 * Who counts as a minor (RULES.md §1): the age at the offence, reached on the day after the
 * birthday (SPC-2006 art. 2), the favourable reading where the evidence is unsure (SPC-2021
 * art. 146), and offences on both sides of the 18th birthday (IM art. 4 §2) — and when the
 * minority rests only on a presumption, which must never be turned against the person.
 */
import { describe, expect, it } from 'vitest';
import { type CivilDate, parseCivilDate } from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import {
  determineMinority,
  effectiveDateOfBirth,
  isMinorOn,
  lastDayAsMinor,
  type MinorityFacts,
  straddlesEighteenthBirthday,
} from '#shared/domain/sealing/minority.ts';

const d = parseCivilDate;
/** 18th birthday 2022-06-15. */
const DOB = d('2004-06-15');
/** A year older: 18th birthday 2021-06-15. */
const YEAR_EARLIER = d('2003-06-15');

const SPC2006_2 = 'SPC-2006 art. 2';
const SPC2021_146 = 'SPC-2021 art. 146';
const IM_4_2 = 'IM art. 4 §2';

const minority = (facts: Partial<MinorityFacts>) =>
  determineMinority({ dateOfBirth: DOB, offenceDate: d('2021-01-01'), ...facts });

describe('isMinorOn and lastDayAsMinor (SPC-2006 art. 2)', () => {
  it.each([
    ['2022-06-14', true],
    ['2022-06-15', true],
    ['2022-06-16', false],
  ])('born 2004-06-15, an act on %s is a minor’s: %s', (date, expected) => {
    expect(isMinorOn(DOB, d(date))).toBe(expected);
  });

  it('the last day as a minor is the 18th birthday itself; 1 March for a 29 February birth', () => {
    expect(lastDayAsMinor(DOB)).toBe('2022-06-15');
    expect(lastDayAsMinor(d('2004-02-29'))).toBe('2022-03-01');
    expect(lastDayAsMinor(d('2002-02-28'))).toBe('2020-02-28');
  });

  it('reads the age of majority from the parameters', () => {
    expect(lastDayAsMinor(DOB, { ...LEGAL_PARAMETERS, ageOfMajority: 16 })).toBe('2020-06-15');
  });
});

describe('effectiveDateOfBirth (SPC-2021 art. 146)', () => {
  const dates = (dateOfBirth: CivilDate, dateOfBirthOnNationalId?: CivilDate): MinorityFacts => ({
    dateOfBirth,
    dateOfBirthOnNationalId,
    offenceDate: d('2021-01-01'),
  });

  it('no date on the ID, or the same one: the stated date, not contradicted', () => {
    expect(effectiveDateOfBirth(dates(DOB))).toEqual({
      dateOfBirth: DOB,
      contradicted: false,
    });
    expect(effectiveDateOfBirth(dates(DOB, DOB))).toEqual({
      dateOfBirth: DOB,
      contradicted: false,
    });
  });

  it('two different dates: the later one, whichever source states it', () => {
    const later = { dateOfBirth: DOB, contradicted: true };
    expect(effectiveDateOfBirth(dates(YEAR_EARLIER, DOB))).toEqual(later);
    expect(effectiveDateOfBirth(dates(DOB, YEAR_EARLIER))).toEqual(later);
  });

  it('one day apart is a contradiction too', () => {
    expect(effectiveDateOfBirth(dates(DOB, d('2004-06-16')))).toEqual({
      dateOfBirth: '2004-06-16',
      contradicted: true,
    });
  });
});

describe('straddlesEighteenthBirthday (IM art. 4 §2)', () => {
  it('decides on the later birth date: offences that straddle only the earlier one do not', () => {
    const facts = {
      dateOfBirth: YEAR_EARLIER,
      dateOfBirthOnNationalId: DOB,
      offenceDate: d('2021-05-01'),
      lastOffenceDate: d('2021-08-01'),
    };
    expect(straddlesEighteenthBirthday(facts)).toBe(false);
    expect(straddlesEighteenthBirthday({ ...facts, lastOffenceDate: d('2022-06-16') })).toBe(true);
  });

  it('offences that all lie after the birthday do not straddle it', () => {
    expect(
      straddlesEighteenthBirthday({
        dateOfBirth: DOB,
        offenceDate: d('2022-06-16'),
        lastOffenceDate: d('2022-09-01'),
      }),
    ).toBe(false);
  });
});

describe('determineMinority', () => {
  it('a minor on a plain reading: no presumption, SPC-2006 art. 2 only', () => {
    expect(minority({})).toEqual({
      decidable: true,
      minor: true,
      straddles: false,
      presumed: false,
      basis: [SPC2006_2],
      reviewFlags: [],
    });
  });

  it('an adult on a plain reading', () => {
    expect(minority({ offenceDate: d('2022-06-16') })).toEqual({
      decidable: true,
      minor: false,
      straddles: false,
      presumed: false,
      basis: [SPC2006_2],
      reviewFlags: [],
    });
  });

  it('age not established: a minor by presumption, whatever the dates say, never undecidable', () => {
    expect(
      minority({
        ageEstablished: false,
        offenceDate: d('2022-05-01'),
        lastOffenceDate: d('2030-01-01'),
      }),
    ).toEqual({
      decidable: true,
      minor: true,
      straddles: false,
      presumed: true,
      basis: [SPC2021_146],
      reviewFlags: ['age-not-established'],
    });
  });

  it('age established explicitly is read from the dates', () => {
    expect(minority({ ageEstablished: true, offenceDate: d('2022-06-16') })).toMatchObject({
      minor: false,
      presumed: false,
      basis: [SPC2006_2],
    });
  });

  describe('birth dates that contradict each other', () => {
    it('a minor by both dates is no presumption, but it is flagged and both articles cited', () => {
      expect(minority({ dateOfBirthOnNationalId: YEAR_EARLIER })).toEqual({
        decidable: true,
        minor: true,
        straddles: false,
        presumed: false,
        basis: [SPC2006_2, SPC2021_146],
        reviewFlags: ['date-of-birth-contradicts-national-id'],
      });
    });

    it.each([
      ['the ID', { dateOfBirth: YEAR_EARLIER, dateOfBirthOnNationalId: DOB }],
      ['the stated date', { dateOfBirth: DOB, dateOfBirthOnNationalId: YEAR_EARLIER }],
    ])('a minor only by %s: a minor by presumption', (_name, dates) => {
      expect(minority({ ...dates, offenceDate: d('2022-01-10') })).toMatchObject({
        minor: true,
        presumed: true,
        reviewFlags: ['date-of-birth-contradicts-national-id'],
      });
    });

    it('an adult by both dates: no presumption', () => {
      expect(
        minority({ dateOfBirthOnNationalId: YEAR_EARLIER, offenceDate: d('2023-01-10') }),
      ).toMatchObject({ minor: false, presumed: false });
    });
  });

  it('born 29 February: flagged, read as 1 March', () => {
    const leap = { dateOfBirth: d('2004-02-29') };
    expect(minority({ ...leap, offenceDate: d('2022-03-01') })).toMatchObject({
      minor: true,
      reviewFlags: ['born-29-february'],
    });
    expect(minority({ ...leap, offenceDate: d('2022-03-02') })).toMatchObject({
      minor: false,
      reviewFlags: ['born-29-february'],
    });
  });

  describe('offences on both sides of the 18th birthday', () => {
    const straddling = { offenceDate: d('2022-05-01'), lastOffenceDate: d('2022-08-01') };

    it('without the main-conduct judgement: undecidable, naming the field, never guessed', () => {
      expect(minority(straddling)).toEqual({
        decidable: false,
        missing: 'mainConductAsMinor',
        basis: [SPC2006_2, IM_4_2],
      });
    });

    it('main conduct before 18: a minor, not by presumption', () => {
      expect(minority({ ...straddling, mainConductAsMinor: true })).toEqual({
        decidable: true,
        minor: true,
        straddles: true,
        presumed: false,
        basis: [SPC2006_2, IM_4_2],
        reviewFlags: [],
      });
    });

    it('main conduct after 18: an adult, flagged', () => {
      expect(minority({ ...straddling, mainConductAsMinor: false })).toEqual({
        decidable: true,
        minor: false,
        straddles: true,
        presumed: false,
        basis: [SPC2006_2, IM_4_2],
        reviewFlags: ['main-conduct-after-18'],
      });
    });

    it('with contradicting birth dates, main conduct before 18 rests on the presumption', () => {
      // Straddles the later (ID) date's birthday; by the stated date all of it was adult.
      const contradicted = {
        ...straddling,
        dateOfBirth: YEAR_EARLIER,
        dateOfBirthOnNationalId: DOB,
      };
      expect(minority({ ...contradicted, mainConductAsMinor: true })).toEqual({
        decidable: true,
        minor: true,
        straddles: true,
        presumed: true,
        basis: [SPC2006_2, SPC2021_146, IM_4_2],
        reviewFlags: ['date-of-birth-contradicts-national-id'],
      });
      expect(minority({ ...contradicted, mainConductAsMinor: false })).toMatchObject({
        minor: false,
        presumed: false,
        reviewFlags: ['date-of-birth-contradicts-national-id', 'main-conduct-after-18'],
      });
    });
  });
});
