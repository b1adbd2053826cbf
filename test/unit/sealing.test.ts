import { describe, expect, it } from 'vitest';
import { addCalendarMonths, parseCivilDate } from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '#shared/domain/law/parameters.ts';
import {
  InvalidRecordFactsError,
  type Penalty,
  penalties,
  type RecordFacts,
  type RecordType,
  type ReviewFlag,
  recordFactsIssues,
  recordTypes,
  type Sentence,
} from '#shared/domain/record.ts';
import { decideSealing } from '#shared/domain/sealing/decideSealing.ts';
import { sealedInformationMark } from '#shared/domain/sealing/jointCrime.ts';
import {
  determineMinority,
  isMinorOn,
  straddlesEighteenthBirthday,
} from '#shared/domain/sealing/minority.ts';

const d = parseCivilDate;

/** RULES.md §7: date of birth of the worked cases (18th birthday 2022-06-15). */
const DOB = d('2004-06-15');
const AGE_13 = '2017-09-01';
const AGE_15 = '2019-09-01';
const AGE_16 = '2020-09-01';
const AGE_17 = '2021-09-01';

const theft = [{ name: 'theft', article: '264', intentional: true }];

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
    effectiveDate: addCalendarMonths(offence, 8),
    offences: theft,
    ...overrides,
  };
}

function judgment(
  offenceDate: string,
  sentence: Sentence,
  overrides: Partial<RecordFacts> = {},
): RecordFacts {
  return facts('judgment', offenceDate, { sentence, ...overrides });
}

const years = (months: number): Sentence => ({ penalty: 'fixed-term-imprisonment', months });

type Outcome = { sealed: boolean; minor: boolean; conviction: boolean; disclosable: boolean };
const SEALED_CONVICTION: Outcome = {
  sealed: true,
  minor: true,
  conviction: true,
  disclosable: false,
};
const MINOR_UNSEALED: Outcome = { sealed: false, minor: true, conviction: true, disclosable: true };
const ADULT_CONVICTION: Outcome = {
  sealed: false,
  minor: false,
  conviction: true,
  disclosable: true,
};
const SEALED_NON_CONVICTION: Outcome = {
  sealed: true,
  minor: true,
  conviction: false,
  disclosable: false,
};
const ADULT_NON_CONVICTION: Outcome = {
  sealed: false,
  minor: false,
  conviction: false,
  disclosable: false,
};

type Case = {
  name: string;
  facts: RecordFacts;
  outcome: Outcome;
  flags?: ReviewFlag[];
  basis?: string[];
};

function expectDecision({ facts: input, outcome, flags = [], basis = [] }: Case): void {
  const decision = decideSealing(input);
  expect({
    sealed: decision.sealed,
    minor: decision.minor,
    conviction: decision.conviction,
    disclosable: decision.disclosable,
  }).toEqual(outcome);
  expect(decision.reviewFlags).toEqual(flags);
  expect(decision.basis.length).toBeGreaterThan(0);
  expect(decision.basis).toEqual(expect.arrayContaining(basis));
  expect(decision.parametersVersion).toBe(LEGAL_PARAMETERS.version);
}

