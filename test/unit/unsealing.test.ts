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
  decideUnsealing,
  type NewRecord,
  type PriorRecord,
} from '#shared/domain/sealing/decideUnsealing.ts';

const d = parseCivilDate;

/** RULES.md §7: date of birth of the worked cases (18th birthday 2022-06-15). */
const DOB = d('2004-06-15');
const UNSEALING_BASIS = ['IM art. 19', 'IM art. 20', 'SPP art. 485'];

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
    offences: [{ name: 'theft', intentional: true }],
    ...overrides,
  };
}

function other(recordType: RecordType, offenceDate: string, effectiveDate: string): RecordFacts {
  return {
    recordType,
    dateOfBirth: DOB,
    offenceDate: d(offenceDate),
    effectiveDate: d(effectiveDate),
    offences: [{ name: 'theft', intentional: true }],
  };
}

/** A prior record as ingestion left it: sealed exactly when the rules said so. */
function prior(recordId: string, facts: RecordFacts): PriorRecord {
  return { recordId, facts, sealed: decideSealing(facts).sealed };
}

const sealedAt15 = prior('sealed-at-15', judgment('2019-09-01', '2020-03-01', years(24)));
const sealedAt17 = prior('sealed-at-17', judgment('2021-09-01', '2022-01-10', years(24)));
const sealedNonProsecution = prior(
  'non-prosecution',
  other('non-prosecution', '2020-02-01', '2020-05-01'),
);
const unsealedAt16 = prior('unsealed-at-16', judgment('2020-09-01', '2021-04-01', years(72)));

