/**
 * `decidePersonEffects` condition by condition (RULES.md §4; IM arts. 18–19; SPP art. 485; CL
 * arts. 69–71, 73, 77): each test changes one fact against a case where the effect happens,
 * and the effect must then not happen — a ground that holds with one of its conditions
 * missing would unseal, or flag, a record the law leaves alone.
 */
import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import type { RecordFacts, RecordType, Sentence } from '#shared/domain/record.ts';
import {
  decidePersonEffects,
  isDisclosable,
  type PersonRecord,
} from '#shared/domain/sealing/personEffects.ts';

const d = parseCivilDate;
/** 18th birthday 2022-06-15. */
const DOB = d('2004-06-15');

const years = (months: number, extra: Partial<Sentence> = {}): Sentence => ({
  penalty: 'fixed-term-imprisonment',
  months,
  ...extra,
});

function facts(
  recordType: RecordType,
  offenceDate: string,
  effectiveDate: string,
  sentence?: Sentence,
  overrides: Partial<RecordFacts> = {},
): RecordFacts {
  return {
    recordType,
    dateOfBirth: DOB,
    offenceDate: d(offenceDate),
    effectiveDate: d(effectiveDate),
    ...(sentence ? { sentence } : {}),
    offences: [{ name: 'theft', article: '264', intentional: true }],
    ...overrides,
  };
}

const judgment = (
  offenceDate: string,
  effectiveDate: string,
  sentence: Sentence,
  overrides: Partial<RecordFacts> = {},
) => facts('judgment', offenceDate, effectiveDate, sentence, overrides);

function rec(
  recordId: string,
  recordFacts: RecordFacts,
  extra: Partial<Omit<PersonRecord, 'recordId' | 'facts'>> = {},
): PersonRecord {
  return {
    recordId,
    facts: recordFacts,
    caseIndex: `case-${recordId}`,
    combinedWith: [],
    ...extra,
  };
}

function stateOf(records: PersonRecord[], recordId: string) {
  const state = decidePersonEffects(records).get(recordId);
  if (state === undefined) throw new Error(`no state for ${recordId}`);
  return state;
}

/** Sealed at 16 (24 months); a minor's new crime at 17 combined with it to 72 months. */
const sealed = rec('sealed', judgment('2020-09-01', '2021-03-01', years(24)));
const combining = (
  recordId: string,
  effectiveDate: string,
  caseIndexes: string[],
  sentence = years(72),
) => rec(recordId, judgment('2021-10-01', effectiveDate, sentence), { combinedWith: caseIndexes });

