import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCalendarDays,
  type CivilDate,
  compareCivilDates,
  daysBetween,
  isLeapYear,
  parseCivilDate,
} from '#shared/domain/calendar.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import {
  type Penalty,
  penalties,
  type RecordFacts,
  recordFactsIssues,
  recordTypes,
  type Sentence,
} from '#shared/domain/record.ts';
import { decideSealing } from '#shared/domain/sealing/decideSealing.ts';
import { lastDayAsMinor, straddlesEighteenthBirthday } from '#shared/domain/sealing/minority.ts';
import { decidePersonEffects, type PersonRecord } from '#shared/domain/sealing/personEffects.ts';

const d = parseCivilDate;
const { monthRanges } = LEGAL_PARAMETERS;

/** Any date from `min` to `max`, both included. */
const civilDateBetween = (min: CivilDate, max: CivilDate) =>
  fc.integer({ min: 0, max: daysBetween(min, max) }).map((n) => addCalendarDays(min, n));

const dateOfBirthArb = fc.oneof(
  { weight: 4, arbitrary: civilDateBetween(d('1950-01-01'), d('2030-12-31')) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1950, max: 2030 })
      .filter(isLeapYear)
      .map((year) => d(`${year}-02-29`)),
  },
);

/** Offence dates anywhere from age 8 to 50, and often within days of the 18th birthday. */
const offenceDateArb = (dateOfBirth: CivilDate) =>
  fc.oneof(
    fc.integer({ min: 8 * 365, max: 50 * 365 }).map((n) => addCalendarDays(dateOfBirth, n)),
    fc.integer({ min: -5, max: 5 }).map((n) => addCalendarDays(lastDayAsMinor(dateOfBirth), n)),
  );

const termPenaltyMonths = (penalty: Penalty) =>
  penalty === 'fixed-term-imprisonment' ||
  penalty === 'criminal-detention' ||
  penalty === 'public-surveillance'
    ? fc.integer(monthRanges[penalty])
    : fc.constant(undefined);

const sentenceArb: fc.Arbitrary<Sentence> = fc.constantFrom(...penalties).chain((penalty) =>
  fc.record({
    penalty: fc.constant(penalty),
    months: termPenaltyMonths(penalty),
    suspended: fc.boolean(),
    probationMonths: fc.option(fc.integer({ min: 2, max: 60 }), { nil: undefined }),
  }),
);

const fixedTermArb = fc.record({
  penalty: fc.constant('fixed-term-imprisonment' as const),
  months: fc.integer({ min: 1, max: 300 }),
  suspended: fc.boolean(),
});

/** Structurally valid facts (what input validation lets through), for one date of birth. */
const factsForArb = (dateOfBirth: CivilDate) =>
  offenceDateArb(dateOfBirth).chain((offenceDate) =>
    fc
      .record({
        recordType: fc.oneof(
          { weight: 3, arbitrary: fc.constant('judgment' as const) },
          { weight: 2, arbitrary: fc.constantFrom(...recordTypes) },
        ),
        ageEstablished: fc.option(fc.boolean(), { nil: undefined, freq: 2 }),
        span: fc.option(fc.integer({ min: 0, max: 900 }), { nil: undefined }),
        toEffective: fc.integer({ min: 0, max: 1500 }),
        mainConductAsMinor: fc.boolean(),
        sentence: sentenceArb,
        multipleOffences: fc.boolean(),
      })
      .map((r): RecordFacts => {
        const lastOffenceDate =
          r.span === undefined ? undefined : addCalendarDays(offenceDate, r.span);
        const facts: RecordFacts = {
          recordType: r.recordType,
          dateOfBirth,
          ageEstablished: r.ageEstablished,
          offenceDate,
          lastOffenceDate,
          effectiveDate: addCalendarDays(lastOffenceDate ?? offenceDate, r.toEffective),
          sentence: r.recordType === 'judgment' ? r.sentence : undefined,
          offences: [
            { name: 'theft', article: '264', intentional: true },
            ...(r.multipleOffences ? [{ name: 'fraud', article: '266', intentional: false }] : []),
          ],
        };
        return straddlesEighteenthBirthday(facts)
          ? { ...facts, mainConductAsMinor: r.mainConductAsMinor }
          : facts;
      }),
  );

