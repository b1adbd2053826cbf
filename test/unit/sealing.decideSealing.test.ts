/**
 * `decideSealing` guard by guard (RULES.md §§1–2): the exact articles each outcome cites — a
 * decision's `basis` is what the person's own view and the audit trail show, so a missing or
 * a stray citation is a wrong statement of the law — the review flags, and the errors for
 * facts that leave the decision open.
 */
import { describe, expect, it } from 'vitest';
import { addCalendarMonths, parseCivilDate } from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '#shared/domain/law/parameters.ts';
import {
  InvalidRecordFactsError,
  type Offence,
  type RecordFacts,
  type RecordType,
  recordTypes,
  type Sentence,
} from '#shared/domain/record.ts';
import {
  decideSealing,
  exceedsSealingThreshold,
  isExactlyAtThreshold,
  requireMinority,
  requireSentence,
} from '#shared/domain/sealing/decideSealing.ts';

const d = parseCivilDate;

/** RULES.md §7: 18th birthday 2022-06-15. */
const DOB = d('2004-06-15');
const AGE_15 = '2019-09-01';
const AGE_16 = '2020-09-01';
const AGE_17 = '2021-09-01';
const ADULT = '2023-03-01';

const theft: Offence = { name: 'theft', article: '264', intentional: true };
const fraud: Offence = { name: 'fraud', article: '266', intentional: true };

/** Effective a year after the offence: always after 2013 here unless a test says otherwise. */
function facts(
  recordType: RecordType,
  offenceDate: string,
  overrides: Partial<RecordFacts> = {},
): RecordFacts {
  const offence = d(offenceDate);
  return {
    recordType,
    dateOfBirth: DOB,
    offenceDate: offence,
    effectiveDate: addCalendarMonths(offence, 12),
    offences: [theft],
    ...overrides,
  };
}

const judgment = (offenceDate: string, sentence: Sentence, overrides: Partial<RecordFacts> = {}) =>
  facts('judgment', offenceDate, { sentence, ...overrides });

const years = (months: number): Sentence => ({ penalty: 'fixed-term-imprisonment', months });

/** The citations, by the article each names (LEGAL_PARAMETERS.basis). */
const CPL_286 = 'CPL art. 286';
const IM_3 = 'IM art. 3';
const IM_4 = 'IM art. 4';
const IM_4_2 = 'IM art. 4 §2';
const IM_7 = 'IM art. 7';
const IM_23 = 'IM art. 23';
const IM_24 = 'IM art. 24';
const CL_17 = 'CL art. 17';
const CL_37 = 'CL art. 37';
const CL_69 = 'CL art. 69';
const CL_99 = 'CL art. 99';
const MPS_2 = 'MPS art. 2';
const PJDL_59 = 'PJDL art. 59';
const SPC2006_2 = 'SPC-2006 art. 2';
const SPC2021_146 = 'SPC-2021 art. 146';
const SPC2021_581 = 'SPC-2021 art. 581';

/** What ingestion stores and returns, in that order: the rule, then how the age was read. */
function outcome(input: RecordFacts, params?: LegalParameters) {
  const { sealed, minor, conviction, disclosable, basis, reviewFlags } = decideSealing(
    input,
    params,
  );
  return { sealed, minor, conviction, disclosable, basis, reviewFlags };
}

