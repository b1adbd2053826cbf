import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import { type RecordFacts, recordFactsIssues } from '#shared/domain/record.ts';
import {
  criminalResponsibilityFlags,
  isBelowAgeOfCriminalResponsibility,
  isUnderAgeOn,
} from '#shared/domain/sealing/criminalResponsibility.ts';
import { decideSealing } from '#shared/domain/sealing/decideSealing.ts';

const d = parseCivilDate;
/** Born 2004-06-15: 12 on 2016-06-16, 14 on 2018-06-16, 16 on 2020-06-16. */
const DOB = d('2004-06-15');
const AGE_15_DATE = '2019-09-01';

function conviction(offenceDate: string, articles: string[], overrides: Partial<RecordFacts> = {}) {
  return {
    recordType: 'judgment',
    dateOfBirth: DOB,
    offenceDate: d(offenceDate),
    effectiveDate: d('2023-01-01'),
    sentence: { penalty: 'fixed-term-imprisonment', months: 24 },
    offences: articles.map((article) => ({ name: `art. ${article}`, article, intentional: true })),
    ...overrides,
  } satisfies RecordFacts;
}

describe('Function: isUnderAgeOn (an age is reached the day after the birthday)', () => {
  it.each([
    ['2016-06-15', 12, true],
    ['2016-06-16', 12, false],
    ['2018-06-15', 14, true],
    ['2018-06-16', 14, false],
  ] as const)('%s, under %i: %s', (date, years, expected) => {
    expect(isUnderAgeOn(DOB, d(date), years)).toBe(expected);
  });
});

describe('CL art. 17: the age of criminal responsibility, by article (RULES.md §1)', () => {
  it('age 11, 24-month conviction → refused as input', () => {
    const facts = conviction('2015-09-01', ['264']);
    expect(isBelowAgeOfCriminalResponsibility(facts)).toBe(true);
    expect(recordFactsIssues(facts)).toContainEqual(
      expect.objectContaining({
        path: 'offenceDate',
        code: 'below-age-of-criminal-responsibility',
      }),
    );
  });

  it('on the 12th birthday itself the person is still 11 → refused', () => {
    expect(isBelowAgeOfCriminalResponsibility(conviction('2016-06-15', ['232']))).toBe(true);
    expect(isBelowAgeOfCriminalResponsibility(conviction('2016-06-16', ['232']))).toBe(false);
  });

  it('a record at 11 that is not a conviction is accepted (no criminal responsibility)', () => {
    const facts = conviction('2015-09-01', ['264'], {
      recordType: 'no-criminal-responsibility',
      sentence: undefined,
    });
    expect(isBelowAgeOfCriminalResponsibility(facts)).toBe(false);
    expect(recordFactsIssues(facts)).toEqual([]);
  });

  it('offences from 11 into 12: not refused (the later conduct is answerable), flagged', () => {
    const facts = conviction('2016-05-01', ['232'], { lastOffenceDate: d('2016-07-01') });
    expect(isBelowAgeOfCriminalResponsibility(facts)).toBe(false);
    expect(criminalResponsibilityFlags(facts)).toEqual([
      'aged-12-to-13-at-offence',
      'offence-not-answerable-at-age',
    ]);
  });

  it('age not established: never refused, never flagged here (treated as a minor, flagged there)', () => {
    const facts = conviction('2015-09-01', ['264'], { ageEstablished: false });
    expect(isBelowAgeOfCriminalResponsibility(facts)).toBe(false);
    expect(criminalResponsibilityFlags(facts)).toEqual([]);
  });

  it.each([
    ['age 13, intentional homicide (232)', '2017-09-01', ['232'], ['aged-12-to-13-at-offence']],
    ['age 13, intentional injury (234)', '2017-09-01', ['234'], ['aged-12-to-13-at-offence']],
    [
      'age 13, theft (264)',
      '2017-09-01',
      ['264'],
      ['aged-12-to-13-at-offence', 'offence-not-answerable-at-age'],
    ],
    [
      'age 13, rape (236): answerable only from 14',
      '2017-09-01',
      ['236'],
      ['aged-12-to-13-at-offence', 'offence-not-answerable-at-age'],
    ],
    ['age 15, theft (264)', '2019-09-01', ['264'], ['offence-not-answerable-at-age']],
    ['age 15, robbery (263)', '2019-09-01', ['263'], []],
    ['age 15, rape (236)', '2019-09-01', ['236'], []],
    ['age 15, drug trafficking (347)', '2019-09-01', ['347'], []],
    ['age 15, arson (114)', '2019-09-01', ['114'], []],
    ['age 15, arson causing death (115)', '2019-09-01', ['115'], []],
    [
      'age 15, homicide (232) and theft (264)',
      '2019-09-01',
      ['232', '264'],
      ['offence-not-answerable-at-age'],
    ],
    ['age 15, a paragraph of an answerable article', '2019-09-01', ['236(2)'], []],
    ['age 16, theft (264)', '2020-09-01', ['264'], []],
    [
      'on the 16th birthday, theft: still 15',
      '2020-06-15',
      ['264'],
      ['offence-not-answerable-at-age'],
    ],
    [
      'on the 14th birthday, robbery: still 13',
      '2018-06-15',
      ['263'],
      ['aged-12-to-13-at-offence', 'offence-not-answerable-at-age'],
    ],
  ] as const)('%s → %j', (_name, date, articles, expected) => {
    expect(criminalResponsibilityFlags(conviction(date, [...articles]))).toEqual(expected);
  });

  it('age 15, theft (CL 264), 12 months → sealed; flagged (RULES.md §7)', () => {
    const decision = decideSealing(
      conviction('2019-09-01', ['264'], {
        sentence: { penalty: 'fixed-term-imprisonment', months: 12 },
      }),
    );
    expect(decision.sealed).toBe(true);
    expect(decision.reviewFlags).toEqual(['offence-not-answerable-at-age']);
    expect(decision.basis).toContain('CL art. 17');
  });

  it('an answerable conviction cites no CL art. 17', () => {
    const decision = decideSealing(conviction('2019-09-01', ['263']));
    expect(decision.reviewFlags).toEqual([]);
    expect(decision.basis).not.toContain('CL art. 17');
  });
});

