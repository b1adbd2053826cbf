import { describe, expect, it } from 'vitest';
import { parseCivilDate } from '#shared/domain/calendar.ts';
import { type MarkFacts, sealedInformationMark } from '#shared/domain/sealing/jointCrime.ts';

const d = parseCivilDate;
const MARK = '含犯罪记录封存信息';

/** RULES.md §7: the minor is born 2004-06-15 (18th birthday 2022-06-15); the adult in 1990. */
const MINOR_BORN = d('2004-06-15');
const ADULT_BORN = d('1990-03-02');

function facts(overrides: Partial<MarkFacts>): MarkFacts {
  return {
    offenceDate: d('2021-06-01'),
    subjectDateOfBirth: ADULT_BORN,
    coDefendantBirthDates: [],
    combinedOffenceDates: [],
    ...overrides,
  };
}

describe('Function: sealedInformationMark (IM arts. 5–6, from own facts)', () => {
  it('an adult naming a co-defendant under 18 at the offence date is marked (IM art. 5)', () => {
    expect(sealedInformationMark(facts({ coDefendantBirthDates: [MINOR_BORN] }))).toEqual({
      marked: true,
      mark: MARK,
      basis: ['IM art. 5'],
    });
  });

  it('the co-defendant’s 18th birthday itself is still a minor’s day (SPC-2006 art. 2)', () => {
    const onBirthday = facts({ offenceDate: d('2022-06-15'), coDefendantBirthDates: [MINOR_BORN] });
    const dayAfter = facts({ offenceDate: d('2022-06-16'), coDefendantBirthDates: [MINOR_BORN] });
    expect(sealedInformationMark(onBirthday).marked).toBe(true);
    expect(sealedInformationMark(dayAfter).marked).toBe(false);
  });

  it('co-defendants who were all adults at the offence: no mark', () => {
    expect(sealedInformationMark(facts({ coDefendantBirthDates: [ADULT_BORN] }))).toEqual({
      marked: false,
    });
  });

  it('one minor among several co-defendants is enough', () => {
    const several = facts({ coDefendantBirthDates: [ADULT_BORN, MINOR_BORN, ADULT_BORN] });
    expect(sealedInformationMark(several).marked).toBe(true);
  });

  it('sealed at 17, crime at 18y5m combined to 72 (CL 71): the adult judgment is marked (IM art. 6)', () => {
    const adultJudgment = facts({
      subjectDateOfBirth: MINOR_BORN,
      offenceDate: d('2022-11-20'),
      combinedOffenceDates: [d('2021-09-01')],
    });
    expect(sealedInformationMark(adultJudgment)).toEqual({
      marked: true,
      mark: MARK,
      basis: ['IM art. 6', 'CL art. 71'],
    });
  });

  it('a combined case committed after the 18th birthday cites nothing sealed', () => {
    const adultOnly = facts({
      subjectDateOfBirth: MINOR_BORN,
      offenceDate: d('2024-01-10'),
      combinedOffenceDates: [d('2022-06-16')],
    });
    expect(sealedInformationMark(adultOnly).marked).toBe(false);
    const onBirthday = { ...adultOnly, combinedOffenceDates: [d('2022-06-15')] };
    expect(sealedInformationMark(onBirthday).marked).toBe(true);
  });

  it('both grounds at once cite both articles', () => {
    const both = facts({
      subjectDateOfBirth: MINOR_BORN,
      offenceDate: d('2023-01-01'),
      coDefendantBirthDates: [d('2008-01-01')],
      combinedOffenceDates: [d('2021-01-01')],
    });
    expect(sealedInformationMark(both)).toEqual({
      marked: true,
      mark: MARK,
      basis: ['IM art. 5', 'IM art. 6', 'CL art. 71'],
    });
  });

  it('nothing named, nothing combined: no mark', () => {
    expect(sealedInformationMark(facts({}))).toEqual({ marked: false });
  });
});
