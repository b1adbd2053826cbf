/**
 * The checks a submitted record's facts must pass before the rules decide on them (API.md,
 * Records): each check at its boundary, with the field it names — the 400 a submitter gets
 * names the field and says why, from the parameters, never from a copy of them.
 */
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import {
  InvalidRecordFactsError,
  isConviction,
  type RecordFacts,
  type RecordType,
  recordFactsIssues,
  recordTypes,
  type Sentence,
} from '#shared/domain/record.ts';

const d = parseCivilDate;

/** Born 2004-06-15; an offence at 16, effective a year later. */
function facts(overrides: Partial<RecordFacts> = {}): RecordFacts {
  return {
    recordType: 'judgment',
    dateOfBirth: d('2004-06-15'),
    offenceDate: d('2020-09-01'),
    effectiveDate: d('2021-09-01'),
    sentence: { penalty: 'fixed-term-imprisonment', months: 24 },
    offences: [{ name: 'theft', article: '264', intentional: true }],
    ...overrides,
  };
}

/** Each issue as `path code`; every one also says why, in words. */
const issues = (input: RecordFacts) =>
  recordFactsIssues(input).map(({ path, code, message }) => {
    expect(message).toMatch(/[a-z]{3}/);
    return `${path} ${code}`;
  });

describe('isConviction (MPS art. 2)', () => {
  it.each(recordTypes)('%s', (recordType) => {
    expect(isConviction(recordType)).toBe(recordType === 'judgment');
  });
});

describe('dates', () => {
  const related: Partial<RecordFacts> = { recordType: 'social-investigation', sentence: undefined };

  it.each(['dateOfBirth', 'offenceDate', 'lastOffenceDate', 'effectiveDate'] as const)(
    'a %s that is no real date is named; nothing is compared with it',
    (field) => {
      expect(issues(facts({ [field]: '2021-02-29' as never }))).toEqual([`${field} invalid-date`]);
    },
  );

  it('the sentence is still checked when a date is not valid', () => {
    expect(issues(facts({ effectiveDate: 'soon' as never, sentence: undefined }))).toEqual([
      'effectiveDate invalid-date',
      'sentence sentence-required',
    ]);
  });

  it.each<[string, Partial<RecordFacts>, string[]]>([
    // Not a conviction: CL art. 17 would refuse one at that age.
    ['offence on the day of birth', { ...related, offenceDate: d('2004-06-15') }, []],
    [
      'offence the day before birth',
      { ...related, offenceDate: d('2004-06-14') },
      ['offenceDate offence-before-birth'],
    ],
    ['offence on the effective date', { offenceDate: d('2021-09-01') }, []],
    [
      'offence the day after the effective date',
      { offenceDate: d('2021-09-02') },
      ['offenceDate offence-after-effective-date'],
    ],
    ['last offence on the first offence’s day', { lastOffenceDate: d('2020-09-01') }, []],
    [
      'last offence the day before the first',
      { lastOffenceDate: d('2020-08-31') },
      ['lastOffenceDate last-offence-before-first'],
    ],
    ['last offence on the effective date', { lastOffenceDate: d('2021-09-01') }, []],
    [
      'last offence the day after the effective date',
      { lastOffenceDate: d('2021-09-02') },
      ['lastOffenceDate offence-after-effective-date'],
    ],
  ])('%s → %j', (_name, overrides, expected) => {
    expect(issues(facts(overrides))).toEqual(expected);
  });

  it('a conviction for an act at 11 is refused, the message citing the age and CL art. 17', () => {
    const found = recordFactsIssues(facts({ offenceDate: d('2015-09-01') }));
    expect(found).toEqual([
      {
        path: 'offenceDate',
        code: 'below-age-of-criminal-responsibility',
        message: expect.stringMatching(/12.*CL art\. 17/),
      },
    ]);
  });

  it('the main-conduct judgement is required exactly when offences straddle the 18th birthday', () => {
    const straddling = facts({ offenceDate: d('2022-05-01'), lastOffenceDate: d('2022-08-01') });
    expect(issues({ ...straddling, effectiveDate: d('2023-01-01') })).toEqual([
      'mainConductAsMinor main-conduct-required',
    ]);
    expect(
      issues({ ...straddling, effectiveDate: d('2023-01-01'), mainConductAsMinor: true }),
    ).toEqual([]);
  });
});

describe('the sentence', () => {
  const nonConvictions = recordTypes.filter((type) => type !== 'judgment');

  it.each(nonConvictions)('a %s has none, and needs no offences', (recordType: RecordType) => {
    expect(issues(facts({ recordType, sentence: undefined, offences: [] }))).toEqual([]);
    expect(issues(facts({ recordType }))).toEqual(['sentence sentence-not-allowed']);
  });

  it('a judgment needs its offences and its sentence', () => {
    expect(issues(facts({ offences: [], sentence: undefined }))).toEqual([
      'offences offences-required',
      'sentence sentence-required',
    ]);
  });

  it.each<[Sentence, string[]]>([
    [{ penalty: 'fixed-term-imprisonment', months: 6 }, []],
    [{ penalty: 'fixed-term-imprisonment', months: 5 }, ['sentence.months months-out-of-range']],
    [{ penalty: 'fixed-term-imprisonment', months: 300 }, []],
    [{ penalty: 'fixed-term-imprisonment', months: 301 }, ['sentence.months months-out-of-range']],
    [{ penalty: 'fixed-term-imprisonment', months: 24.5 }, ['sentence.months months-out-of-range']],
    [{ penalty: 'fixed-term-imprisonment' }, ['sentence.months months-required']],
    [{ penalty: 'criminal-detention', months: 1 }, []],
    [{ penalty: 'criminal-detention', months: 0 }, ['sentence.months months-out-of-range']],
    [{ penalty: 'criminal-detention', months: 12 }, []],
    [{ penalty: 'criminal-detention' }, ['sentence.months months-required']],
    [{ penalty: 'public-surveillance', months: 3 }, []],
    [{ penalty: 'public-surveillance', months: 36 }, []],
    [{ penalty: 'public-surveillance' }, ['sentence.months months-required']],
    [{ penalty: 'life-imprisonment' }, []],
    [{ penalty: 'exempted' }, []],
  ])('%j → %j', (sentence, expected) => {
    expect(issues(facts({ sentence }))).toEqual(expected);
  });

  it('an out-of-range term is explained with the range', () => {
    expect(
      recordFactsIssues(facts({ sentence: { penalty: 'criminal-detention', months: 13 } }))[0]
        ?.message,
    ).toMatch(/criminal-detention.*1.*12/);
  });
});