describe('CL art. 17 at each age boundary: the day before, of and after the birthday', () => {
  it.each([
    // 12th birthday 2016-06-15: the person is 11 until it has passed.
    ['2016-06-14', true],
    ['2016-06-15', true],
    ['2016-06-16', false],
  ] as const)('a conviction for an offence on %s is refused: %s', (date, refused) => {
    expect(isBelowAgeOfCriminalResponsibility(conviction(date, ['232']))).toBe(refused);
  });

  it.each([
    // From 12 to 13, homicide (CL 232) is answerable only with the SPP's approval: flagged.
    ['2016-06-16', ['232'], ['aged-12-to-13-at-offence']],
    ['2018-06-14', ['232'], ['aged-12-to-13-at-offence']],
    // Robbery (CL 263) only from 14: on the 14th birthday still 13.
    ['2018-06-14', ['263'], ['aged-12-to-13-at-offence', 'offence-not-answerable-at-age']],
    ['2018-06-15', ['263'], ['aged-12-to-13-at-offence', 'offence-not-answerable-at-age']],
    ['2018-06-16', ['263'], []],
    // Theft (CL 264) only from 16.
    ['2018-06-16', ['264'], ['offence-not-answerable-at-age']],
    ['2020-06-14', ['264'], ['offence-not-answerable-at-age']],
    ['2020-06-15', ['264'], ['offence-not-answerable-at-age']],
    ['2020-06-16', ['264'], []],
  ] as const)('offence on %s, articles %j → %j', (date, articles, expected) => {
    expect(criminalResponsibilityFlags(conviction(date, [...articles]))).toEqual(expected);
  });

  it('the bracket is the earliest offence’s: robbery from 13 into 14 is flagged as 13', () => {
    const facts = conviction('2018-05-01', ['263'], { lastOffenceDate: d('2018-07-01') });
    expect(criminalResponsibilityFlags(facts)).toEqual([
      'aged-12-to-13-at-offence',
      'offence-not-answerable-at-age',
    ]);
  });

  it('a refusal reads the latest offence: offences from 11 up to the 12th birthday are refused', () => {
    const facts = conviction('2015-09-01', ['232'], { lastOffenceDate: d('2016-06-15') });
    expect(isBelowAgeOfCriminalResponsibility(facts)).toBe(true);
  });

  it('a record that is not a conviction raises no CL art. 17 flag at 13', () => {
    const facts = conviction('2017-09-01', ['264'], {
      recordType: 'compulsory-measure',
      sentence: undefined,
    });
    expect(criminalResponsibilityFlags(facts)).toEqual([]);
  });

  it('reads the birth date favourably: younger by the ID than by the stated date → refused', () => {
    // Stated 2004-06-15 (12 on 2016-09-01); the ID says 2005-06-15 (11 then).
    const facts = conviction('2016-09-01', ['232'], { dateOfBirthOnNationalId: d('2005-06-15') });
    expect(isBelowAgeOfCriminalResponsibility(facts)).toBe(true);
    expect(isBelowAgeOfCriminalResponsibility({ ...facts, dateOfBirthOnNationalId: DOB })).toBe(
      false,
    );
    // At 13 by the ID, 14 by the stated date: robbery is not answerable yet.
    expect(
      criminalResponsibilityFlags(
        conviction('2018-09-01', ['263'], { dateOfBirthOnNationalId: d('2005-06-15') }),
      ),
    ).toEqual(['aged-12-to-13-at-offence', 'offence-not-answerable-at-age']);
  });

  it('reads the ages and the articles from the parameters', () => {
    const params = {
      ...LEGAL_PARAMETERS,
      criminalResponsibility: {
        ...LEGAL_PARAMETERS.criminalResponsibility,
        minimumAge: 13,
        fourteenToFifteen: [...LEGAL_PARAMETERS.criminalResponsibility.fourteenToFifteen, '264'],
      },
    };
    expect(isBelowAgeOfCriminalResponsibility(conviction('2016-09-01', ['232']), params)).toBe(
      true,
    );
    expect(criminalResponsibilityFlags(conviction(AGE_15_DATE, ['264']), params)).toEqual([]);
  });
});
