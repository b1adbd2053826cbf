/**
 * What an inquiry result letter states (RULES.md §5; IM art. 17), outcome by outcome: no
 * criminal record (nothing the basis concerns on file), or each conviction the basis concerns
 * with only its offences' names, the penalty, the term and the effective date, oldest first.
 * The input is the disclosable set only; a sealed conviction never reaches this function.
 */
import { describe, expect, it } from 'vitest';
import { type CivilDate, parseCivilDate as day } from '#shared/domain/calendar.ts';
import { legalBasisById } from '#shared/domain/inquiry/legalBases.ts';
import { convictionsForLetter } from '#shared/domain/inquiry/letterContent.ts';
import type { LetterFacts } from '#shared/domain/inquiry/letterFacts.ts';

const basis = (id: string) => {
  const found = legalBasisById(id);
  if (found === undefined) throw new Error(`no basis ${id}`);
  return found;
};

const theft: LetterFacts = {
  offences: [{ name: '盗窃罪', article: '264', intentional: true }],
  penalty: 'fixed-term-imprisonment',
  months: 18,
  effectiveDate: day('2024-05-01'),
};
const traffic: LetterFacts = {
  offences: [{ name: '交通肇事罪', article: '133', intentional: false }],
  penalty: 'criminal-detention',
  months: 4,
  suspended: true,
  probationMonths: 6,
  effectiveDate: day('2022-03-15'),
};
const exempted: LetterFacts = {
  offences: [{ name: '寻衅滋事罪', article: '293', intentional: true }],
  penalty: 'exempted',
  effectiveDate: day('2023-09-30'),
};
const abuse: LetterFacts = {
  offences: [
    { name: '盗窃罪', article: '264', intentional: true },
    { name: '虐待被监护、看护人罪', article: '260-1', intentional: true },
  ],
  penalty: 'fixed-term-imprisonment',
  months: 30,
  effectiveDate: day('2025-01-10'),
};
const ASOF: CivilDate = day('2025-06-01');

describe('Function: convictionsForLetter', () => {
  it('no criminal record: nothing on file gives an empty letter', () => {
    expect(convictionsForLetter([], basis('civil-servants-law-26'), ASOF)).toStrictEqual([]);
  });

  it('no criminal record: convictions the bar does not reach give the same empty letter', () => {
    // Teachers Law art. 14: intentional crimes, fixed-term imprisonment or more.
    expect(convictionsForLetter([traffic, exempted], basis('teachers-law-14'), ASOF)).toStrictEqual(
      [],
    );
  });

  it('a basis without a filter (无犯罪记录) reports every conviction, exempted included, oldest first', () => {
    expect(
      convictionsForLetter(
        [abuse, theft, exempted, traffic],
        basis('school-bus-safety-regulations-23'),
        ASOF,
      ),
    ).toStrictEqual([
      {
        offences: ['交通肇事罪'],
        penalty: 'criminal-detention',
        months: 4,
        effectiveDate: '2022-03-15',
      },
      { offences: ['寻衅滋事罪'], penalty: 'exempted', effectiveDate: '2023-09-30' },
      {
        offences: ['盗窃罪'],
        penalty: 'fixed-term-imprisonment',
        months: 18,
        effectiveDate: '2024-05-01',
      },
      {
        offences: ['盗窃罪', '虐待被监护、看护人罪'],
        penalty: 'fixed-term-imprisonment',
        months: 30,
        effectiveDate: '2025-01-10',
      },
    ]);
  });

  it('states names only: no article, intent, suspension or probation reaches the letter', () => {
    const [only] = convictionsForLetter([traffic], basis('civil-servants-law-26'), ASOF);
    expect(only).toStrictEqual({
      offences: ['交通肇事罪'],
      penalty: 'criminal-detention',
      months: 4,
      effectiveDate: '2022-03-15',
    });
  });

  it('states no term where the penalty has none', () => {
    const [only] = convictionsForLetter(
      [exempted],
      basis('school-bus-safety-regulations-23'),
      ASOF,
    );
    expect(only).not.toHaveProperty('months');
  });

  it('lists only the offences the basis concerns of a judgment for several, with its one sentence', () => {
    expect(
      convictionsForLetter([theft, abuse], basis('minors-protection-law-62'), ASOF),
    ).toStrictEqual([
      {
        offences: ['虐待被监护、看护人罪'],
        penalty: 'fixed-term-imprisonment',
        months: 30,
        effectiveDate: '2025-01-10',
      },
    ]);
  });

  it('reads the period on the day asked: the Physicians Law bar ends two years after', () => {
    const physicians = basis('physicians-law-16');
    expect(convictionsForLetter([theft], physicians, day('2026-04-30'))).toHaveLength(1);
    expect(convictionsForLetter([theft], physicians, day('2026-05-01'))).toStrictEqual([]);
  });

  it('keeps two convictions of one day, whatever their order', () => {
    const sameDay = { ...exempted, effectiveDate: theft.effectiveDate };
    const letter = convictionsForLetter(
      [sameDay, theft],
      basis('school-bus-safety-regulations-23'),
      ASOF,
    );
    expect(letter.map(({ offences }) => offences[0]).sort()).toEqual(
      ['寻衅滋事罪', '盗窃罪'].sort(),
    );
  });
});
