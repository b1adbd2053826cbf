import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import { areRelated, type CaseRecord, recordsToMark } from '#shared/domain/sealing/jointCrime.ts';

const d = parseCivilDate;

function record(overrides: Partial<CaseRecord> & Pick<CaseRecord, 'recordId' | 'personIndex'>) {
  return {
    caseIndex: `case-${overrides.recordId}`,
    names: [],
    offencePeriod: { from: d('2021-06-01'), to: d('2021-06-01') },
    sealed: false,
    superseded: false,
    ...overrides,
  } satisfies CaseRecord;
}

const minor = record({ recordId: 'minor', personIndex: 'M', sealed: true, caseIndex: 'C1' });
const adult = record({ recordId: 'adult', personIndex: 'A', caseIndex: 'C1' });

describe('Function: areRelated (IM arts. 5–6)', () => {
  it('one case, different people: related, with or without naming', () => {
    expect(areRelated(minor, adult)).toBe(true);
  });

  it('the same person is never related to themself', () => {
    expect(areRelated(minor, { ...minor, recordId: 'other' })).toBe(false);
  });

  it('a split case: related when one names the other and the offence periods overlap', () => {
    const split = { ...adult, caseIndex: 'C2', names: ['M'] };
    expect(areRelated(minor, split)).toBe(true);
    expect(areRelated(split, minor)).toBe(true);
    expect(areRelated({ ...minor, names: ['A'] }, { ...adult, caseIndex: 'C2' })).toBe(true);
  });

  it('a split case without naming, or at another time, is not related', () => {
    expect(areRelated(minor, { ...adult, caseIndex: 'C2' })).toBe(false);
    const later = { from: d('2023-01-01'), to: d('2023-02-01') };
    expect(
      areRelated(minor, { ...adult, caseIndex: 'C2', names: ['M'], offencePeriod: later }),
    ).toBe(false);
  });
});

describe('Function: recordsToMark', () => {
  it('marks the unsealed record related to a sealed one, from either side', () => {
    expect(recordsToMark(minor, [adult])).toEqual(['adult']);
    expect(recordsToMark(adult, [minor])).toEqual(['adult']);
  });

  it('marks nothing when neither is sealed, or both are', () => {
    expect(recordsToMark({ ...minor, sealed: false }, [adult])).toEqual([]);
    expect(recordsToMark(minor, [{ ...adult, sealed: true }])).toEqual([]);
  });

  it('ignores records a retrial replaced', () => {
    expect(recordsToMark(minor, [{ ...adult, superseded: true }])).toEqual([]);
    expect(recordsToMark({ ...minor, superseded: true }, [adult])).toEqual([]);
  });
});
