import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import {
  InvalidRecordFactsError,
  type RecordFacts,
  type RecordType,
  type Sentence,
} from '#shared/domain/record.ts';
import { decideSealing } from '#shared/domain/sealing/decideSealing.ts';
import {
  decidePersonEffects,
  isDisclosable,
  type PersonRecord,
} from '#shared/domain/sealing/personEffects.ts';

const d = parseCivilDate;

/** RULES.md §7: date of birth of the worked cases (18th birthday 2022-06-15). */
const DOB = d('2004-06-15');
const UNSEALING_BASIS = ['IM art. 18', 'IM art. 19', 'SPP art. 485'];

const years = (months: number, extra: Partial<Sentence> = {}): Sentence => ({
  penalty: 'fixed-term-imprisonment',
  months,
  ...extra,
});

function judgment(
  offenceDate: string,
  effectiveDate: string,
  sentence: Sentence,
  overrides: Partial<RecordFacts> = {},
): RecordFacts {
  return {
    recordType: 'judgment',
    dateOfBirth: DOB,
    offenceDate: d(offenceDate),
    effectiveDate: d(effectiveDate),
    sentence,
    offences: [{ name: 'theft', article: '264', intentional: true }],
    ...overrides,
  };
}

function other(recordType: RecordType, offenceDate: string, effectiveDate: string): RecordFacts {
  return {
    recordType,
    dateOfBirth: DOB,
    offenceDate: d(offenceDate),
    effectiveDate: d(effectiveDate),
    offences: [{ name: 'theft', article: '264', intentional: true }],
  };
}

/** A stored record; its case is named after its ID unless given. */
function rec(
  recordId: string,
  facts: RecordFacts,
  extra: Partial<Omit<PersonRecord, 'recordId' | 'facts'>> = {},
): PersonRecord {
  return { recordId, facts, caseIndex: `case-${recordId}`, combinedWith: [], ...extra };
}

const sealedAt15 = rec('sealed-at-15', judgment('2019-09-01', '2020-03-01', years(24)));
const sealedAt17 = rec('sealed-at-17', judgment('2021-09-01', '2022-01-10', years(24)));
const sealedNonProsecution = rec(
  'non-prosecution',
  other('non-prosecution', '2020-02-01', '2020-05-01'),
);
const unsealedAt16 = rec('unsealed-at-16', judgment('2020-09-01', '2021-04-01', years(72)));

/** A judgment that combined the given records' cases. */
function combining(recordId: string, facts: RecordFacts, ...combined: PersonRecord[]) {
  return rec(recordId, facts, { combinedWith: combined.map((r) => r.caseIndex) });
}

function unsealedIds(records: PersonRecord[]) {
  return [...decidePersonEffects(records).values()]
    .filter((state) => state.unsealing !== undefined)
    .map((state) => state.recordId)
    .sort();
}

function effectsOf(records: PersonRecord[], recordId: string) {
  const state = decidePersonEffects(records).get(recordId);
  if (state === undefined) throw new Error(`no state for ${recordId}`);
  return state;
}

