/**
 * What is sealed, automatically at ingestion (RULES.md §2; CPL art. 286; IM arts. 3, 4, 7).
 */
import { compareCivilDates } from '../calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import {
  InvalidRecordFactsError,
  isConviction,
  type RecordFacts,
  type ReviewFlag,
  reviewFlags as reviewFlagOrder,
  type Sentence,
} from '../record.ts';
import { criminalResponsibilityFlags } from './criminalResponsibility.ts';
import { determineMinority, type MinorityFinding } from './minority.ts';

export type SealingDecision = {
  sealed: boolean;
  minor: boolean;
  /** Only convictions are criminal records (MPS art. 2). */
  conviction: boolean;
  /** true exactly for an unsealed conviction: what a certificate check may see. */
  disclosable: boolean;
  /** Article references behind the decision, never empty. */
  basis: string[];
  reviewFlags: ReviewFlag[];
  parametersVersion: string;
};

/**
 * True when a decided sentence is beyond what sealing allows: fixed-term imprisonment over
 * the threshold (60 months inclusive: CPL art. 286, CL art. 99, IM art. 24), life
 * imprisonment or death. The imposed term counts, suspended or not, never the probation.
 * Throws `InvalidRecordFactsError` for fixed-term imprisonment without a usable term.
 */
export function exceedsSealingThreshold(
  sentence: Sentence,
  params: LegalParameters = LEGAL_PARAMETERS,
): boolean {
  switch (sentence.penalty) {
    case 'fixed-term-imprisonment':
      if (sentence.months === undefined) {
        throw new InvalidRecordFactsError([
          {
            path: 'sentence.months',
            code: 'months-required',
            message: 'The decided term is required for fixed-term-imprisonment',
          },
        ]);
      }
      if (!Number.isFinite(sentence.months) || sentence.months < 0) {
        throw new InvalidRecordFactsError([
          {
            path: 'sentence.months',
            code: 'months-out-of-range',
            message: 'The decided term is a number of months',
          },
        ]);
      }
      return sentence.months > params.sealingThresholdMonths;
    case 'life-imprisonment':
    case 'death':
      return true;
    case 'criminal-detention':
    case 'public-surveillance':
    case 'supplementary-only':
    case 'exempted':
      return false;
  }
}

function penaltyBasis(sentence: Sentence, params: LegalParameters): string[] {
  const { basis } = params;
  switch (sentence.penalty) {
    case 'fixed-term-imprisonment':
      return [basis.thresholdInclusiveCl, basis.thresholdInclusiveIm];
    case 'exempted':
      return [basis.exemption, basis.juvenileExemption];
    default:
      return [];
  }
}

/**
 * Fixed-term imprisonment of exactly the threshold: sealed (60 inclusive), though on a
 * retrial "five years or more" could be read to include it (RULES.md §4, ground 3).
 */
export function isExactlyAtThreshold(sentence: Sentence, params: LegalParameters): boolean {
  return (
    sentence.penalty === 'fixed-term-imprisonment' &&
    sentence.months === params.sealingThresholdMonths
  );
}

/** The sentence of a judgment; throws `InvalidRecordFactsError` when it is missing. */
export function requireSentence(facts: RecordFacts): Sentence {
  if (facts.sentence === undefined) {
    throw new InvalidRecordFactsError([
      { path: 'sentence', code: 'sentence-required', message: 'A judgment has one' },
    ]);
  }
  return facts.sentence;
}

/**
 * Whether the offences count as a minor's (RULES.md §1); throws `InvalidRecordFactsError` when
 * they straddle the 18th birthday without the main-conduct judgement (IM art. 4 §2).
 */
export function requireMinority(
  facts: RecordFacts,
  params: LegalParameters,
): Extract<MinorityFinding, { decidable: true }> {
  const minority = determineMinority(facts, params);
  if (!minority.decidable) {
    throw new InvalidRecordFactsError([
      {
        path: 'mainConductAsMinor',
        code: 'main-conduct-required',
        message:
          'Offences straddle the 18th birthday: state whether the main conduct was before it',
      },
    ]);
  }
  return minority;
}

function inCanonicalOrder(flags: Iterable<ReviewFlag>): ReviewFlag[] {
  const present = new Set(flags);
  return reviewFlagOrder.filter((flag) => present.has(flag));
}

/**
 * Decides whether a record is sealed (RULES.md §§1–2). A minor's conviction is sealed when the
 * effective, combined sentence (CL art. 69) is fixed-term imprisonment of at most 60 months,
 * criminal detention, public surveillance, a supplementary penalty only, or exemption (CL
 * art. 37; SPC-2021 art. 581); any other record of a minor's case is sealed whatever the
 * outcome (IM art. 3, acquittals IM art. 7; PJDL art. 59). An adult's record is never sealed.
 * There is no date floor (IM art. 23).
 *
 * Throws `InvalidRecordFactsError` when the facts leave the decision open: offences straddling
 * the 18th birthday without `mainConductAsMinor`, a judgment without a sentence, fixed-term
 * imprisonment without a usable term. Input validation (`recordFactsIssues`) rejects these first.
 */
export function decideSealing(
  facts: RecordFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): SealingDecision {
  const { basis } = params;
  const minority = requireMinority(facts, params);
  const { minor } = minority;
  const conviction = isConviction(facts.recordType);
  const flags: ReviewFlag[] = [...minority.reviewFlags];
  let sealed: boolean;
  let ruleBasis: string[];

  if (conviction) {
    const sentence = requireSentence(facts);
    const withinThreshold = !exceedsSealingThreshold(sentence, params);
    sealed = minor && withinThreshold;
    ruleBasis = minor
      ? [
          basis.juvenileRecordSealing,
          basis.sealedCriminalRecords,
          ...penaltyBasis(sentence, params),
        ]
      : [basis.juvenileRecordSealing];
    if (facts.offences.length > 1) ruleBasis.push(basis.combinedPunishment);
    if (!sealed) ruleBasis.push(basis.criminalRecordDefinition);
    if (minor && sentence.penalty === 'death') flags.push('death-penalty-for-minor-offence');
    if (minor && facts.retrial && isExactlyAtThreshold(sentence, params)) {
      flags.push('exactly-60-months-on-retrial');
    }
    const responsibilityFlags = criminalResponsibilityFlags(facts, params);
    if (responsibilityFlags.length > 0) {
      flags.push(...responsibilityFlags);
      ruleBasis.push(basis.criminalResponsibility);
    }
  } else {
    sealed = minor;
    ruleBasis = minor
      ? [
          basis.relatedRecords,
          ...(facts.recordType === 'acquittal' ? [basis.acquittalRecords] : []),
          basis.juvenileDelinquencyRecords,
          basis.criminalRecordDefinition,
        ]
      : [basis.criminalRecordDefinition, basis.relatedRecords];
  }
  if (sealed && compareCivilDates(facts.effectiveDate, params.sealingLawInForce) < 0) {
    ruleBasis.push(basis.noDateFloor);
  }

  return {
    sealed,
    minor,
    conviction,
    disclosable: conviction && !sealed,
    basis: [...new Set([...ruleBasis, ...minority.basis])],
    reviewFlags: inCanonicalOrder(flags),
    parametersVersion: params.version,
  };
}
