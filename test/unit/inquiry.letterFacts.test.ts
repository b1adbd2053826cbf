/**
 * What an inquiry result letter may know of one disclosable conviction (IM art. 17; RULES.md
 * §5): offences (charge, Criminal Law article, intent), penalty, term, probation of a
 * suspended sentence and the effective date — nothing else of the record, and nothing stated
 * from stored facts that are not of the form written.
 */
import { describe, expect, it } from 'vitest';
import { parseCivilDate as day } from '#shared/domain/calendar.ts';
import {
  decodeLetterFacts,
  encodeLetterFacts,
  InvalidLetterFactsError,
  type LetterFacts,
  letterFactsContext,
  letterFactsOf,
} from '#shared/domain/inquiry/letterFacts.ts';
import type { RecordFacts } from '#shared/domain/record.ts';

const judgment: RecordFacts = {
  recordType: 'judgment',
  dateOfBirth: day('2006-03-01'),
  dateOfBirthOnNationalId: day('2006-03-01'),
  offenceDate: day('2023-01-01'),
  lastOffenceDate: day('2023-02-01'),
  effectiveDate: day('2024-05-01'),
  sentence: { penalty: 'fixed-term-imprisonment', months: 18 },
  offences: [
    { name: '盗窃罪', article: '264', intentional: true },
    { name: '交通肇事罪', article: '133', intentional: false },
  ],
  retrial: false,
};

describe('Function: letterFactsOf', () => {
  it('keeps the offences, penalty, term and effective date of a judgment, nothing of the person', () => {
    expect(letterFactsOf(judgment)).toStrictEqual({
      offences: [
        { name: '盗窃罪', article: '264', intentional: true },
        { name: '交通肇事罪', article: '133', intentional: false },
      ],
      penalty: 'fixed-term-imprisonment',
      months: 18,
      effectiveDate: '2024-05-01',
    });
  });

  it('carries no extra member an offence may have', () => {
    const offence = { name: '盗窃罪', article: '264', intentional: true, note: 'x' };
    expect(letterFactsOf({ ...judgment, offences: [offence] })?.offences).toStrictEqual([
      { name: '盗窃罪', article: '264', intentional: true },
    ]);
  });

  it('states no term for a penalty without one', () => {
    const exempted = letterFactsOf({ ...judgment, sentence: { penalty: 'exempted' } });
    expect(exempted).toStrictEqual({
      offences: letterFactsOf(judgment)?.offences,
      penalty: 'exempted',
      effectiveDate: '2024-05-01',
    });
    expect(exempted).not.toHaveProperty('months');
  });

  it('marks a suspended sentence and its probation', () => {
    const facts = letterFactsOf({
      ...judgment,
      sentence: {
        penalty: 'fixed-term-imprisonment',
        months: 18,
        suspended: true,
        probationMonths: 24,
      },
    });
    expect(facts).toMatchObject({ suspended: true, probationMonths: 24, months: 18 });
  });

  it('states neither a suspension nor a probation for a sentence not suspended', () => {
    for (const sentence of [
      { penalty: 'criminal-detention' as const, months: 4, suspended: false },
      // A probation without a suspension is no probation at all.
      { penalty: 'criminal-detention' as const, months: 4, suspended: false, probationMonths: 6 },
      { penalty: 'criminal-detention' as const, months: 4, probationMonths: 6 },
    ]) {
      const facts = letterFactsOf({ ...judgment, sentence });
      expect(facts, JSON.stringify(sentence)).not.toHaveProperty('suspended');
      expect(facts, JSON.stringify(sentence)).not.toHaveProperty('probationMonths');
    }
  });

  it('states a suspension without a probation when none was given', () => {
    const facts = letterFactsOf({
      ...judgment,
      sentence: { penalty: 'criminal-detention', months: 4, suspended: true },
    });
    expect(facts).toMatchObject({ suspended: true });
    expect(facts).not.toHaveProperty('probationMonths');
  });

  it('exists for a conviction only: a judgment without its sentence, or any other record, has none', () => {
    const { sentence: _none, ...withoutSentence } = judgment;
    expect(letterFactsOf(withoutSentence)).toBeUndefined();
    for (const recordType of ['acquittal', 'non-prosecution', 'compulsory-measure'] as const) {
      expect(letterFactsOf({ ...judgment, recordType }), recordType).toBeUndefined();
    }
  });
});