describe('suspension and probation (CL arts. 72–73)', () => {
  const imprisonment = (months: number, extra: Partial<Sentence> = {}): Sentence => ({
    penalty: 'fixed-term-imprisonment',
    months,
    ...extra,
  });

  it.each<[Sentence, string[]]>([
    [imprisonment(36, { suspended: true }), []],
    [imprisonment(37, { suspended: true }), ['sentence.suspended suspension-not-allowed']],
    [{ penalty: 'criminal-detention', months: 12, suspended: true }, []],
    [
      { penalty: 'public-surveillance', months: 12, suspended: true },
      ['sentence.suspended suspension-not-allowed'],
    ],
    [{ penalty: 'exempted', suspended: true }, ['sentence.suspended suspension-not-allowed']],
    [imprisonment(48, { suspended: false }), []],
    // The probation: at least the term, within 12–60 months for imprisonment.
    [imprisonment(24, { suspended: true, probationMonths: 24 }), []],
    [
      imprisonment(24, { suspended: true, probationMonths: 23 }),
      ['sentence.probationMonths probation-out-of-range'],
    ],
    [imprisonment(6, { suspended: true, probationMonths: 12 }), []],
    [
      imprisonment(6, { suspended: true, probationMonths: 11 }),
      ['sentence.probationMonths probation-out-of-range'],
    ],
    [imprisonment(36, { suspended: true, probationMonths: 60 }), []],
    [
      imprisonment(36, { suspended: true, probationMonths: 61 }),
      ['sentence.probationMonths probation-out-of-range'],
    ],
    // Within 2–12 months for criminal detention.
    [
      { penalty: 'criminal-detention', months: 1, suspended: true, probationMonths: 1 },
      ['sentence.probationMonths probation-out-of-range'],
    ],
    [{ penalty: 'criminal-detention', months: 1, suspended: true, probationMonths: 2 }, []],
    [
      { penalty: 'criminal-detention', months: 3, suspended: true, probationMonths: 13 },
      ['sentence.probationMonths probation-out-of-range'],
    ],
    [
      { penalty: 'fixed-term-imprisonment', suspended: true, probationMonths: 12 },
      ['sentence.months months-required'],
    ],
    // Not a whole number of months, at least 1.
    [
      imprisonment(24, { suspended: true, probationMonths: 0 }),
      ['sentence.probationMonths invalid-probation'],
    ],
    [
      imprisonment(24, { suspended: true, probationMonths: 30.5 }),
      ['sentence.probationMonths invalid-probation'],
    ],
    // A probation without suspension, or with a suspension the law does not allow.
    [
      imprisonment(24, { probationMonths: 24 }),
      ['sentence.probationMonths probation-without-suspension'],
    ],
    [
      imprisonment(24, { suspended: false, probationMonths: 24 }),
      ['sentence.probationMonths probation-without-suspension'],
    ],
    [
      imprisonment(48, { suspended: true, probationMonths: 48 }),
      ['sentence.suspended suspension-not-allowed'],
    ],
  ])('%j → %j', (sentence, expected) => {
    expect(issues(facts({ sentence }))).toEqual(expected);
  });

  it('the messages state the limits from the parameters, with the article', () => {
    const [suspension] = recordFactsIssues(
      facts({ sentence: imprisonment(48, { suspended: true }) }),
    );
    expect(suspension?.message).toMatch(/36.*CL art\. 72/);
    const [probation] = recordFactsIssues(
      facts({ sentence: imprisonment(24, { suspended: true, probationMonths: 61 }) }),
    );
    expect(probation?.message).toMatch(/12.*60.*CL art\. 73/);
    const params = {
      ...LEGAL_PARAMETERS,
      maxSuspendableMonths: {
        ...LEGAL_PARAMETERS.maxSuspendableMonths,
        'fixed-term-imprisonment': 48,
      },
    };
    expect(
      recordFactsIssues(facts({ sentence: imprisonment(48, { suspended: true }) }), params),
    ).toEqual([]);
  });
});

describe('InvalidRecordFactsError', () => {
  it('carries every issue, and names fields and codes only', () => {
    const error = new InvalidRecordFactsError([
      { path: 'sentence', code: 'sentence-required', message: 'A judgment has one' },
      { path: 'offences', code: 'offences-required', message: 'List the offences' },
    ]);
    expect(error).toMatchObject({
      name: 'InvalidRecordFactsError',
      code: 'invalid-record-facts',
      message: 'invalid-record-facts: sentence sentence-required, offences offences-required',
    });
    expect(error.issues).toHaveLength(2);
  });
});