describe('decideSealing: a minor’s conviction, by penalty (RULES.md §2 table)', () => {
  it.each<[string, Sentence, boolean, string[]]>([
    // Fixed-term imprisonment cites the inclusive reading of "not more than five years".
    ['24 months', years(24), true, [CPL_286, IM_4, CL_99, IM_24, SPC2006_2]],
    ['60 months (inclusive)', years(60), true, [CPL_286, IM_4, CL_99, IM_24, SPC2006_2]],
    [
      '24 months suspended: the imposed term counts',
      { ...years(24), suspended: true, probationMonths: 36 },
      true,
      [CPL_286, IM_4, CL_99, IM_24, SPC2006_2],
    ],
    // Over the threshold: not sealed, and a criminal record (MPS art. 2).
    ['61 months', years(61), false, [CPL_286, IM_4, CL_99, IM_24, MPS_2, SPC2006_2]],
    [
      'criminal detention',
      { penalty: 'criminal-detention', months: 6 },
      true,
      [CPL_286, IM_4, SPC2006_2],
    ],
    [
      'public surveillance',
      { penalty: 'public-surveillance', months: 12 },
      true,
      [CPL_286, IM_4, SPC2006_2],
    ],
    [
      'supplementary penalty only',
      { penalty: 'supplementary-only' },
      true,
      [CPL_286, IM_4, SPC2006_2],
    ],
    // Exemption cites CL art. 37 and the juvenile exemption of SPC-2021 art. 581.
    [
      'exempted from punishment',
      { penalty: 'exempted' },
      true,
      [CPL_286, IM_4, CL_37, SPC2021_581, SPC2006_2],
    ],
    [
      'life imprisonment',
      { penalty: 'life-imprisonment' },
      false,
      [CPL_286, IM_4, MPS_2, SPC2006_2],
    ],
  ])('%s → sealed %s, basis %j', (_name, sentence, sealed, basis) => {
    expect(outcome(judgment(AGE_16, sentence))).toEqual({
      sealed,
      minor: true,
      conviction: true,
      disclosable: !sealed,
      basis,
      reviewFlags: [],
    });
  });

  it('death for a minor’s offence: not sealed, and flagged (CL art. 49 forbids it)', () => {
    expect(outcome(judgment(AGE_17, { penalty: 'death' }))).toEqual({
      sealed: false,
      minor: true,
      conviction: true,
      disclosable: true,
      basis: [CPL_286, IM_4, MPS_2, SPC2006_2],
      reviewFlags: ['death-penalty-for-minor-offence'],
    });
  });

  it('several offences cite the combined punishment (CL art. 69); one offence does not', () => {
    expect(outcome(judgment(AGE_16, years(24), { offences: [theft, fraud] })).basis).toEqual([
      CPL_286,
      IM_4,
      CL_99,
      IM_24,
      CL_69,
      SPC2006_2,
    ]);
    expect(outcome(judgment(AGE_16, years(24), { offences: [theft] })).basis).not.toContain(CL_69);
    expect(outcome(judgment(AGE_16, years(72), { offences: [theft, fraud] })).basis).toEqual([
      CPL_286,
      IM_4,
      CL_99,
      IM_24,
      CL_69,
      MPS_2,
      SPC2006_2,
    ]);
  });
});

describe('decideSealing: an adult’s conviction is never sealed, whatever the penalty', () => {
  it.each<Sentence>([
    years(24),
    years(60),
    { penalty: 'criminal-detention', months: 3 },
    { penalty: 'exempted' },
    { penalty: 'supplementary-only' },
  ])('%j → a disclosable criminal record citing CPL art. 286 and MPS art. 2 only', (sentence) => {
    expect(outcome(judgment(ADULT, sentence))).toEqual({
      sealed: false,
      minor: false,
      conviction: true,
      disclosable: true,
      basis: [CPL_286, MPS_2, SPC2006_2],
      reviewFlags: [],
    });
  });

  it('death for an adult’s offence is not flagged: the bar is for minors only', () => {
    expect(outcome(judgment(ADULT, { penalty: 'death' })).reviewFlags).toEqual([]);
  });

  it('several offences of an adult cite CL art. 69 too', () => {
    expect(outcome(judgment(ADULT, years(24), { offences: [theft, fraud] })).basis).toEqual([
      CPL_286,
      CL_69,
      MPS_2,
      SPC2006_2,
    ]);
  });
});

describe('decideSealing: non-conviction records (IM arts. 3, 7; PJDL art. 59; MPS art. 2)', () => {
  const nonConvictions = recordTypes.filter((type) => type !== 'judgment');

  it.each(nonConvictions)('%s of a minor: sealed, never disclosable', (recordType) => {
    expect(outcome(facts(recordType, AGE_16))).toEqual({
      sealed: true,
      minor: true,
      conviction: false,
      disclosable: false,
      basis:
        recordType === 'acquittal'
          ? [IM_3, IM_7, PJDL_59, MPS_2, SPC2006_2]
          : [IM_3, PJDL_59, MPS_2, SPC2006_2],
      reviewFlags: [],
    });
  });

  it.each(nonConvictions)('%s of an adult: not sealed, and still not a criminal record', (type) => {
    expect(outcome(facts(type, ADULT))).toEqual({
      sealed: false,
      minor: false,
      conviction: false,
      disclosable: false,
      basis: [MPS_2, IM_3, SPC2006_2],
      reviewFlags: [],
    });
  });
});