describe('Function: decidePersonEffects', () => {
  it('leaves a person’s records as ingestion decided them when nothing relates them', () => {
    const states = decidePersonEffects([sealedAt15, sealedNonProsecution, unsealedAt16]);
    expect([...states.values()].map((s) => [s.recordId, s.sealed, isDisclosable(s)])).toEqual([
      ['sealed-at-15', true, false],
      ['non-prosecution', true, false],
      ['unsealed-at-16', false, true],
    ]);
    expect([...states.values()].every((s) => s.reviewFlags.length === 0)).toBe(true);
  });

  describe('RULES.md §7 worked cases (DOB 2004-06-15)', () => {
    it('sealed at 15 (24 months), new crime at 17, combined 72 → unsealed from the combined judgment’s effective date', () => {
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', years(72)),
        sealedAt15,
      );
      const state = effectsOf([sealedAt15, combined], 'sealed-at-15');
      expect(state.sealed).toBe(false);
      expect(isDisclosable(state)).toBe(true);
      expect(state.unsealing).toEqual({
        effectiveFrom: '2022-08-01',
        basis: expect.arrayContaining([...UNSEALING_BASIS, 'CL art. 69']),
        byRecordId: 'new',
        ground: 'combined-sentence',
      });
    });

    it('sealed at 17, intentional crime at 25 → stays sealed; the adult conviction blocks the certificate', () => {
      const adult = rec('adult', judgment('2029-07-01', '2030-01-15', years(36)));
      expect(effectsOf([sealedAt17, adult], 'sealed-at-17')).toMatchObject({
        sealed: true,
        reviewFlags: [],
      });
      expect(isDisclosable(effectsOf([sealedAt17, adult], 'adult'))).toBe(true);
    });
  });

  describe('grounds 1–2: a combined sentence over 60 months (CL arts. 69–71)', () => {
    it('unseals exactly the records whose cases the judgment combined', () => {
      const combined = combining(
        'new',
        judgment('2022-06-15', '2023-02-01', years(66)),
        sealedAt15,
      );
      expect(unsealedIds([sealedAt15, sealedAt17, sealedNonProsecution, combined])).toEqual([
        'sealed-at-15',
      ]);
    });

    it('does not depend on the order in which the records arrived', () => {
      const combined = combining(
        'new',
        judgment('2022-06-15', '2023-02-01', years(66)),
        sealedAt15,
        sealedAt17,
      );
      const all = [sealedAt15, sealedAt17, sealedNonProsecution, unsealedAt16, combined];
      fc.assert(
        fc.property(fc.shuffledSubarray(all, { minLength: all.length }), (order) => {
          expect(unsealedIds(order)).toEqual(['sealed-at-15', 'sealed-at-17']);
        }),
      );
    });

    it('unseals every copy of a combined case (each agency’s record of it)', () => {
      const copy = rec('copy', sealedAt15.facts, { caseIndex: sealedAt15.caseIndex });
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', years(72)),
        sealedAt15,
      );
      expect(unsealedIds([sealedAt15, copy, combined])).toEqual(['copy', 'sealed-at-15']);
    });

    it('a non-conviction record of a combined case stays sealed', () => {
      const related = rec('related', other('social-investigation', '2019-09-01', '2019-12-01'), {
        caseIndex: sealedAt15.caseIndex,
      });
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', years(72)),
        sealedAt15,
      );
      expect(unsealedIds([sealedAt15, related, combined])).toEqual(['sealed-at-15']);
    });

    it('life imprisonment is over 60 months', () => {
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', { penalty: 'life-imprisonment' }),
        sealedAt15,
      );
      expect(unsealedIds([sealedAt15, combined])).toEqual(['sealed-at-15']);
    });

    it.each([
      ['combined exactly 60 months', years(60)],
      ['combined 48 months', years(48)],
      [
        'criminal detention, 12 months combined',
        { penalty: 'criminal-detention', months: 12 } as Sentence,
      ],
      ['exempted', { penalty: 'exempted' } as Sentence],
    ])('%s → nothing unsealed', (_name, sentence) => {
      const combined = combining('new', judgment('2021-10-01', '2022-08-01', sentence), sealedAt15);
      expect(unsealedIds([sealedAt15, combined])).toEqual([]);
    });

    it('a sentence over 60 months that combined nothing unseals nothing', () => {
      const alone = rec('new', judgment('2021-10-01', '2022-08-01', years(72)));
      expect(unsealedIds([sealedAt15, sealedAt17, alone])).toEqual([]);
    });

    it('straddling offences with the main conduct before 18 count as a minor’s', () => {
      const combined = combining(
        'new',
        judgment('2022-04-01', '2023-02-01', years(70), {
          lastOffenceDate: d('2022-07-01'),
          mainConductAsMinor: true,
        }),
        sealedAt15,
      );
      expect(unsealedIds([sealedAt15, combined])).toEqual(['sealed-at-15']);
    });

    it('straddling offences with the main conduct after 18 are an adult’s: no ground', () => {
      const combined = combining(
        'new',
        judgment('2022-04-01', '2023-02-01', years(70), {
          lastOffenceDate: d('2022-07-01'),
          mainConductAsMinor: false,
        }),
        sealedAt15,
      );
      expect(unsealedIds([sealedAt15, combined])).toEqual([]);
    });

    it('straddling offences without the main-conduct judgement cannot be decided', () => {
      const combined = combining(
        'new',
        judgment('2022-04-01', '2023-02-01', years(70), { lastOffenceDate: d('2022-07-01') }),
        sealedAt15,
      );
      expect(() => decidePersonEffects([sealedAt15, combined])).toThrow(InvalidRecordFactsError);
    });

    it.each([
      ['an unestablished age', { ageEstablished: false }],
      [
        'a birth date that contradicts the national ID',
        { dateOfBirthOnNationalId: d('2003-01-01') },
      ],
    ])('a minority that rests only on %s unseals nothing: flagged', (_name, overrides) => {
      const combined = combining(
        'new',
        judgment('2022-03-01', '2022-10-01', years(72), overrides),
        sealedAt15,
      );
      const states = decidePersonEffects([sealedAt15, combined]);
      // On the sealed record, for its owner: the combining judgment's submitter learns nothing.
      expect(states.get('sealed-at-15')).toMatchObject({
        sealed: true,
        reviewFlags: ['unsealing-needs-review'],
      });
      expect(states.get('new')?.reviewFlags).toEqual([]);
    });

    it('an undiscovered earlier crime committed as a minor: unsealed from the new judgment’s date', () => {
      const sealed = rec('sealed', judgment('2020-10-01', '2021-03-01', years(30)));
      const combined = combining('new', judgment('2020-06-01', '2022-02-01', years(66)), sealed);
      expect(effectsOf([sealed, combined], 'sealed').unsealing).toMatchObject({
        effectiveFrom: '2022-02-01',
        byRecordId: 'new',
      });
    });

    it('a crime committed as an adult is no ground, even combined', () => {
      const sealed = rec('sealed', judgment('2022-05-01', '2023-01-10', years(30)));
      const combined = combining('new', judgment('2022-09-01', '2023-08-01', years(72)), sealed);
      expect(unsealedIds([sealed, combined])).toEqual([]);
    });

    it('a combining judgment that a retrial replaced no longer counts', () => {
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', years(72)),
        sealedAt15,
      );
      const retrial = rec('retrial', judgment('2021-10-01', '2023-01-01', years(50)), {
        supersedes: 'new',
      });
      expect(unsealedIds([sealedAt15, combined, retrial])).toEqual([]);
    });

    it('a record already unsealed by a ground that was later replaced stays unsealed, flagged', () => {
      const unsealed = { ...sealedAt15, unsealedBy: 'new' };
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', years(72)),
        sealedAt15,
      );
      const retrial = rec('retrial', judgment('2021-10-01', '2023-01-01', years(50)), {
        supersedes: 'new',
      });
      const state = effectsOf([unsealed, combined, retrial], 'sealed-at-15');
      expect(state.sealed).toBe(false);
      expect(state.reviewFlags).toEqual(['unsealing-ground-superseded']);
    });

    it('uses the threshold it is given', () => {
      const params = { ...LEGAL_PARAMETERS, sealingThresholdMonths: 84 };
      const combined = combining(
        'new',
        judgment('2021-10-01', '2022-08-01', years(72)),
        sealedAt15,
      );
      const states = decidePersonEffects([sealedAt15, combined], params);
      expect(states.get('sealed-at-15')?.unsealing).toBeUndefined();
    });
  });

  describe('retrials and second instance: the replaced judgment no longer counts', () => {
    const original = rec('original', judgment('2020-09-01', '2021-04-01', years(48)));

    it('over 60 months → the replaced record is superseded and unsealed from the retrial’s date (ground 3)', () => {
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(72)), {
        supersedes: 'original',
      });
      const state = effectsOf([original, retrial, sealedAt15], 'original');
      expect(state).toMatchObject({
        supersededBy: 'retrial',
        sealed: false,
        unsealing: {
          effectiveFrom: '2023-05-20',
          basis: expect.arrayContaining(UNSEALING_BASIS),
          ground: 'retrial',
        },
      });
      expect(isDisclosable(state)).toBe(false);
      expect(effectsOf([original, retrial, sealedAt15], 'sealed-at-15').sealed).toBe(true);
    });

    it.each([
      ['exactly 60 months', years(60)],
      ['59 months', years(59)],
    ])('%s → superseded, still sealed', (_name, sentence) => {
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', sentence), {
        supersedes: 'original',
      });
      expect(effectsOf([original, retrial], 'original')).toMatchObject({
        supersededBy: 'retrial',
        sealed: true,
        reviewFlags: [],
      });
      expect(effectsOf([original, retrial], 'original').unsealing).toBeUndefined();
    });

    it('an acquittal on retrial leaves no conviction: an unsealed judgment stops counting', () => {
      const acquittal = rec('acquittal', other('acquittal', '2020-09-01', '2023-05-20'), {
        supersedes: 'unsealed-at-16',
      });
      const states = decidePersonEffects([unsealedAt16, acquittal]);
      expect(states.get('unsealed-at-16')).toMatchObject({ supersededBy: 'acquittal' });
      expect([...states.values()].some(isDisclosable)).toBe(false);
    });

    it('a reduced sentence replaces a disclosable judgment: the new one decides', () => {
      const reduced = rec('reduced', judgment('2020-09-01', '2023-05-20', years(48)), {
        supersedes: 'unsealed-at-16',
      });
      expect(isDisclosable(effectsOf([unsealedAt16, reduced], 'unsealed-at-16'))).toBe(false);
      expect(effectsOf([unsealedAt16, reduced], 'reduced')).toMatchObject({ sealed: true });
    });

    it('supersedes every agency’s copy of the replaced judgment', () => {
      const copy = rec('copy', unsealedAt16.facts, { caseIndex: unsealedAt16.caseIndex });
      const acquittal = rec('acquittal', other('acquittal', '2020-09-01', '2023-05-20'), {
        supersedes: 'unsealed-at-16',
      });
      const states = decidePersonEffects([unsealedAt16, copy, acquittal]);
      expect(states.get('copy')?.supersededBy).toBe('acquittal');
      expect([...states.values()].some(isDisclosable)).toBe(false);
    });

    /**
     * A retrial replaces one judgment and its agencies' copies — same case, same type, same
     * effective date — and nothing else of the person's: each record below differs from the
     * replaced one in exactly one of those, and stays in force (and disclosable).
     */
    describe('replaces only the judgment it names and that judgment’s copies', () => {
      const replaced = unsealedAt16;
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(48)), {
        supersedes: replaced.recordId,
      });
      const sameAsReplaced = { caseIndex: replaced.caseIndex };
      it.each([
        ['another case', rec('other-case', replaced.facts)],
        [
          'another record type of the same case',
          rec(
            'other-type',
            { ...replaced.facts, recordType: 'compulsory-measure', sentence: undefined },
            sameAsReplaced,
          ),
        ],
        [
          'another effective date in the same case',
          rec('other-date', { ...replaced.facts, effectiveDate: d('2021-06-01') }, sameAsReplaced),
        ],
        [
          'a second retrial of the same case, replacing another record',
          rec('other-retrial', replaced.facts, { ...sameAsReplaced, supersedes: 'elsewhere' }),
        ],
      ])('%s stays in force', (_name, unrelated) => {
        const states = decidePersonEffects([replaced, retrial, unrelated]);
        expect(states.get(replaced.recordId)?.supersededBy).toBe('retrial');
        expect(states.get(unrelated.recordId)?.supersededBy).toBeUndefined();
        if (unrelated.facts.recordType === 'judgment') {
          expect(isDisclosable(states.get(unrelated.recordId) ?? ({} as never))).toBe(true);
        }
      });

      it('the retrial never replaces itself, even when it names its own case', () => {
        const ownCase = rec('retrial-own-case', replaced.facts, {
          ...sameAsReplaced,
          supersedes: replaced.recordId,
        });
        const states = decidePersonEffects([replaced, ownCase]);
        expect(states.get(replaced.recordId)?.supersededBy).toBe('retrial-own-case');
        expect(states.get('retrial-own-case')?.supersededBy).toBeUndefined();
      });

      it('a copy agrees in case, type and date: it is replaced too', () => {
        const copy = rec('agency-copy', replaced.facts, sameAsReplaced);
        expect(
          decidePersonEffects([replaced, retrial, copy]).get('agency-copy')?.supersededBy,
        ).toBe('retrial');
      });
    });

    it('ground 3 needs a conviction on retrial: an acquittal over nothing unseals nothing', () => {
      const acquittal = rec('acquittal', other('acquittal', '2020-09-01', '2023-05-20'), {
        supersedes: 'original',
      });
      expect(effectsOf([original, acquittal], 'original')).toMatchObject({
        supersededBy: 'acquittal',
        sealed: true,
      });
      expect(effectsOf([original, acquittal], 'original').unsealing).toBeUndefined();
    });

    it('a replaced record that is not a judgment or an acquittal is flagged on the retrial, and stays', () => {
      const related = rec('related', other('social-investigation', '2020-09-01', '2021-01-01'));
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(72)), {
        supersedes: 'related',
      });
      const states = decidePersonEffects([related, retrial]);
      expect(states.get('retrial')?.reviewFlags).toEqual(['superseded-record-not-found']);
      expect(states.get('related')?.supersededBy).toBeUndefined();
    });

    it('two judgments naming the same replaced record: the later replaces it, whatever the order, and both are flagged', () => {
      // A second-instance judgment (6 years, over the threshold) and a retrial (2 years).
      const appeal = rec('appeal', judgment('2020-09-01', '2021-09-01', years(72)), {
        supersedes: 'original',
      });
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(24)), {
        supersedes: 'original',
      });
      const orders = [
        [original, appeal, retrial],
        [original, retrial, appeal],
        [retrial, appeal, original],
        [appeal, original, retrial],
      ];
      const outcomes = orders.map((records) =>
        [...decidePersonEffects(records).values()]
          .map((state) => ({ ...state, reviewFlags: [...state.reviewFlags].sort() }))
          .sort((a, b) => a.recordId.localeCompare(b.recordId)),
      );
      for (const outcome of outcomes.slice(1)) expect(outcome).toEqual(outcomes[0]);
      const states = decidePersonEffects([original, appeal, retrial]);
      expect(states.get('original')?.supersededBy).toBe('retrial');
      expect(states.get('appeal')?.reviewFlags).toContain('superseded-record-named-twice');
      expect(states.get('retrial')?.reviewFlags).toContain('superseded-record-named-twice');
      expect(states.get('original')?.reviewFlags).not.toContain('superseded-record-named-twice');
    });

    it('on the same effective date, the record ID decides which of two judgments replaces, not arrival', () => {
      const a = rec('a-retrial', judgment('2020-09-01', '2023-05-20', years(24)), {
        supersedes: 'original',
      });
      const b = rec('b-retrial', judgment('2020-09-01', '2023-05-20', years(36)), {
        supersedes: 'original',
      });
      expect(effectsOf([original, a, b], 'original').supersededBy).toBe('a-retrial');
      expect(effectsOf([original, b, a], 'original').supersededBy).toBe('a-retrial');
    });

    it('a single retrial is not flagged as naming a record twice', () => {
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(24)), {
        supersedes: 'original',
      });
      expect(effectsOf([original, retrial], 'retrial').reviewFlags).toEqual([]);
    });

    it('a replaced record that is not on file is flagged on the retrial', () => {
      const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(72)), {
        supersedes: 'missing',
      });
      expect(effectsOf([original, retrial], 'retrial').reviewFlags).toEqual([
        'superseded-record-not-found',
      ]);
    });
  });

  describe('not grounds: a later crime as an adult', () => {
    it.each([true, false])('intentional: %s → the sealed records stay sealed', (intentional) => {
      const adult = rec(
        'new',
        judgment('2027-01-01', '2027-09-01', years(120), {
          offences: [{ name: 'negligent injury', article: '235', intentional }],
        }),
        { combinedWith: [sealedAt15.caseIndex] },
      );
      expect(unsealedIds([sealedAt15, sealedAt17, adult])).toEqual([]);
    });

    describe('during a sealed juvenile suspended sentence’s probation (CL arts. 73, 77)', () => {
      const suspended = (probationMonths?: number) =>
        rec(
          'suspended',
          judgment('2021-09-01', '2022-01-10', years(24, { suspended: true, probationMonths })),
        );
      const adultCrime = (offenceDate: string) =>
        rec('new', judgment(offenceDate, '2027-12-01', years(36)));

      it.each([
        ['2023-03-01', 48, ['adult-offence-during-juvenile-probation']],
        ['2026-01-09', 48, ['adult-offence-during-juvenile-probation']],
        ['2026-01-10', 48, []],
        ['2026-12-01', undefined, ['adult-offence-during-juvenile-probation']],
        ['2027-01-09', undefined, ['adult-offence-during-juvenile-probation']],
        ['2027-01-10', undefined, []],
      ] as const)(
        'offence %s, probation %s months → flags %j on the sealed juvenile record, nothing unsealed',
        (offence, probation, flags) => {
          const juvenile = suspended(probation);
          expect(decideSealing(juvenile.facts).sealed).toBe(true);
          const states = decidePersonEffects([juvenile, adultCrime(offence)]);
          expect(states.get('suspended')).toMatchObject({ sealed: true, reviewFlags: flags });
          // Never on the adult record: its submitter must not learn of the sealed one.
          expect(states.get('new')?.reviewFlags).toEqual([]);
        },
      );

      it('a probation of unknown length for criminal detention may run at most 12 months', () => {
        const juvenile = rec(
          'detention',
          judgment('2021-09-01', '2022-01-10', {
            penalty: 'criminal-detention',
            months: 4,
            suspended: true,
          }),
        );
        expect(effectsOf([juvenile, adultCrime('2023-01-09')], 'detention').reviewFlags).toEqual([
          'adult-offence-during-juvenile-probation',
        ]);
        expect(effectsOf([juvenile, adultCrime('2023-01-10')], 'detention').reviewFlags).toEqual(
          [],
        );
      });

      it('an adult offence before the juvenile judgment took effect is not during probation', () => {
        const juvenile = rec(
          'late-suspended',
          judgment('2022-03-01', '2022-12-01', years(24, { suspended: true, probationMonths: 36 })),
        );
        const flagsOf = (offence: string) =>
          effectsOf([juvenile, adultCrime(offence)], 'late-suspended').reviewFlags;
        expect(flagsOf('2022-08-01')).toEqual([]);
        expect(flagsOf('2022-12-01')).toEqual(['adult-offence-during-juvenile-probation']);
      });
    });
  });
});