describe('Function: decideUnsealing', () => {
  describe('RULES.md §7 worked cases (DOB 2004-06-15)', () => {
    it('sealed at 15 (24 months), new crime at 17, combined 72 → unsealed from the combined judgment’s effective date', () => {
      expect(sealedAt15.sealed).toBe(true);
      const result = decideUnsealing(
        { recordId: 'new', facts: judgment('2021-10-01', '2022-08-01', years(72)) },
        [sealedAt15],
      );
      expect(result.reviewFlags).toEqual([]);
      expect(result.unseal).toEqual([
        {
          recordId: 'sealed-at-15',
          effectiveFrom: '2022-08-01',
          basis: expect.arrayContaining(UNSEALING_BASIS),
        },
      ]);
    });

    it('sealed at 17, intentional crime at 25 → stays sealed; the adult conviction blocks the certificate', () => {
      expect(sealedAt17.sealed).toBe(true);
      const adultCrime = judgment('2029-07-01', '2030-01-15', years(36));
      expect(decideUnsealing({ recordId: 'new', facts: adultCrime }, [sealedAt17])).toEqual({
        unseal: [],
        reviewFlags: [],
      });
      expect(decideSealing(adultCrime)).toMatchObject({ sealed: false, disclosable: true });
    });
  });

  describe('ground 1: a new crime committed while still a minor, combined over 60 months', () => {
    it('unseals every sealed prior conviction, and only those', () => {
      const result = decideUnsealing(
        { recordId: 'new', facts: judgment('2022-06-15', '2023-02-01', years(66)) },
        [sealedAt15, sealedNonProsecution, unsealedAt16, sealedAt17],
      );
      expect(result.unseal.map((u) => u.recordId)).toEqual(['sealed-at-15', 'sealed-at-17']);
      expect(result.unseal.every((u) => u.effectiveFrom === '2023-02-01')).toBe(true);
      expect(result.unseal[0]?.basis).toEqual(expect.arrayContaining(['CL art. 69']));
    });

    it('life imprisonment is over 60 months', () => {
      const result = decideUnsealing(
        {
          recordId: 'new',
          facts: judgment('2021-10-01', '2022-08-01', { penalty: 'life-imprisonment' }),
        },
        [sealedAt15],
      );
      expect(result.unseal.map((u) => u.recordId)).toEqual(['sealed-at-15']);
    });

    it.each([
      ['combined exactly 60 months', years(60)],
      ['combined 48 months', years(48)],
      ['criminal detention', { penalty: 'criminal-detention', months: 6 } as Sentence],
      ['exempted', { penalty: 'exempted' } as Sentence],
    ])('%s → nothing unsealed', (_name, sentence) => {
      expect(
        decideUnsealing(
          { recordId: 'new', facts: judgment('2021-10-01', '2022-08-01', sentence) },
          [sealedAt15],
        ),
      ).toEqual({ unseal: [], reviewFlags: [] });
    });

    it('a new non-conviction record of a minor is no ground', () => {
      expect(
        decideUnsealing(
          { recordId: 'new', facts: other('compulsory-measure', '2021-10-01', '2021-11-01') },
          [sealedAt15],
        ),
      ).toEqual({ unseal: [], reviewFlags: [] });
    });

    it('straddling offences with the main conduct before 18 count as a minor’s', () => {
      const result = decideUnsealing(
        {
          recordId: 'new',
          facts: judgment('2022-04-01', '2023-02-01', years(70), {
            lastOffenceDate: d('2022-07-01'),
            mainConductAsMinor: true,
          }),
        },
        [sealedAt15],
      );
      expect(result.unseal.map((u) => u.recordId)).toEqual(['sealed-at-15']);
    });

    it('straddling offences with the main conduct after 18 are an adult’s: no ground', () => {
      const result = decideUnsealing(
        {
          recordId: 'new',
          facts: judgment('2022-04-01', '2023-02-01', years(70), {
            lastOffenceDate: d('2022-07-01'),
            mainConductAsMinor: false,
          }),
        },
        [sealedAt15],
      );
      expect(result.unseal).toEqual([]);
    });

    it('straddling offences without the main-conduct judgement cannot be decided', () => {
      expect(() =>
        decideUnsealing(
          {
            recordId: 'new',
            facts: judgment('2022-04-01', '2023-02-01', years(70), {
              lastOffenceDate: d('2022-07-01'),
            }),
          },
          [sealedAt15],
        ),
      ).toThrow(InvalidRecordFactsError);
    });

    it('a minority that rests only on an unestablished age unseals nothing: flagged', () => {
      const result = decideUnsealing(
        {
          recordId: 'new',
          facts: judgment('2023-03-01', '2023-10-01', years(72), { ageEstablished: false }),
        },
        [sealedAt15],
      );
      expect(result).toEqual({ unseal: [], reviewFlags: ['age-not-established'] });
    });

    it('ignores the new record itself among the priors', () => {
      const facts = judgment('2021-10-01', '2022-08-01', years(72));
      expect(
        decideUnsealing({ recordId: 'new', facts }, [
          { recordId: 'new', facts, sealed: true },
          sealedAt15,
        ]).unseal.map((u) => u.recordId),
      ).toEqual(['sealed-at-15']);
    });
  });

  describe('ground 2: an undiscovered earlier crime committed as a minor, combined over 60', () => {
    it('unseals from the new judgment’s effective date', () => {
      const sealed = prior('sealed', judgment('2020-10-01', '2021-03-01', years(30)));
      const result = decideUnsealing(
        { recordId: 'new', facts: judgment('2020-06-01', '2022-02-01', years(66)) },
        [sealed],
      );
      expect(result.unseal).toEqual([
        {
          recordId: 'sealed',
          effectiveFrom: '2022-02-01',
          basis: expect.arrayContaining([...UNSEALING_BASIS, 'CL art. 69']),
        },
      ]);
    });

    it('an undiscovered crime committed as an adult is no ground', () => {
      const sealed = prior('sealed', judgment('2022-05-01', '2023-01-10', years(30)));
      expect(sealed.sealed).toBe(true);
      const result = decideUnsealing(
        { recordId: 'new', facts: judgment('2022-09-01', '2023-08-01', years(72)) },
        [sealed],
      );
      expect(result.unseal).toEqual([]);
    });
  });

  describe('ground 3: a retrial changes the sentence', () => {
    const original = prior('original', judgment('2020-09-01', '2021-04-01', years(48)));

    it('to over 60 months → the superseded record is unsealed from the retrial’s effective date', () => {
      const result = decideUnsealing(
        {
          recordId: 'retrial',
          facts: judgment('2020-09-01', '2023-05-20', years(72)),
          supersedesRecordId: 'original',
        },
        [original, sealedAt15],
      );
      expect(result).toEqual({
        unseal: [
          {
            recordId: 'original',
            effectiveFrom: '2023-05-20',
            basis: expect.arrayContaining(UNSEALING_BASIS),
          },
        ],
        reviewFlags: [],
      });
    });

    it('to life imprisonment → unsealed', () => {
      const result = decideUnsealing(
        {
          recordId: 'retrial',
          facts: judgment('2020-09-01', '2023-05-20', { penalty: 'life-imprisonment' }),
          supersedesRecordId: 'original',
        },
        [original],
      );
      expect(result.unseal.map((u) => u.recordId)).toEqual(['original']);
    });

    it('to exactly 60 months → stays sealed, flagged', () => {
      expect(
        decideUnsealing(
          {
            recordId: 'retrial',
            facts: judgment('2020-09-01', '2023-05-20', years(60)),
            supersedesRecordId: 'original',
          },
          [original],
        ),
      ).toEqual({ unseal: [], reviewFlags: ['exactly-60-months-on-retrial'] });
    });

    it('to 59 months or less → stays sealed, no flag', () => {
      expect(
        decideUnsealing(
          {
            recordId: 'retrial',
            facts: judgment('2020-09-01', '2023-05-20', years(59)),
            supersedesRecordId: 'original',
          },
          [original],
        ),
      ).toEqual({ unseal: [], reviewFlags: [] });
    });

    it('of a record that is not on file → flagged, nothing unsealed', () => {
      expect(
        decideUnsealing(
          {
            recordId: 'retrial',
            facts: judgment('2020-09-01', '2023-05-20', years(72)),
            supersedesRecordId: 'missing',
          },
          [original],
        ),
      ).toEqual({ unseal: [], reviewFlags: ['superseded-record-not-found'] });
    });

    it('of a record that was not sealed → nothing to unseal', () => {
      expect(
        decideUnsealing(
          {
            recordId: 'retrial',
            facts: judgment('2020-09-01', '2023-05-20', years(84)),
            supersedesRecordId: 'unsealed-at-16',
          },
          [unsealedAt16],
        ),
      ).toEqual({ unseal: [], reviewFlags: [] });
    });
  });

  describe('not grounds: a later crime as an adult', () => {
    it.each([true, false])('intentional: %s → the sealed record stays sealed', (intentional) => {
      const facts = judgment('2027-01-01', '2027-09-01', years(120), {
        offences: [{ name: 'negligent injury', intentional }],
      });
      expect(decideUnsealing({ recordId: 'new', facts }, [sealedAt15, sealedAt17])).toEqual({
        unseal: [],
        reviewFlags: [],
      });
    });

    describe('during a sealed juvenile suspended sentence’s probation', () => {
      const suspended = (probationMonths?: number): NewRecord & PriorRecord => {
        const facts = judgment(
          '2021-09-01',
          '2022-01-10',
          years(24, { suspended: true, probationMonths }),
        );
        return { recordId: 'suspended', facts, sealed: decideSealing(facts).sealed };
      };
      const adultCrime = (offenceDate: string) =>
        ({ recordId: 'new', facts: judgment(offenceDate, '2027-12-01', years(36)) }) as NewRecord;

      it.each([
        ['2023-03-01', 48, ['adult-offence-during-juvenile-probation']],
        ['2026-01-09', 48, ['adult-offence-during-juvenile-probation']],
        ['2026-01-10', 48, []],
        ['2026-12-01', undefined, ['adult-offence-during-juvenile-probation']],
        ['2027-01-09', undefined, ['adult-offence-during-juvenile-probation']],
        ['2027-01-10', undefined, []],
      ] as const)(
        'offence %s, probation %s months → flags %j, nothing unsealed',
        (offence, probation, flags) => {
          const juvenile = suspended(probation);
          expect(juvenile.sealed).toBe(true);
          expect(decideUnsealing(adultCrime(offence), [juvenile])).toEqual({
            unseal: [],
            reviewFlags: flags,
          });
        },
      );

      it('a probation of unknown length for criminal detention may run at most 12 months', () => {
        const facts = judgment('2021-09-01', '2022-01-10', {
          penalty: 'criminal-detention',
          months: 4,
          suspended: true,
        });
        const juvenile = { recordId: 'detention', facts, sealed: true };
        expect(decideUnsealing(adultCrime('2023-01-09'), [juvenile]).reviewFlags).toEqual([
          'adult-offence-during-juvenile-probation',
        ]);
        expect(decideUnsealing(adultCrime('2023-01-10'), [juvenile]).reviewFlags).toEqual([]);
      });

      it('an adult offence before the juvenile judgment took effect is not during probation', () => {
        const facts = judgment(
          '2022-03-01',
          '2022-12-01',
          years(24, { suspended: true, probationMonths: 36 }),
        );
        const juvenile = prior('late-suspended', facts);
        expect(juvenile.sealed).toBe(true);
        expect(decideUnsealing(adultCrime('2022-08-01'), [juvenile]).reviewFlags).toEqual([]);
        expect(decideUnsealing(adultCrime('2022-12-01'), [juvenile]).reviewFlags).toEqual([
          'adult-offence-during-juvenile-probation',
        ]);
      });
    });
  });

  it('uses the threshold it is given', () => {
    const params = { ...LEGAL_PARAMETERS, sealingThresholdMonths: 84 };
    expect(
      decideUnsealing(
        { recordId: 'new', facts: judgment('2021-10-01', '2022-08-01', years(72)) },
        [sealedAt15],
        params,
      ).unseal,
    ).toEqual([]);
  });
});