const factsArb = dateOfBirthArb.chain((dob) => factsForArb(dob));

const fixedTermFactsArb = dateOfBirthArb
  .chain((dob) => fc.tuple(factsForArb(dob), fixedTermArb))
  .map(([facts, sentence]) => ({ ...facts, recordType: 'judgment' as const, sentence }));

const adultConvictionArb = dateOfBirthArb.chain((dob) =>
  factsForArb(dob).map(
    (facts): RecordFacts => ({
      ...facts,
      recordType: 'judgment',
      sentence: facts.sentence ?? { penalty: 'exempted' },
      ageEstablished: true,
      offenceDate:
        compareCivilDates(facts.offenceDate, lastDayAsMinor(dob)) > 0
          ? facts.offenceDate
          : addCalendarDays(lastDayAsMinor(dob), 1),
      lastOffenceDate: undefined,
      effectiveDate: addCalendarDays(lastDayAsMinor(dob), 400),
    }),
  ),
);

/** A person's new record and their earlier records, each in a case of its own. */
const historyArb = dateOfBirthArb.chain((dob) =>
  fc.record({
    newFacts: factsForArb(dob),
    priors: fc.array(factsForArb(dob), { maxLength: 4 }).map((all) =>
      all.map(
        (facts, i): PersonRecord => ({
          recordId: `prior-${i}`,
          facts,
          caseIndex: `case-${i}`,
          combinedWith: [],
        }),
      ),
    ),
    combines: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  }),
);

const sealedByOwnFacts = (record: PersonRecord) => decideSealing(record.facts).sealed;

/** The new record, combining the priors `combines` picks. */
function newRecord(
  facts: RecordFacts,
  priors: PersonRecord[],
  combines: boolean[],
  extra: Partial<PersonRecord> = {},
): PersonRecord {
  return {
    recordId: 'new',
    facts,
    caseIndex: 'case-new',
    combinedWith: priors.filter((_, i) => combines[i]).map((p) => p.caseIndex),
    ...extra,
  };
}

function unsealings(records: PersonRecord[]) {
  return [...decidePersonEffects(records).values()].filter((s) => s.unsealing !== undefined);
}