describe('ground 3: a retrial over 60 months unseals the sealed conviction it replaces', () => {
  const retrialOver = (supersedes: string, effectiveDate = '2023-05-20') =>
    rec('retrial', judgment('2020-09-01', effectiveDate, years(72)), { supersedes });

  it('the sealed conviction: superseded and unsealed from the retrial’s effective date', () => {
    expect(stateOf([sealed, retrialOver('sealed')], 'sealed')).toEqual({
      recordId: 'sealed',
      sealed: false,
      conviction: true,
      supersededBy: 'retrial',
      unsealing: {
        effectiveFrom: '2023-05-20',
        basis: ['IM art. 18', 'IM art. 19', 'SPP art. 485'],
        byRecordId: 'retrial',
        ground: 'retrial',
      },
      reviewFlags: [],
    });
  });

  it('and every agency’s sealed copy of it', () => {
    const copy = rec('copy', sealed.facts, { caseIndex: sealed.caseIndex });
    expect(stateOf([sealed, copy, retrialOver('sealed')], 'copy')).toMatchObject({
      supersededBy: 'retrial',
      sealed: false,
      unsealing: { ground: 'retrial', byRecordId: 'retrial' },
    });
  });

  it('an unsealed (adult) conviction replaced has nothing to unseal', () => {
    const adult = rec('adult', judgment('2023-01-01', '2023-06-01', years(24)));
    const state = stateOf([adult, retrialOver('adult', '2024-01-01')], 'adult');
    expect(state.supersededBy).toBe('retrial');
    expect(state.unsealing).toBeUndefined();
  });

  it('a minor’s sealed acquittal replaced by a conviction is superseded, and stays sealed', () => {
    const acquittal = rec('acquittal', facts('acquittal', '2020-09-01', '2021-03-01'));
    const state = stateOf([acquittal, retrialOver('acquittal')], 'acquittal');
    expect(state).toMatchObject({ supersededBy: 'retrial', sealed: true, reviewFlags: [] });
    expect(state.unsealing).toBeUndefined();
    expect(stateOf([acquittal, retrialOver('acquittal')], 'retrial').reviewFlags).toEqual([]);
  });

  it.each<RecordType>(['non-prosecution', 'compulsory-measure', 'social-investigation'])(
    'a retrial cannot replace a %s: flagged on the retrial, the record stays',
    (recordType) => {
      const other = rec('other', facts(recordType, '2020-09-01', '2021-03-01'));
      const states = decidePersonEffects([other, retrialOver('other')]);
      expect(states.get('other')?.supersededBy).toBeUndefined();
      expect(states.get('other')?.sealed).toBe(true);
      expect(states.get('retrial')?.reviewFlags).toEqual(['superseded-record-not-found']);
    },
  );

  it('a retrial of 60 months or less supersedes without unsealing, and is not flagged', () => {
    const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(60)), {
      supersedes: 'sealed',
    });
    const states = decidePersonEffects([sealed, retrial]);
    expect(states.get('sealed')).toMatchObject({ supersededBy: 'retrial', sealed: true });
    expect(states.get('sealed')?.unsealing).toBeUndefined();
    expect(states.get('retrial')?.reviewFlags).toEqual([]);
  });
});