describe('Function: decideSealing', () => {
  describe('RULES.md §7 worked cases (DOB 2004-06-15)', () => {
    const cases: Case[] = [
      {
        name: '2022-06-14, 24 months → sealed',
        facts: judgment('2022-06-14', years(24)),
        outcome: SEALED_CONVICTION,
        basis: ['CPL art. 286', 'IM art. 4', 'CL art. 99', 'IM art. 24', 'SPC-2006 art. 2'],
      },
      {
        name: '2022-06-16, 24 months → not sealed (adult)',
        facts: judgment('2022-06-16', years(24)),
        outcome: ADULT_CONVICTION,
        basis: ['SPC-2006 art. 2', 'MPS art. 2'],
      },
      {
        name: 'age 16, 60 months → sealed',
        facts: judgment(AGE_16, years(60)),
        outcome: SEALED_CONVICTION,
        basis: ['CL art. 99', 'IM art. 24'],
      },
      {
        name: 'age 16, 61 months → not sealed',
        facts: judgment(AGE_16, years(61)),
        outcome: MINOR_UNSEALED,
        basis: ['CPL art. 286', 'CL art. 99', 'IM art. 24'],
      },
      {
        name: 'age 17, life imprisonment → not sealed',
        facts: judgment(AGE_17, { penalty: 'life-imprisonment' }),
        outcome: MINOR_UNSEALED,
        basis: ['CPL art. 286'],
      },
      {
        name: 'age 17, 36 months suspended → sealed',
        facts: judgment(AGE_17, {
          penalty: 'fixed-term-imprisonment',
          months: 36,
          suspended: true,
          probationMonths: 48,
        }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'age 16, non-prosecution → sealed; not a criminal record',
        facts: facts('non-prosecution', AGE_16),
        outcome: SEALED_NON_CONVICTION,
        basis: ['IM art. 3', 'PJDL art. 59', 'MPS art. 2'],
      },
      {
        name: 'age 13, no criminal responsibility → sealed; not a criminal record',
        facts: facts('no-criminal-responsibility', AGE_13),
        outcome: SEALED_NON_CONVICTION,
        basis: ['IM art. 3', 'PJDL art. 59', 'MPS art. 2'],
      },
      {
        name: 'sealed at 17, intentional crime at 25 → the adult conviction is disclosable',
        facts: judgment('2029-07-01', years(36)),
        outcome: ADULT_CONVICTION,
      },
    ];
    it.each(cases)('$name', expectDecision);

    it('age 16, 24 months, adult co-defendant → minor sealed; adult not sealed but marked', () => {
      const minor = decideSealing(judgment(AGE_16, years(24)));
      const adult = decideSealing(judgment(AGE_16, years(24), { dateOfBirth: d('1990-03-02') }));
      expect(minor.sealed).toBe(true);
      expect(adult).toMatchObject({ sealed: false, minor: false, disclosable: true });
      // Each record's mark from its own facts: the adult's names a co-defendant born in 2004.
      const adultMark = sealedInformationMark({
        offenceDate: d(AGE_16),
        subjectDateOfBirth: d('1990-03-02'),
        coDefendantBirthDates: [DOB],
        combinedOffenceDates: [],
      });
      expect(adultMark).toEqual({ marked: true, mark: '含犯罪记录封存信息', basis: ['IM art. 5'] });
      const minorMark = sealedInformationMark({
        offenceDate: d(AGE_16),
        subjectDateOfBirth: DOB,
        coDefendantBirthDates: [d('1990-03-02')],
        combinedOffenceDates: [],
      });
      expect(minorMark).toEqual({ marked: false });
    });
  });

  describe('RULES.md §1: who counts as a minor', () => {
    const cases: Case[] = [
      {
        name: 'an offence on the 18th birthday is a minor’s (SPC-2006 art. 2)',
        facts: judgment('2022-06-15', years(24)),
        outcome: SEALED_CONVICTION,
        basis: ['SPC-2006 art. 2'],
      },
      {
        name: 'an offence the day after the 18th birthday is an adult’s',
        facts: judgment('2022-06-16', years(24)),
        outcome: ADULT_CONVICTION,
      },
      {
        name: 'born 29 Feb 2004: an offence on 2022-03-01 is a minor’s (favourable reading)',
        facts: judgment('2022-03-01', years(24), { dateOfBirth: d('2004-02-29') }),
        outcome: SEALED_CONVICTION,
        flags: ['born-29-february'],
      },
      {
        name: 'born 29 Feb 2004: an offence on 2022-03-02 is an adult’s',
        facts: judgment('2022-03-02', years(24), { dateOfBirth: d('2004-02-29') }),
        outcome: ADULT_CONVICTION,
        flags: ['born-29-february'],
      },
      {
        name: 'born 29 Feb 2004: an offence on 2022-02-28 is a minor’s',
        facts: judgment('2022-02-28', years(24), { dateOfBirth: d('2004-02-29') }),
        outcome: SEALED_CONVICTION,
        flags: ['born-29-february'],
      },
      {
        name: 'age not established → treated as a minor and flagged (SPC-2021 art. 146)',
        facts: judgment('2022-09-01', years(24), { ageEstablished: false }),
        outcome: SEALED_CONVICTION,
        flags: ['age-not-established'],
        basis: ['SPC-2021 art. 146'],
      },
      {
        name: 'age not established, non-conviction record → sealed',
        facts: facts('compulsory-measure', '2023-01-01', { ageEstablished: false }),
        outcome: SEALED_NON_CONVICTION,
        flags: ['age-not-established'],
      },
      {
        name: 'age established explicitly behaves as the default',
        facts: judgment('2022-06-16', years(24), { ageEstablished: true }),
        outcome: ADULT_CONVICTION,
      },
      {
        name: 'offences straddling the 18th birthday, main conduct before 18 → sealable',
        facts: judgment('2022-05-01', years(30), {
          lastOffenceDate: d('2022-08-01'),
          mainConductAsMinor: true,
        }),
        outcome: SEALED_CONVICTION,
        basis: ['IM art. 4 §2'],
      },
      {
        name: 'offences straddling the 18th birthday, main conduct after 18 → not sealed, flagged',
        facts: judgment('2022-05-01', years(30), {
          lastOffenceDate: d('2022-08-01'),
          mainConductAsMinor: false,
        }),
        outcome: ADULT_CONVICTION,
        flags: ['main-conduct-after-18'],
        basis: ['IM art. 4 §2'],
      },
      {
        name: 'several offences all before 18 (last one on the birthday) → sealed',
        facts: judgment('2021-01-10', years(40), {
          lastOffenceDate: d('2022-06-15'),
          offences: [...theft, { name: 'robbery', article: '263', intentional: true }],
        }),
        outcome: SEALED_CONVICTION,
        basis: ['CL art. 69'],
      },
      {
        name: 'several offences all after 18 → adult, main conduct ignored',
        facts: judgment('2022-06-16', years(24), {
          lastOffenceDate: d('2022-09-01'),
          mainConductAsMinor: true,
        }),
        outcome: ADULT_CONVICTION,
      },
    ];
    it.each(cases)('$name', expectDecision);

    it('straddling offences without mainConductAsMinor cannot be decided', () => {
      const input = judgment('2022-05-01', years(30), { lastOffenceDate: d('2022-08-01') });
      expect(() => decideSealing(input)).toThrow(InvalidRecordFactsError);
      try {
        decideSealing(input);
      } catch (error) {
        expect((error as InvalidRecordFactsError).issues).toEqual([
          expect.objectContaining({ path: 'mainConductAsMinor', code: 'main-conduct-required' }),
        ]);
      }
    });
  });

  describe('RULES.md §2: penalties for a minor', () => {
    const cases: Case[] = [
      { name: '24 months', facts: judgment(AGE_16, years(24)), outcome: SEALED_CONVICTION },
      { name: '59 months', facts: judgment(AGE_16, years(59)), outcome: SEALED_CONVICTION },
      {
        name: '60 months (inclusive)',
        facts: judgment(AGE_16, years(60)),
        outcome: SEALED_CONVICTION,
      },
      { name: '61 months', facts: judgment(AGE_16, years(61)), outcome: MINOR_UNSEALED },
      { name: '300 months', facts: judgment(AGE_16, years(300)), outcome: MINOR_UNSEALED },
      {
        name: '60 months combined from several offences (CL art. 69)',
        facts: judgment(AGE_16, years(60), {
          offences: [...theft, { name: 'fraud', article: '266', intentional: true }],
        }),
        outcome: SEALED_CONVICTION,
        basis: ['CL art. 69'],
      },
      {
        name: '24 months suspended, probation 36',
        facts: judgment(AGE_16, { ...years(24), suspended: true, probationMonths: 36 }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'suspended: the imposed term counts, not the probation',
        facts: judgment(AGE_16, { ...years(12), suspended: true, probationMonths: 60 }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'criminal detention',
        facts: judgment(AGE_16, { penalty: 'criminal-detention', months: 6 }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'criminal detention, suspended',
        facts: judgment(AGE_16, { penalty: 'criminal-detention', months: 3, suspended: true }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'public surveillance',
        facts: judgment(AGE_16, { penalty: 'public-surveillance', months: 12 }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'supplementary penalty only',
        facts: judgment(AGE_16, { penalty: 'supplementary-only' }),
        outcome: SEALED_CONVICTION,
      },
      {
        name: 'exempted from criminal punishment',
        facts: judgment(AGE_16, { penalty: 'exempted' }),
        outcome: SEALED_CONVICTION,
        basis: ['CL art. 37', 'SPC-2021 art. 581'],
      },
      {
        name: 'life imprisonment',
        facts: judgment(AGE_17, { penalty: 'life-imprisonment' }),
        outcome: MINOR_UNSEALED,
      },
      {
        name: 'death (unlawful for a minor’s offence: flagged)',
        facts: judgment(AGE_17, { penalty: 'death' }),
        outcome: MINOR_UNSEALED,
        flags: ['death-penalty-for-minor-offence'],
      },
    ];
    it.each(cases)('$name', expectDecision);
  });

  describe('RULES.md §2: every penalty for an adult is an unsealed conviction', () => {
    const sentenceFor = (penalty: Penalty): Sentence => {
      const months: Partial<Record<Penalty, number>> = {
        'fixed-term-imprisonment': 24,
        'criminal-detention': 3,
        'public-surveillance': 6,
      };
      return { penalty, months: months[penalty] };
    };
    it.each(penalties)('%s', (penalty) => {
      expectDecision({
        name: penalty,
        facts: judgment('2023-03-01', sentenceFor(penalty)),
        outcome: ADULT_CONVICTION,
      });
    });
  });

  describe('RULES.md §2: non-conviction records', () => {
    const nonConvictions = recordTypes.filter((type) => type !== 'judgment');

    it.each(nonConvictions)('%s of a minor → sealed, not a criminal record', (recordType) => {
      expectDecision({
        name: recordType,
        facts: facts(recordType, AGE_16),
        outcome: SEALED_NON_CONVICTION,
        basis: ['IM art. 3', 'PJDL art. 59', 'MPS art. 2'],
      });
    });

    it('cites IM art. 7 for an acquittal of a minor, and only for an acquittal', () => {
      for (const recordType of nonConvictions) {
        expect(decideSealing(facts(recordType, AGE_16)).basis.includes('IM art. 7')).toBe(
          recordType === 'acquittal',
        );
      }
    });

    it.each(nonConvictions)('%s of an adult → not sealed, not a criminal record', (recordType) => {
      expectDecision({
        name: recordType,
        facts: facts(recordType, '2023-03-01'),
        outcome: ADULT_NON_CONVICTION,
        basis: ['MPS art. 2'],
      });
    });

    it('a compulsory measure on a withdrawn case of a minor is sealed', () => {
      expect(decideSealing(facts('compulsory-measure', AGE_15)).sealed).toBe(true);
    });
  });

  describe('RULES.md §2: no date floor (IM art. 23)', () => {
    it('a case closed in 2005 is sealed the same way', () => {
      expectDecision({
        name: '2005',
        facts: judgment('2004-11-01', years(36), {
          dateOfBirth: d('1988-03-10'),
          effectiveDate: d('2005-04-20'),
        }),
        outcome: SEALED_CONVICTION,
        basis: ['CPL art. 286', 'IM art. 23'],
      });
    });

    it('a 2005 adult conviction is not sealed', () => {
      const decision = decideSealing(
        judgment('2004-11-01', years(36), {
          dateOfBirth: d('1980-03-10'),
          effectiveDate: d('2005-04-20'),
        }),
      );
      expect(decision).toMatchObject({ sealed: false, disclosable: true });
      expect(decision.basis).not.toContain('IM art. 23');
    });

    it('a 2005 non-prosecution of a minor is sealed', () => {
      const decision = decideSealing(
        facts('non-prosecution', '2004-11-01', {
          dateOfBirth: d('1988-03-10'),
          effectiveDate: d('2005-01-20'),
        }),
      );
      expect(decision).toMatchObject({ sealed: true, conviction: false });
      expect(decision.basis).toContain('IM art. 23');
    });
  });

  describe('input that leaves the decision open', () => {
    it('throws for a judgment without a sentence', () => {
      expect(() => decideSealing(facts('judgment', AGE_16))).toThrow(InvalidRecordFactsError);
    });

    it('throws for fixed-term imprisonment without its term', () => {
      expect(() => decideSealing(judgment(AGE_16, { penalty: 'fixed-term-imprisonment' }))).toThrow(
        InvalidRecordFactsError,
      );
    });
  });

  describe('legal parameters', () => {
    it('uses the threshold and version it is given', () => {
      const params: LegalParameters = {
        ...LEGAL_PARAMETERS,
        version: 'test.1',
        sealingThresholdMonths: 36,
      };
      expect(decideSealing(judgment(AGE_16, years(36)), params)).toMatchObject({
        sealed: true,
        parametersVersion: 'test.1',
      });
      expect(decideSealing(judgment(AGE_16, years(37)), params).sealed).toBe(false);
    });

    it('cites the basis strings it is given', () => {
      const params: LegalParameters = {
        ...LEGAL_PARAMETERS,
        basis: { ...LEGAL_PARAMETERS.basis, juvenileRecordSealing: 'CPL art. 286 (2018)' },
      };
      expect(decideSealing(judgment(AGE_16, years(24)), params).basis).toContain(
        'CPL art. 286 (2018)',
      );
    });
  });
});

describe('Function: straddlesEighteenthBirthday', () => {
  it.each([
    ['2022-05-01', '2022-08-01', undefined, true],
    ['2022-06-15', '2022-06-16', undefined, true],
    ['2022-05-01', '2022-06-15', undefined, false],
    ['2022-06-16', '2022-08-01', undefined, false],
    ['2022-05-01', undefined, undefined, false],
    ['2022-05-01', '2022-08-01', false, false],
  ] as const)('%s … %s (age established: %s) → %s', (first, last, ageEstablished, expected) => {
    expect(
      straddlesEighteenthBirthday({
        dateOfBirth: DOB,
        offenceDate: d(first),
        lastOffenceDate: last === undefined ? undefined : d(last),
        ageEstablished,
      }),
    ).toBe(expected);
  });

  it('reads a 29 February birthday as 1 March', () => {
    const dateOfBirth = d('2004-02-29');
    expect(
      straddlesEighteenthBirthday({
        dateOfBirth,
        offenceDate: d('2022-02-20'),
        lastOffenceDate: d('2022-03-01'),
      }),
    ).toBe(false);
    expect(
      straddlesEighteenthBirthday({
        dateOfBirth,
        offenceDate: d('2022-02-20'),
        lastOffenceDate: d('2022-03-02'),
      }),
    ).toBe(true);
  });
});

describe('Function: determineMinority', () => {
  it('reports the missing main-conduct judgement instead of guessing', () => {
    expect(
      determineMinority({
        dateOfBirth: DOB,
        offenceDate: d('2022-05-01'),
        lastOffenceDate: d('2022-08-01'),
      }),
    ).toMatchObject({ decidable: false, missing: 'mainConductAsMinor' });
  });

  it('honours the age of majority it is given', () => {
    const params = { ...LEGAL_PARAMETERS, ageOfMajority: 16 };
    expect(isMinorOn(DOB, d('2020-06-15'), params)).toBe(true);
    expect(isMinorOn(DOB, d('2020-06-16'), params)).toBe(false);
  });
});

describe('Function: recordFactsIssues', () => {
  const codes = (input: RecordFacts) => recordFactsIssues(input).map((issue) => issue.code);

  it('accepts well-formed facts', () => {
    expect(recordFactsIssues(judgment(AGE_16, years(24)))).toEqual([]);
    expect(recordFactsIssues(facts('non-prosecution', AGE_16))).toEqual([]);
  });

  it('requires mainConductAsMinor exactly when offences straddle the 18th birthday', () => {
    const straddling = judgment('2022-05-01', years(30), { lastOffenceDate: d('2022-08-01') });
    expect(codes(straddling)).toEqual(['main-conduct-required']);
    expect(codes({ ...straddling, mainConductAsMinor: false })).toEqual([]);
    expect(codes({ ...straddling, lastOffenceDate: d('2022-06-15') })).toEqual([]);
  });

  it.each([
    ['sentence-required', facts('judgment', AGE_16)],
    ['sentence-not-allowed', facts('acquittal', AGE_16, { sentence: years(24) })],
    ['months-required', judgment(AGE_16, { penalty: 'criminal-detention' })],
    ['months-out-of-range', judgment(AGE_16, years(301))],
    ['months-out-of-range', judgment(AGE_16, { penalty: 'criminal-detention', months: 13 })],
    ['months-out-of-range', judgment(AGE_16, { penalty: 'public-surveillance', months: 2 })],
    ['months-out-of-range', judgment(AGE_16, years(24.5))],
    ['suspension-not-allowed', judgment(AGE_16, { ...years(48), suspended: true })],
    ['suspension-not-allowed', judgment(AGE_16, { penalty: 'life-imprisonment', suspended: true })],
    ['probation-without-suspension', judgment(AGE_16, { ...years(24), probationMonths: 24 })],
    ['offences-required', judgment(AGE_16, years(24), { offences: [] })],
    ['offence-before-birth', judgment('2003-01-01', years(24))],
    [
      'last-offence-before-first',
      judgment(AGE_16, years(24), { lastOffenceDate: d('2020-01-01') }),
    ],
    [
      'offence-after-effective-date',
      judgment(AGE_16, years(24), { effectiveDate: d('2020-01-01') }),
    ],
    ['invalid-date', judgment(AGE_16, years(24), { effectiveDate: '2023-02-29' as never })],
  ] as const)('%s', (code, input) => {
    expect(codes(input)).toContain(code);
  });
});

describe('RULES.md §1: a date of birth that contradicts the national ID', () => {
  it('decides on the later date (the person is younger) and flags it', () => {
    // Stated 2003: an adult on 2022-01-10; the ID says 2004-06-15: a minor.
    const decision = decideSealing(
      judgment('2022-01-10', years(24), {
        dateOfBirth: d('2003-06-15'),
        dateOfBirthOnNationalId: DOB,
      }),
    );
    expect(decision).toMatchObject({ sealed: true, minor: true });
    expect(decision.reviewFlags).toEqual(['date-of-birth-contradicts-national-id']);
    expect(decision.basis).toContain('SPC-2021 art. 146');
  });

  it('whichever of the two is the later one', () => {
    const decision = decideSealing(
      judgment('2022-01-10', years(24), {
        dateOfBirth: DOB,
        dateOfBirthOnNationalId: d('2003-06-15'),
      }),
    );
    expect(decision).toMatchObject({ sealed: true, minor: true });
    expect(decision.reviewFlags).toEqual(['date-of-birth-contradicts-national-id']);
  });

  it('raises nothing when they agree', () => {
    const decision = decideSealing(
      judgment('2022-01-10', years(24), { dateOfBirthOnNationalId: DOB }),
    );
    expect(decision.reviewFlags).toEqual([]);
  });
});

describe('CL arts. 69, 72–73: terms and probation the court can set', () => {
  const issuesOf = (sentence: Sentence) =>
    recordFactsIssues(judgment(AGE_16, sentence)).map((issue) => issue.code);

  it.each([
    [{ penalty: 'criminal-detention', months: 12 }, []],
    [{ penalty: 'criminal-detention', months: 13 }, ['months-out-of-range']],
    [{ penalty: 'public-surveillance', months: 36 }, []],
    [{ penalty: 'public-surveillance', months: 37 }, ['months-out-of-range']],
    [{ ...years(24), suspended: true, probationMonths: 24 }, []],
    [{ ...years(24), suspended: true, probationMonths: 23 }, ['probation-out-of-range']],
    [{ ...years(6), suspended: true, probationMonths: 11 }, ['probation-out-of-range']],
    [{ ...years(36), suspended: true, probationMonths: 60 }, []],
    [{ penalty: 'criminal-detention', months: 1, suspended: true, probationMonths: 2 }, []],
    [
      { penalty: 'criminal-detention', months: 1, suspended: true, probationMonths: 1 },
      ['probation-out-of-range'],
    ],
    [
      { penalty: 'criminal-detention', months: 6, suspended: true, probationMonths: 5 },
      ['probation-out-of-range'],
    ],
    [
      { penalty: 'criminal-detention', months: 6, suspended: true, probationMonths: 13 },
      ['probation-out-of-range'],
    ],
    [{ ...years(37), suspended: true }, ['suspension-not-allowed']],
  ] as [Sentence, string[]][])('%j → %j', (sentence, codes) => {
    expect(issuesOf(sentence)).toEqual(codes);
  });
});