describe('Property: decideSealing', () => {
  it('one month less never unseals: sealed with m months ⇒ sealed with m − 1', () => {
    fc.assert(
      fc.property(fixedTermFactsArb, (facts) => {
        fc.pre(decideSealing(facts).sealed);
        const shorter = {
          ...facts,
          sentence: { ...facts.sentence, months: facts.sentence.months - 1 },
        };
        expect(decideSealing(shorter).sealed).toBe(true);
      }),
    );
  });

  it('an adult conviction is never sealed, and is disclosable', () => {
    fc.assert(
      fc.property(adultConvictionArb, (facts) => {
        const decision = decideSealing(facts);
        expect(decision).toMatchObject({ sealed: false, minor: false, disclosable: true });
      }),
    );
  });

  it('sealed ⇒ minor', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideSealing(facts);
        if (decision.sealed) expect(decision.minor).toBe(true);
      }),
    );
  });

  it('disclosable ⇔ conviction ∧ ¬sealed, and conviction ⇔ judgment', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideSealing(facts);
        expect(decision.disclosable).toBe(decision.conviction && !decision.sealed);
        expect(decision.conviction).toBe(facts.recordType === 'judgment');
      }),
    );
  });

  it('a non-conviction record is never disclosable, and is sealed exactly for a minor', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        fc.pre(facts.recordType !== 'judgment');
        const decision = decideSealing(facts);
        expect(decision.disclosable).toBe(false);
        expect(decision.sealed).toBe(decision.minor);
      }),
    );
  });

  it('basis is never empty, and the parameters version is recorded', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideSealing(facts);
        expect(decision.basis.length).toBeGreaterThan(0);
        expect(new Set(decision.basis).size).toBe(decision.basis.length);
        expect(decision.parametersVersion).toBe(LEGAL_PARAMETERS.version);
      }),
    );
  });

  it('moving the offence dates earlier never turns a sealed decision into not sealed', () => {
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 1, max: 4000 }), (facts, days) => {
        fc.pre(decideSealing(facts).sealed);
        const offenceDate = addCalendarDays(facts.offenceDate, -days);
        fc.pre(compareCivilDates(offenceDate, facts.dateOfBirth) >= 0);
        const earlier: RecordFacts = {
          ...facts,
          offenceDate,
          lastOffenceDate:
            facts.lastOffenceDate === undefined
              ? undefined
              : addCalendarDays(facts.lastOffenceDate, -days),
        };
        expect(decideSealing(earlier).sealed).toBe(true);
      }),
    );
  });

  it('suspension never changes the outcome: the imposed term counts', () => {
    fc.assert(
      fc.property(fixedTermFactsArb, fc.integer({ min: 1, max: 60 }), (facts, probationMonths) => {
        const suspended = decideSealing({
          ...facts,
          sentence: { ...facts.sentence, suspended: true, probationMonths },
        });
        const served = decideSealing({
          ...facts,
          sentence: { ...facts.sentence, suspended: false, probationMonths: undefined },
        });
        expect(suspended.sealed).toBe(served.sealed);
      }),
    );
  });

  it('a lower threshold never seals more', () => {
    fc.assert(
      fc.property(fixedTermFactsArb, fc.integer({ min: 0, max: 60 }), (facts, threshold) => {
        const params = { ...LEGAL_PARAMETERS, sealingThresholdMonths: threshold };
        if (decideSealing(facts, params).sealed) expect(decideSealing(facts).sealed).toBe(true);
      }),
    );
  });

  it('an age not established always counts as a minor', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const decision = decideSealing({ ...facts, ageEstablished: false });
        expect(decision.minor).toBe(true);
        expect(decision.reviewFlags).toContain('age-not-established');
      }),
    );
  });

  it('valid facts always get a decision; input validation names every undecidable case', () => {
    fc.assert(
      fc.property(factsArb, fc.boolean(), (facts, dropMainConduct) => {
        const input = dropMainConduct ? { ...facts, mainConductAsMinor: undefined } : facts;
        const missing = recordFactsIssues(input).some((i) => i.code === 'main-conduct-required');
        if (missing) expect(() => decideSealing(input)).toThrow();
        else expect(() => decideSealing(input)).not.toThrow();
      }),
    );
  });
});