describe('grounds 1–2: a minor’s combined sentence over 60 months', () => {
  it('unseals the combined sealed conviction, citing CL art. 69 with IM arts. 18–19, SPP 485', () => {
    expect(stateOf([sealed, combining('new', '2022-08-01', [sealed.caseIndex])], 'sealed')).toEqual(
      {
        recordId: 'sealed',
        sealed: false,
        conviction: true,
        unsealing: {
          effectiveFrom: '2022-08-01',
          basis: ['IM art. 18', 'IM art. 19', 'SPP art. 485', 'CL art. 69'],
          byRecordId: 'new',
          ground: 'combined-sentence',
        },
        reviewFlags: [],
      },
    );
  });

  it('a combined conviction that was never sealed gets no unsealing of its own', () => {
    const adult = rec('adult', judgment('2023-01-01', '2023-06-01', years(24)));
    const overSixty = rec('over', judgment('2020-09-01', '2021-03-01', years(72)));
    const states = decidePersonEffects([
      adult,
      overSixty,
      combining('new', '2024-01-01', [adult.caseIndex, overSixty.caseIndex]),
    ]);
    expect(states.get('adult')?.unsealing).toBeUndefined();
    expect(states.get('over')?.unsealing).toBeUndefined();
  });

  it('a replaced judgment no longer counts: combining its case unseals nothing', () => {
    const retrial = rec('retrial', judgment('2020-09-01', '2021-09-01', years(30)), {
      supersedes: 'sealed',
    });
    const states = decidePersonEffects([
      sealed,
      retrial,
      combining('new', '2022-08-01', [sealed.caseIndex]),
    ]);
    expect(states.get('sealed')).toMatchObject({ supersededBy: 'retrial', sealed: true });
    expect(states.get('sealed')?.unsealing).toBeUndefined();
    expect(states.get('retrial')).toMatchObject({ sealed: true });
    expect(states.get('retrial')?.unsealing).toBeUndefined();
  });

  it('two grounds: the earlier effective date counts, whatever the order of the records', () => {
    const first = combining('first', '2022-03-01', [sealed.caseIndex]);
    const second = combining('second', '2022-09-01', [sealed.caseIndex]);
    for (const records of [
      [sealed, first, second],
      [sealed, second, first],
    ]) {
      expect(stateOf(records, 'sealed').unsealing).toMatchObject({
        effectiveFrom: '2022-03-01',
        byRecordId: 'first',
      });
    }
  });

  it('a retrial replaces the sealed judgment first: a combination naming it no longer counts', () => {
    const retrial = rec('retrial', judgment('2020-09-01', '2023-05-20', years(72)), {
      supersedes: 'sealed',
    });
    for (const records of [
      [sealed, retrial, combining('new', '2022-08-01', [sealed.caseIndex])],
      [combining('new', '2022-08-01', [sealed.caseIndex]), retrial, sealed],
    ]) {
      expect(stateOf(records, 'sealed').unsealing).toMatchObject({
        effectiveFrom: '2023-05-20',
        ground: 'retrial',
      });
    }
  });

  it('two retrials over 60 months naming one record: unsealed from the earlier, in either order', () => {
    const first = rec('first', judgment('2020-09-01', '2023-05-20', years(72)), {
      supersedes: 'sealed',
    });
    const second = rec('second', judgment('2020-09-01', '2024-02-01', years(84)), {
      supersedes: 'sealed',
    });
    for (const records of [
      [sealed, first, second],
      [sealed, second, first],
    ]) {
      expect(stateOf(records, 'sealed').unsealing).toMatchObject({
        effectiveFrom: '2023-05-20',
        byRecordId: 'first',
      });
    }
  });

  it('an unsealing already stored whose ground still holds: unsealed, not flagged', () => {
    const stored = { ...sealed, unsealedBy: 'new' };
    const state = stateOf([stored, combining('new', '2022-08-01', [sealed.caseIndex])], 'sealed');
    expect(state).toMatchObject({ sealed: false, reviewFlags: [] });
    expect(isDisclosable(state)).toBe(true);
  });

  it('an unsealing stored with no ground left stays unsealed and is flagged', () => {
    const state = stateOf([{ ...sealed, unsealedBy: 'gone' }], 'sealed');
    expect(state).toMatchObject({ sealed: false, reviewFlags: ['unsealing-ground-superseded'] });
    expect(isDisclosable(state)).toBe(true);
  });
});