describe('decideSealing: no date floor (IM art. 23), cited for what took effect before 2013', () => {
  // Born 1995-03-10: a minor until 2013-03-10.
  const early = (effectiveDate: string, sentence: Sentence = years(36)) =>
    judgment('2011-05-01', sentence, {
      dateOfBirth: d('1995-03-10'),
      effectiveDate: d(effectiveDate),
    });

  it('effective on 2012-12-31, the day before CPL art. 286 took effect: sealed, citing IM art. 23', () => {
    expect(outcome(early('2012-12-31'))).toMatchObject({
      sealed: true,
      basis: [CPL_286, IM_4, CL_99, IM_24, IM_23, SPC2006_2],
    });
  });

  it('effective on 2013-01-01: sealed without IM art. 23', () => {
    expect(outcome(early('2013-01-01'))).toMatchObject({
      sealed: true,
      basis: [CPL_286, IM_4, CL_99, IM_24, SPC2006_2],
    });
  });

  it('a minor’s conviction over 60 months before 2013 is not sealed, so IM art. 23 is not cited', () => {
    expect(outcome(early('2012-06-01', years(72)))).toMatchObject({
      sealed: false,
      basis: [CPL_286, IM_4, CL_99, IM_24, MPS_2, SPC2006_2],
    });
  });

  it('a minor’s non-prosecution before 2013 cites it too', () => {
    const input = facts('non-prosecution', '2011-05-01', {
      dateOfBirth: d('1995-03-10'),
      effectiveDate: d('2011-09-01'),
    });
    expect(outcome(input).basis).toEqual([IM_3, PJDL_59, MPS_2, IM_23, SPC2006_2]);
  });

  it('an adult’s non-conviction record before 2013 is not sealed and does not cite it', () => {
    const input = facts('non-prosecution', '2011-05-01', {
      dateOfBirth: d('1980-03-10'),
      effectiveDate: d('2011-09-01'),
    });
    expect(outcome(input)).toMatchObject({ sealed: false, basis: [MPS_2, IM_3, SPC2006_2] });
  });

  it('reads the date the law took effect from the parameters', () => {
    const params = { ...LEGAL_PARAMETERS, sealingLawInForce: d('2014-01-01') };
    expect(outcome(early('2013-06-01'), params).basis).toContain(IM_23);
  });
});

describe('decideSealing: how the age was read is cited after the rule', () => {
  it('age not established: a minor, citing SPC-2021 art. 146 instead of SPC-2006 art. 2', () => {
    expect(outcome(judgment(ADULT, years(24), { ageEstablished: false }))).toEqual({
      sealed: true,
      minor: true,
      conviction: true,
      disclosable: false,
      basis: [CPL_286, IM_4, CL_99, IM_24, SPC2021_146],
      reviewFlags: ['age-not-established'],
    });
  });

  it('a birth date that contradicts the ID: both articles, flagged', () => {
    const input = judgment('2022-01-10', years(24), {
      dateOfBirth: d('2003-06-15'),
      dateOfBirthOnNationalId: DOB,
    });
    expect(outcome(input)).toMatchObject({
      sealed: true,
      basis: [CPL_286, IM_4, CL_99, IM_24, SPC2006_2, SPC2021_146],
      reviewFlags: ['date-of-birth-contradicts-national-id'],
    });
  });

  it('offences straddling the 18th birthday, main conduct before it: sealed, citing IM art. 4 §2', () => {
    const input = judgment('2022-05-01', years(30), {
      lastOffenceDate: d('2022-08-01'),
      mainConductAsMinor: true,
    });
    expect(outcome(input)).toEqual({
      sealed: true,
      minor: true,
      conviction: true,
      disclosable: false,
      basis: [CPL_286, IM_4, CL_99, IM_24, SPC2006_2, IM_4_2],
      reviewFlags: [],
    });
  });

  it('main conduct after it: an adult’s conviction, citing IM art. 4 §2, flagged', () => {
    const input = judgment('2022-05-01', years(30), {
      lastOffenceDate: d('2022-08-01'),
      mainConductAsMinor: false,
    });
    expect(outcome(input)).toEqual({
      sealed: false,
      minor: false,
      conviction: true,
      disclosable: true,
      basis: [CPL_286, MPS_2, SPC2006_2, IM_4_2],
      reviewFlags: ['main-conduct-after-18'],
    });
  });
});