describe('Functions: encodeLetterFacts / decodeLetterFacts', () => {
  const facts: LetterFacts = {
    offences: [{ name: '盗窃罪', article: '264', intentional: true }],
    penalty: 'fixed-term-imprisonment',
    months: 18,
    suspended: true,
    probationMonths: 24,
    effectiveDate: day('2024-05-01'),
  };
  const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('round-trips as JSON text', () => {
    const encoded = encodeLetterFacts(facts);
    expect(JSON.parse(new TextDecoder().decode(encoded))).toEqual(facts);
    expect(decodeLetterFacts(encoded)).toStrictEqual(facts);
  });

  it('accepts the least a conviction has: no offence named, no term', () => {
    const least = { offences: [], penalty: 'exempted', effectiveDate: '2024-05-01' };
    expect(decodeLetterFacts(bytes(least))).toStrictEqual(least);
  });

  it('accepts 50 offences and a 200-character name, and a paragraph article', () => {
    const offence = { name: '罪'.repeat(200), article: '359(2)', intentional: true };
    const many = { ...facts, offences: Array.from({ length: 50 }, () => offence) };
    expect(decodeLetterFacts(bytes(many)).offences).toHaveLength(50);
  });

  it.each([
    ['text that is not JSON', new TextEncoder().encode('not json')],
    ['no offences', bytes({ penalty: 'exempted', effectiveDate: '2024-05-01' })],
    ['51 offences', bytes({ ...facts, offences: Array(51).fill(facts.offences[0]) })],
    [
      'an offence without a name',
      bytes({ ...facts, offences: [{ ...facts.offences[0], name: '' }] }),
    ],
    [
      'a name of 201 characters',
      bytes({ ...facts, offences: [{ ...facts.offences[0], name: '罪'.repeat(201) }] }),
    ],
    [
      'an article outside the Criminal Law',
      bytes({ ...facts, offences: [{ ...facts.offences[0], article: '453' }] }),
    ],
    [
      'an offence without intent',
      bytes({ ...facts, offences: [{ name: '盗窃罪', article: '264' }] }),
    ],
    [
      'an offence with more to say',
      bytes({ ...facts, offences: [{ ...facts.offences[0], recordId: 'r-1' }] }),
    ],
    ['an unknown penalty', bytes({ ...facts, penalty: 'fine' })],
    ['a term of zero months', bytes({ ...facts, months: 0 })],
    ['a fractional term', bytes({ ...facts, months: 1.5 })],
    ['a suspension that is no boolean', bytes({ ...facts, suspended: 'yes' })],
    ['a probation of zero months', bytes({ ...facts, probationMonths: 0 })],
    ['a date that does not exist', bytes({ ...facts, effectiveDate: '2023-02-29' })],
    [
      'a member of the record beyond the letter facts',
      bytes({ ...facts, dateOfBirth: '2006-03-01' }),
    ],
  ])('refuses %s: nothing is stated from it', (_why, stored) => {
    let thrown: unknown;
    try {
      decodeLetterFacts(stored);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidLetterFactsError);
    expect(thrown).toMatchObject({
      code: 'invalid-letter-facts',
      name: 'InvalidLetterFactsError',
      message: 'invalid-letter-facts: stored letter facts do not parse',
    });
    expect((thrown as Error).cause).toBeDefined();
  });
});

describe('InvalidLetterFactsError: its cause', () => {
  it('is the JSON syntax error for text that is not JSON, the schema’s issues otherwise', () => {
    const causeOf = (text: string) => {
      try {
        decodeLetterFacts(new TextEncoder().encode(text));
      } catch (error) {
        return (error as Error).cause;
      }
      return undefined;
    };
    expect(causeOf('not json')).toBeInstanceOf(SyntaxError);
    expect(causeOf('{"offences":[]}')).toMatchObject({ issues: expect.any(Array) });
  });
});

describe('Function: letterFactsContext', () => {
  it('binds the facts to their record and to their purpose', () => {
    expect(letterFactsContext('rec-1')).toStrictEqual({
      recordId: 'rec-1',
      purpose: 'letter-facts',
    });
  });
});