describe('Property: decidePersonEffects', () => {
  const runs = { numRuns: 500 };
  it('only sealed convictions whose case was combined are unsealed, from the new decision’s date', () => {
    fc.assert(
      fc.property(historyArb, ({ newFacts, priors, combines }) => {
        const fresh = newRecord(newFacts, priors, combines);
        for (const state of unsealings([...priors, fresh])) {
          const target = priors.find((p) => p.recordId === state.recordId);
          expect(target && sealedByOwnFacts(target)).toBe(true);
          expect(target?.facts.recordType).toBe('judgment');
          expect(fresh.combinedWith).toContain(target?.caseIndex);
          expect(state.unsealing?.effectiveFrom).toBe(newFacts.effectiveDate);
          expect(state.unsealing?.basis).toEqual(
            expect.arrayContaining(['IM art. 18', 'SPP art. 485']),
          );
        }
      }),
      runs,
    );
  });

  it('the outcome does not depend on the order of the records', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), ({ newFacts, priors, combines }, seed) => {
        const records = [...priors, newRecord(newFacts, priors, combines)];
        const rotated = records.map((_, i) => records[(i + seed) % records.length] as PersonRecord);
        const summary = (all: PersonRecord[]) =>
          [...decidePersonEffects(all).values()]
            .map((s) => `${s.recordId}:${s.sealed}:${s.unsealing?.byRecordId ?? ''}`)
            .sort();
        expect(summary(rotated.reverse())).toEqual(summary(records));
      }),
      runs,
    );
  });

  it('a minor’s new conviction over 60 months unseals every sealed conviction it combined', () => {
    const caseArb = historyArb.chain(({ newFacts, priors, combines }) =>
      fc
        .record({
          ageInDays: fc.integer({
            min: 12 * 365,
            max: daysBetween(newFacts.dateOfBirth, lastDayAsMinor(newFacts.dateOfBirth)),
          }),
          sentence: fc.oneof(
            fc
              .integer({ min: 61, max: 300 })
              .map((months): Sentence => ({ penalty: 'fixed-term-imprisonment', months })),
            fc.constant<Sentence>({ penalty: 'life-imprisonment' }),
          ),
          toEffective: fc.integer({ min: 30, max: 900 }),
        })
        .map(({ ageInDays, sentence, toEffective }) => {
          const offenceDate = addCalendarDays(newFacts.dateOfBirth, ageInDays);
          const facts: RecordFacts = {
            ...newFacts,
            recordType: 'judgment',
            ageEstablished: true,
            dateOfBirthOnNationalId: undefined,
            offenceDate,
            lastOffenceDate: undefined,
            effectiveDate: addCalendarDays(offenceDate, toEffective),
            sentence,
          };
          return { facts, priors, combines };
        }),
    );
    fc.assert(
      fc.property(caseArb, ({ facts, priors, combines }) => {
        const records = [...priors, newRecord(facts, priors, combines)];
        const expected = priors
          .filter((p, i) => combines[i] && sealedByOwnFacts(p) && p.facts.recordType === 'judgment')
          .map((p) => p.recordId);
        expect(unsealings(records).map((s) => s.recordId)).toEqual(expected);
      }),
      runs,
    );
  });

  it('a new crime as an adult never unseals anything', () => {
    fc.assert(
      fc.property(historyArb, ({ newFacts, priors, combines }) => {
        fc.pre(!decideSealing(newFacts).minor);
        expect(unsealings([...priors, newRecord(newFacts, priors, combines)])).toEqual([]);
      }),
      runs,
    );
  });

  it('a new decision that could itself be sealed never unseals anything', () => {
    fc.assert(
      fc.property(historyArb, ({ newFacts, priors, combines }) => {
        fc.pre(decideSealing(newFacts).sealed);
        expect(unsealings([...priors, newRecord(newFacts, priors, combines)])).toEqual([]);
      }),
      runs,
    );
  });

  it('a retrial supersedes the record it names, and unseals at most that one, above 60 months only', () => {
    fc.assert(
      fc.property(historyArb, fc.nat(), ({ newFacts, priors }, pick) => {
        fc.pre(priors.length > 0);
        const superseded = priors[pick % priors.length] as PersonRecord;
        const retrial = newRecord(newFacts, priors, [], { supersedes: superseded.recordId });
        const states = decidePersonEffects([...priors, retrial]);
        // Only a judgment or an acquittal can be replaced; anything else is flagged and stays.
        const replaceable = ['judgment', 'acquittal'].includes(superseded.facts.recordType);
        expect(states.get(superseded.recordId)?.supersededBy).toBe(replaceable ? 'new' : undefined);
        expect(states.get('new')?.reviewFlags.includes('superseded-record-not-found')).toBe(
          !replaceable,
        );
        const unsealed = unsealings([...priors, retrial]).map((s) => s.recordId);
        expect(unsealed).toEqual(unsealed.length === 0 ? [] : [superseded.recordId]);
        const sentence = newFacts.sentence;
        const withinThreshold =
          sentence === undefined ||
          !['fixed-term-imprisonment', 'life-imprisonment', 'death'].includes(sentence.penalty) ||
          (sentence.penalty === 'fixed-term-imprisonment' &&
            (sentence.months ?? 0) <= LEGAL_PARAMETERS.sealingThresholdMonths);
        if (withinThreshold) expect(unsealed).toEqual([]);
      }),
      runs,
    );
  });
});