describe('decideSealing: CL art. 17 is cited exactly when it raises a flag', () => {
  it('age 15, theft (CL 264), 12 months: sealed, flagged, CL art. 17 cited (RULES.md §7)', () => {
    expect(outcome(judgment(AGE_15, years(12)))).toEqual({
      sealed: true,
      minor: true,
      conviction: true,
      disclosable: false,
      basis: [CPL_286, IM_4, CL_99, IM_24, CL_17, SPC2006_2],
      reviewFlags: ['offence-not-answerable-at-age'],
    });
  });

  it('a flag from the age reading alone (born 29 February) does not cite CL art. 17', () => {
    const input = judgment('2021-03-01', years(24), { dateOfBirth: d('2004-02-29') });
    expect(outcome(input)).toMatchObject({
      basis: [CPL_286, IM_4, CL_99, IM_24, SPC2006_2],
      reviewFlags: ['born-29-february'],
    });
  });

  it('a non-conviction record at 13 raises no CL art. 17 flag: no one was convicted', () => {
    expect(outcome(facts('compulsory-measure', '2017-09-01'))).toMatchObject({
      basis: [IM_3, PJDL_59, MPS_2, SPC2006_2],
      reviewFlags: [],
    });
  });
});

describe('decideSealing: exactly 60 months on a retrial (RULES.md §4, ground 3)', () => {
  it('a minor’s retrial deciding exactly 60 months stays sealed, flagged', () => {
    expect(outcome(judgment(AGE_16, years(60), { retrial: true }))).toMatchObject({
      sealed: true,
      reviewFlags: ['exactly-60-months-on-retrial'],
    });
  });

  it.each<[string, RecordFacts]>([
    ['a first-instance judgment of exactly 60 months', judgment(AGE_16, years(60))],
    ['a retrial of 59 months', judgment(AGE_16, years(59), { retrial: true })],
    ['a retrial of 61 months', judgment(AGE_16, years(61), { retrial: true })],
    ['an adult’s retrial of exactly 60 months', judgment(ADULT, years(60), { retrial: true })],
  ])('%s is not flagged', (_name, input) => {
    expect(outcome(input).reviewFlags).toEqual([]);
  });

  it('only imprisonment is read against the threshold: detention of as many months is not flagged', () => {
    const params = { ...LEGAL_PARAMETERS, sealingThresholdMonths: 12 };
    const detention: Sentence = { penalty: 'criminal-detention', months: 12 };
    expect(isExactlyAtThreshold(detention, params)).toBe(false);
    expect(isExactlyAtThreshold(years(12), params)).toBe(true);
    expect(outcome(judgment(AGE_16, detention, { retrial: true }), params).reviewFlags).toEqual([]);
  });

  it('flags come in the canonical order, whichever rule raised them', () => {
    // On the 16th birthday (29 February 2020): still 15, and theft is not answerable at 15.
    const input = judgment('2020-02-29', years(60), {
      dateOfBirth: d('2004-02-29'),
      effectiveDate: d('2021-03-01'),
      retrial: true,
    });
    expect(outcome(input).reviewFlags).toEqual([
      'born-29-february',
      'exactly-60-months-on-retrial',
      'offence-not-answerable-at-age',
    ]);
  });
});