describe('an adult offence during a sealed juvenile suspended sentence’s probation (CL art. 77)', () => {
  /** Suspended 24 months, probation 48 from 2022-01-10: it runs until 2026-01-09. */
  const juvenile = rec(
    'juvenile',
    judgment('2021-09-01', '2022-01-10', years(24, { suspended: true, probationMonths: 48 })),
  );
  const adultConviction = rec('adult', judgment('2023-03-01', '2023-12-01', years(36)));
  const flagsOn = (records: PersonRecord[]) => stateOf(records, 'juvenile').reviewFlags;
  const FLAG = ['adult-offence-during-juvenile-probation'];

  it('flagged on the sealed juvenile record', () => {
    expect(flagsOn([juvenile, adultConviction])).toEqual(FLAG);
  });

  it('not for an adult record that is not a conviction', () => {
    const nonProsecution = rec('adult', facts('non-prosecution', '2023-03-01', '2023-12-01'));
    expect(flagsOn([juvenile, nonProsecution])).toEqual([]);
  });

  it('not for an adult conviction a retrial replaced by an acquittal', () => {
    const acquittal = rec('acquittal', facts('acquittal', '2023-03-01', '2024-06-01'), {
      supersedes: 'adult',
    });
    expect(flagsOn([juvenile, adultConviction, acquittal])).toEqual([]);
  });

  it('not for a new crime committed while still a minor', () => {
    const minorCrime = rec('minor', judgment('2022-03-01', '2022-12-01', years(12)));
    expect(flagsOn([juvenile, minorCrime])).toEqual([]);
  });

  it('not when the juvenile sentence was not suspended: there is no probation', () => {
    const custodial = rec('juvenile', judgment('2021-09-01', '2022-01-10', years(24)));
    expect(flagsOn([custodial, adultConviction])).toEqual([]);
  });

  it('not on a juvenile record that a retrial replaced', () => {
    const retrial = rec('retrial', judgment('2021-09-01', '2022-06-01', years(30)), {
      supersedes: 'juvenile',
    });
    expect(flagsOn([juvenile, retrial, adultConviction])).toEqual([]);
  });

  it('not on a juvenile record already unsealed: it is an ordinary record then', () => {
    expect(flagsOn([{ ...juvenile, unsealedBy: 'earlier' }, adultConviction])).toEqual([
      'unsealing-ground-superseded',
    ]);
  });

  it('adult offences spanning the juvenile judgment’s effective date: the last one counts', () => {
    const late = rec(
      'juvenile',
      judgment('2021-09-01', '2022-09-01', years(24, { suspended: true, probationMonths: 48 })),
    );
    const spanning = (lastOffenceDate: string) =>
      rec(
        'adult',
        judgment('2022-07-01', '2023-12-01', years(36), { lastOffenceDate: d(lastOffenceDate) }),
      );
    expect(flagsOn([late, spanning('2022-09-01')])).toEqual(FLAG);
    expect(flagsOn([late, spanning('2022-08-31')])).toEqual([]);
  });
});

describe('the disclosable set after the sealing service', () => {
  it('a record sealed at ingestion stays out of it unless a legal ground unseals it', () => {
    const states = decidePersonEffects([
      sealed,
      rec('later-adult', judgment('2027-01-01', '2027-06-01', years(36)), {
        combinedWith: [sealed.caseIndex],
      }),
      rec('non-prosecution', facts('non-prosecution', '2021-02-01', '2021-05-01')),
    ]);
    expect(isDisclosable(states.get('sealed') ?? ({} as never))).toBe(false);
    expect(isDisclosable(states.get('non-prosecution') ?? ({} as never))).toBe(false);
    expect(isDisclosable(states.get('later-adult') ?? ({} as never))).toBe(true);
  });

  it.each([
    [{ conviction: true, sealed: false }, true],
    [{ conviction: true, sealed: true }, false],
    [{ conviction: false, sealed: false }, false],
    [{ conviction: true, sealed: false, supersededBy: 'retrial' }, false],
  ])('isDisclosable(%j) → %s', (state, expected) => {
    expect(isDisclosable(state)).toBe(expected);
  });
});

describe('chains of decisions and repeated grounds', () => {
  it('a second retrial replaces the first retrial, and the first still replaces the original', () => {
    const first = rec('first', judgment('2020-09-01', '2022-01-10', years(30)), {
      supersedes: 'sealed',
    });
    const second = rec('second', judgment('2020-09-01', '2023-01-10', years(36)), {
      supersedes: 'first',
    });
    const states = decidePersonEffects([sealed, first, second]);
    expect(states.get('sealed')?.supersededBy).toBe('first');
    expect(states.get('first')?.supersededBy).toBe('second');
    expect(states.get('second')?.supersededBy).toBeUndefined();
  });

  it('a flag raised twice on one record is listed once', () => {
    const juvenile = rec(
      'juvenile',
      judgment('2021-09-01', '2022-01-10', years(24, { suspended: true, probationMonths: 48 })),
    );
    const states = decidePersonEffects([
      juvenile,
      rec('adult-1', judgment('2023-03-01', '2023-12-01', years(36))),
      rec('adult-2', judgment('2024-03-01', '2024-12-01', years(36))),
    ]);
    expect(states.get('juvenile')?.reviewFlags).toEqual([
      'adult-offence-during-juvenile-probation',
    ]);
  });
});
