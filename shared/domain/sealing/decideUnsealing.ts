/**
 * Unsealing on a legal ground (RULES.md §4; IM arts. 19–20; SPP art. 485). Unsealing counts
 * from the effective date of the decision that triggers it (IM art. 20).
 */
import { addCalendarMonths, type CivilDate, compareCivilDates } from '../calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import { isConviction, type RecordFacts, type ReviewFlag } from '../record.ts';
import { exceedsSealingThreshold, requireMinority, requireSentence } from './decideSealing.ts';

/** The record just ingested; `supersedesRecordId` names the judgment a retrial replaces. */
export type NewRecord = { recordId: string; facts: RecordFacts; supersedesRecordId?: string };

/** A record already on file for the same person. */
export type PriorRecord = { recordId: string; facts: RecordFacts; sealed: boolean };

export type Unsealing = { recordId: string; effectiveFrom: CivilDate; basis: string[] };

export type UnsealingDecision = { unseal: Unsealing[]; reviewFlags: ReviewFlag[] };

const NOTHING: UnsealingDecision = { unseal: [], reviewFlags: [] };

function isSealedConviction(record: PriorRecord): boolean {
  return record.sealed && isConviction(record.facts.recordType);
}

/**
 * Ground 3: a retrial (审判监督程序) changes the sentence of a sealed conviction to more than
 * 60 months; the superseded record is unsealed. Exactly 60 months stays sealed, flagged,
 * since "five years or more" could be read to include it (RULES.md §4).
 */
function decideRetrial(
  retrial: NewRecord,
  supersededId: string,
  priorRecords: readonly PriorRecord[],
  params: LegalParameters,
): UnsealingDecision {
  const superseded = priorRecords.find((prior) => prior.recordId === supersededId);
  if (superseded === undefined) return { unseal: [], reviewFlags: ['superseded-record-not-found'] };
  if (!isSealedConviction(superseded) || !isConviction(retrial.facts.recordType)) return NOTHING;
  const sentence = requireSentence(retrial.facts);
  if (exceedsSealingThreshold(sentence, params)) {
    const { basis } = params;
    return {
      unseal: [
        {
          recordId: superseded.recordId,
          effectiveFrom: retrial.facts.effectiveDate,
          basis: [basis.unsealingGrounds, basis.unsealingEffect, basis.procuratorateUnsealing],
        },
      ],
      reviewFlags: [],
    };
  }
  const exactlyAtThreshold =
    sentence.penalty === 'fixed-term-imprisonment' &&
    sentence.months === params.sealingThresholdMonths;
  return exactlyAtThreshold
    ? { unseal: [], reviewFlags: ['exactly-60-months-on-retrial'] }
    : NOTHING;
}

/**
 * The first day after a suspended sentence's probation, which runs from the judgment's
 * effective date (CL art. 73). When the probation is not on file, the longest the court could
 * have set; undefined when even that is unknown (the probation may still be running).
 */
function probationEnd(facts: RecordFacts, params: LegalParameters): CivilDate | undefined {
  const sentence = facts.sentence;
  if (sentence === undefined) return undefined;
  const months = sentence.probationMonths ?? params.maxProbationMonths[sentence.penalty];
  return months === undefined ? undefined : addCalendarMonths(facts.effectiveDate, months);
}

/** True when an offence of `facts` falls within the probation of the suspended `prior`. */
function offendedDuringProbation(
  facts: RecordFacts,
  prior: PriorRecord,
  params: LegalParameters,
): boolean {
  if (prior.facts.sentence?.suspended !== true) return false;
  const firstOffence = facts.offenceDate;
  const lastOffence = facts.lastOffenceDate ?? facts.offenceDate;
  const start = prior.facts.effectiveDate;
  const end = probationEnd(prior.facts, params);
  return (
    compareCivilDates(lastOffence, start) >= 0 &&
    (end === undefined || compareCivilDates(firstOffence, end) < 0)
  );
}

/**
 * Decides which of a person's sealed records a newly ingested record unseals (RULES.md §4):
 * 1. a new crime committed while still a minor, combined decided sentence over 60 months, or
 * 2. an undiscovered earlier crime committed as a minor, combined over 60 months: every
 *    sealed prior conviction of the person is unsealed from the new judgment's effective date
 *    (IM art. 19; CL art. 69);
 * 3. a retrial that changes a sealed conviction's sentence to over 60 months: the superseded
 *    record is unsealed from the retrial's effective date.
 * A later crime as an adult is no ground, intentional or not: the court may read the sealed
 * record through an approved judicial inquiry, but it stays sealed. An adult crime while a
 * sealed juvenile suspended sentence's probation may still run is flagged for review.
 *
 * The new judgment's sentence must already be the combined one (CL arts. 69–71). When the new
 * crime counts as a minor's only because the age was not established (SPC-2021 art. 146),
 * nothing is unsealed automatically: that presumption protects the person and must not be
 * turned against them; the record is flagged for a human decision instead.
 */
export function decideUnsealing(
  newRecord: NewRecord,
  priorRecords: readonly PriorRecord[],
  params: LegalParameters = LEGAL_PARAMETERS,
): UnsealingDecision {
  if (newRecord.supersedesRecordId !== undefined) {
    return decideRetrial(newRecord, newRecord.supersedesRecordId, priorRecords, params);
  }
  const { facts } = newRecord;
  if (!isConviction(facts.recordType)) return NOTHING;
  const minority = requireMinority(facts, params);
  const sealedPriors = priorRecords.filter(
    (prior) => prior.recordId !== newRecord.recordId && isSealedConviction(prior),
  );

  if (!minority.minor) {
    const duringProbation = sealedPriors.some((prior) =>
      offendedDuringProbation(facts, prior, params),
    );
    return duringProbation
      ? { unseal: [], reviewFlags: ['adult-offence-during-juvenile-probation'] }
      : NOTHING;
  }
  if (!exceedsSealingThreshold(requireSentence(facts), params) || sealedPriors.length === 0) {
    return NOTHING;
  }
  if (minority.reviewFlags.includes('age-not-established')) {
    return { unseal: [], reviewFlags: ['age-not-established'] };
  }
  const { basis } = params;
  return {
    unseal: sealedPriors.map((prior) => ({
      recordId: prior.recordId,
      effectiveFrom: facts.effectiveDate,
      basis: [
        basis.unsealingGrounds,
        basis.unsealingEffect,
        basis.procuratorateUnsealing,
        basis.combinedPunishment,
      ],
    })),
    reviewFlags: [],
  };
}