describe('exceedsSealingThreshold (CPL art. 286; CL art. 99; IM art. 24)', () => {
  it.each<[Sentence, boolean]>([
    [years(60), false],
    [years(61), true],
    [{ penalty: 'life-imprisonment' }, true],
    [{ penalty: 'death' }, true],
    [{ penalty: 'criminal-detention', months: 12 }, false],
    [{ penalty: 'public-surveillance', months: 36 }, false],
    [{ penalty: 'supplementary-only' }, false],
    [{ penalty: 'exempted' }, false],
  ])('%j → %s', (sentence, expected) => {
    expect(exceedsSealingThreshold(sentence)).toBe(expected);
  });

  it('a suspended term counts as imposed', () => {
    expect(exceedsSealingThreshold({ ...years(61), suspended: true, probationMonths: 60 })).toBe(
      true,
    );
  });

  it('fixed-term imprisonment without a term leaves the decision open: months-required', () => {
    expect(() => exceedsSealingThreshold({ penalty: 'fixed-term-imprisonment' })).toThrow(
      expect.objectContaining({
        code: 'invalid-record-facts',
        issues: [
          {
            path: 'sentence.months',
            code: 'months-required',
            message: expect.stringMatching(/\w/),
          },
        ],
      }),
    );
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])(
    'a term of %d months is no term: months-out-of-range',
    (months) => {
      expect(() => exceedsSealingThreshold(years(months))).toThrow(
        expect.objectContaining({
          issues: [
            {
              path: 'sentence.months',
              code: 'months-out-of-range',
              message: expect.stringMatching(/\w/),
            },
          ],
        }),
      );
    },
  );
});

describe('facts that leave the decision open', () => {
  it('a judgment without a sentence: sentence-required, whoever it concerns', () => {
    for (const offenceDate of [AGE_16, ADULT]) {
      const input = facts('judgment', offenceDate);
      expect(() => requireSentence(input)).toThrow(InvalidRecordFactsError);
      expect(() => decideSealing(input)).toThrow(
        expect.objectContaining({
          issues: [
            { path: 'sentence', code: 'sentence-required', message: expect.stringMatching(/\w/) },
          ],
        }),
      );
    }
  });

  it('a non-conviction record needs no sentence', () => {
    expect(() => decideSealing(facts('acquittal', AGE_16))).not.toThrow();
  });

  it('straddling offences without the main-conduct judgement: main-conduct-required', () => {
    const input = judgment('2022-05-01', years(30), { lastOffenceDate: d('2022-08-01') });
    const expected = expect.objectContaining({
      issues: [
        {
          path: 'mainConductAsMinor',
          code: 'main-conduct-required',
          message: expect.stringMatching(/\w/),
        },
      ],
    });
    expect(() => requireMinority(input, LEGAL_PARAMETERS)).toThrow(expected);
    expect(() => decideSealing({ ...input, recordType: 'non-prosecution' })).toThrow(expected);
  });

  it('records the parameters version it decided under', () => {
    const params = { ...LEGAL_PARAMETERS, version: 'test.7' };
    expect(decideSealing(judgment(AGE_16, years(24)), params).parametersVersion).toBe('test.7');
  });
});

/**
 * The disclosable set is filled from this decision at ingestion — before the sealing service
 * has looked at the person's other records (`usecases/ingestRecord.ts` adds an entry exactly
 * when `decision.disclosable`). So `disclosable` must be false for every sealed record on its
 * own, with no later step to correct it.
 */
describe('a sealed conviction is never disclosable, from the moment it is decided', () => {
  const sealedConvictions: [string, RecordFacts][] = [
    ['on the 18th birthday, 24 months', judgment('2022-06-15', years(24))],
    ['age 16, 60 months', judgment(AGE_16, years(60))],
    ['age 17, 36 months suspended', judgment(AGE_17, { ...years(36), suspended: true })],
    ['age 16, exempted', judgment(AGE_16, { penalty: 'exempted' })],
    ['age 16, supplementary only', judgment(AGE_16, { penalty: 'supplementary-only' })],
    ['age not established', judgment(ADULT, years(24), { ageEstablished: false })],
    [
      'straddling, main conduct before 18',
      judgment('2022-05-01', years(30), {
        lastOffenceDate: d('2022-08-01'),
        mainConductAsMinor: true,
      }),
    ],
    [
      'effective before 2013',
      judgment('2011-05-01', years(36), {
        dateOfBirth: d('1995-03-10'),
        effectiveDate: d('2012-01-01'),
      }),
    ],
  ];

  it.each(sealedConvictions)('%s: sealed, a conviction, not disclosable', (_name, input) => {
    expect(decideSealing(input)).toMatchObject({
      sealed: true,
      conviction: true,
      disclosable: false,
    });
  });

  it('the day after the 18th birthday the same conviction is disclosable', () => {
    expect(decideSealing(judgment('2022-06-16', years(24)))).toMatchObject({
      sealed: false,
      disclosable: true,
    });
  });
});
