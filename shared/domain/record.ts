/**
 * The facts of one record that the sealing rules read (RULES.md §§1–2), and the checks an
 * agency's submission must pass before the rules can decide on it.
 */
import { type CivilDate, compareCivilDates, isCivilDate } from './calendar.ts';
import {
  LEGAL_PARAMETERS,
  type LegalParameters,
  type SuspendablePenalty,
  type TermPenalty,
} from './law/parameters.ts';
import { isBelowAgeOfCriminalResponsibility } from './sealing/criminalResponsibility.ts';
import { straddlesEighteenthBirthday } from './sealing/minority.ts';

/** Kinds of record an agency submits; only `judgment` is a conviction (MPS art. 2). */
export const recordTypes = [
  'judgment',
  'acquittal',
  'non-prosecution',
  'no-criminal-responsibility',
  'compulsory-measure',
  'social-investigation',
  'assistance-education',
  'psychological-counselling',
  'judicial-assistance',
] as const;
export type RecordType = (typeof recordTypes)[number];

/** The principal outcome of an effective judgment. */
export const penalties = [
  'fixed-term-imprisonment',
  'life-imprisonment',
  'death',
  'criminal-detention',
  'public-surveillance',
  'supplementary-only',
  'exempted',
] as const;
export type Penalty = (typeof penalties)[number];

/** Penalties whose decided term in months is required (API.md, Records). */
export const termPenalties = [
  'fixed-term-imprisonment',
  'criminal-detention',
  'public-surveillance',
] as const satisfies readonly TermPenalty[];

export type Sentence = {
  penalty: Penalty;
  /** The decided term after combining offences (CL art. 69), not the probation. */
  months?: number;
  suspended?: boolean;
  probationMonths?: number;
};

/**
 * One offence of a record: the charge as named, its Criminal Law article (`"264"`, `"236-1"`
 * for 第二百三十六条之一, `"359(1)"` where charges of one article differ by paragraph) and
 * whether it was intentional. Every rule that depends on the kind of offence reads `article`,
 * never words in `name` (API.md, Records).
 */
export type Offence = { name: string; article: string; intentional: boolean };

export type RecordFacts = {
  recordType: RecordType;
  dateOfBirth: CivilDate;
  /** The birth date the national ID encodes (GB 11643-1999), when it can be read. */
  dateOfBirthOnNationalId?: CivilDate;
  /** false when the evidence cannot establish the age at the offence (SPC-2021 art. 146) */
  ageEstablished?: boolean;
  /** The earliest offence the record covers. */
  offenceDate: CivilDate;
  /** The latest offence the record covers, when it covers several. */
  lastOffenceDate?: CivilDate;
  /** The agency's judgement (IM art. 4 §2), required exactly when offences straddle the 18th birthday. */
  mainConductAsMinor?: boolean;
  /** The day the decision took effect (for a judgment: after appeal or retrial). */
  effectiveDate: CivilDate;
  /** Present exactly for a `judgment`. */
  sentence?: Sentence;
  offences: Offence[];
  /** A retrial or second-instance decision that replaces an earlier judgment. */
  retrial?: boolean;
};

/** True for a conviction, the only kind of criminal record (MPS art. 2). */
export function isConviction(recordType: RecordType): boolean {
  return recordType === 'judgment';
}

/** Reasons a decision needs a human look; each one is set where an ambiguous rule was applied. */
export const reviewFlags = [
  /** Born on 29 February: the 18th birthday was read as 1 March (RULES.md §1). */
  'born-29-february',
  /** Age at the offence not established: treated as a minor (SPC-2021 art. 146). */
  'age-not-established',
  /**
   * The stated date of birth differs from the one the national ID encodes: decided on the
   * later of the two, the reading that treats the person as younger (SPC-2021 art. 146).
   */
  'date-of-birth-contradicts-national-id',
  /** Offences straddle the 18th birthday and the main conduct was after it (IM art. 4 §2). */
  'main-conduct-after-18',
  /** A death sentence for an offence committed as a minor, which CL art. 49 forbids. */
  'death-penalty-for-minor-offence',
  /** A retrial decided exactly 60 months: kept sealed, though "five years or more" may read otherwise. */
  'exactly-60-months-on-retrial',
  /** An adult offence while a sealed juvenile suspended sentence's probation may still run (CL art. 77). */
  'adult-offence-during-juvenile-probation',
  /**
   * A conviction for an offence committed at 12 or 13: possible only for the offences of CL
   * art. 17 §3, with the Supreme People's Procuratorate's approval of the prosecution.
   */
  'aged-12-to-13-at-offence',
  /**
   * A conviction at an age (12–15 at the offence) for an article that CL art. 17 does not
   * make that age answer for.
   */
  'offence-not-answerable-at-age',
  /** A retrial names a superseded record that is not among the person's records. */
  'superseded-record-not-found',
  /**
   * Two or more retrial or second-instance judgments name the same replaced record. The one
   * with the latest effective date is taken to replace it (whatever order they arrived in);
   * each of them is flagged, as the courts' data disagree and a human decides.
   */
  'superseded-record-named-twice',
  /**
   * A combined sentence over 60 months would unseal the combined records, but the new crime
   * counts as a minor's only by a presumption (age not established, contradictory birth
   * dates): that presumption protects the person and is not turned against them; a human decides.
   */
  'unsealing-needs-review',
  /** A judgment whose combined sentence unsealed this record was itself superseded. */
  'unsealing-ground-superseded',
] as const;
export type ReviewFlag = (typeof reviewFlags)[number];

export const recordFactsIssueCodes = [
  'invalid-date',
  'offence-before-birth',
  'last-offence-before-first',
  'offence-after-effective-date',
  'main-conduct-required',
  'sentence-required',
  'sentence-not-allowed',
  'offences-required',
  'below-age-of-criminal-responsibility',
  'months-required',
  'months-out-of-range',
  'suspension-not-allowed',
  'probation-without-suspension',
  'invalid-probation',
  'probation-out-of-range',
] as const;
export type RecordFactsIssueCode = (typeof recordFactsIssueCodes)[number];

/** One problem with submitted facts; `path` names the `RecordFacts` field, dot-separated. */
export type RecordFactsIssue = { path: string; code: RecordFactsIssueCode; message: string };

/** Facts the rules cannot decide on; carries every issue found. */
export class InvalidRecordFactsError extends Error {
  readonly code = 'invalid-record-facts';
  readonly issues: readonly RecordFactsIssue[];

  constructor(issues: readonly RecordFactsIssue[], options?: { cause?: unknown }) {
    super(
      `invalid-record-facts: ${issues.map((issue) => `${issue.path} ${issue.code}`).join(', ')}`,
      options,
    );
    this.name = 'InvalidRecordFactsError';
    this.issues = issues;
  }
}

function isTermPenalty(penalty: Penalty): penalty is TermPenalty {
  return (termPenalties as readonly Penalty[]).includes(penalty);
}

function dateIssues(facts: RecordFacts): RecordFactsIssue[] {
  const fields = ['dateOfBirth', 'offenceDate', 'lastOffenceDate', 'effectiveDate'] as const;
  return fields
    .filter((field) => facts[field] !== undefined && !isCivilDate(facts[field] as string))
    .map((field) => ({ path: field, code: 'invalid-date', message: 'Not a real YYYY-MM-DD date' }));
}

function chronologyIssues(facts: RecordFacts, params: LegalParameters): RecordFactsIssue[] {
  const issues: RecordFactsIssue[] = [];
  const { dateOfBirth, offenceDate, lastOffenceDate, effectiveDate } = facts;
  if (compareCivilDates(offenceDate, dateOfBirth) < 0) {
    issues.push({
      path: 'offenceDate',
      code: 'offence-before-birth',
      message: 'The offence date is before the date of birth',
    });
  }
  if (compareCivilDates(offenceDate, effectiveDate) > 0) {
    issues.push({
      path: 'offenceDate',
      code: 'offence-after-effective-date',
      message: 'The offence date is after the effective date',
    });
  }
  if (lastOffenceDate !== undefined) {
    if (compareCivilDates(lastOffenceDate, offenceDate) < 0) {
      issues.push({
        path: 'lastOffenceDate',
        code: 'last-offence-before-first',
        message: 'The last offence date is before the (first) offence date',
      });
    }
    if (compareCivilDates(lastOffenceDate, effectiveDate) > 0) {
      issues.push({
        path: 'lastOffenceDate',
        code: 'offence-after-effective-date',
        message: 'The last offence date is after the effective date',
      });
    }
  }
  if (isBelowAgeOfCriminalResponsibility(facts, params)) {
    issues.push({
      path: 'offenceDate',
      code: 'below-age-of-criminal-responsibility',
      message: `No conviction is possible for an act before the age of ${params.criminalResponsibility.minimumAge} (${params.basis.criminalResponsibility})`,
    });
  }
  if (facts.mainConductAsMinor === undefined && straddlesEighteenthBirthday(facts, params)) {
    issues.push({
      path: 'mainConductAsMinor',
      code: 'main-conduct-required',
      message: 'Offences straddle the 18th birthday: state whether the main conduct was before it',
    });
  }
  return issues;
}

function sentenceIssues(facts: RecordFacts, params: LegalParameters): RecordFactsIssue[] {
  const { sentence } = facts;
  if (!isConviction(facts.recordType)) {
    return sentence === undefined
      ? []
      : [{ path: 'sentence', code: 'sentence-not-allowed', message: 'Only a judgment has one' }];
  }
  const issues: RecordFactsIssue[] = [];
  if (facts.offences.length === 0) {
    issues.push({ path: 'offences', code: 'offences-required', message: 'List the offences' });
  }
  if (sentence === undefined) {
    issues.push({ path: 'sentence', code: 'sentence-required', message: 'A judgment has one' });
    return issues;
  }
  const { penalty, months, suspended, probationMonths } = sentence;
  if (isTermPenalty(penalty)) {
    const range = params.monthRanges[penalty];
    if (months === undefined) {
      issues.push({
        path: 'sentence.months',
        code: 'months-required',
        message: `The decided term is required for ${penalty}`,
      });
    } else if (!Number.isInteger(months) || months < range.min || months > range.max) {
      issues.push({
        path: 'sentence.months',
        code: 'months-out-of-range',
        message: `${penalty}: a whole number of months from ${range.min} to ${range.max}`,
      });
    }
  }
  // CL art. 72: only criminal detention and fixed-term imprisonment of up to three years.
  const suspendable =
    penalty in params.maxSuspendableMonths &&
    (months === undefined || months <= params.maxSuspendableMonths[penalty as SuspendablePenalty]);
  if (suspended === true && !suspendable) {
    issues.push({
      path: 'sentence.suspended',
      code: 'suspension-not-allowed',
      message: `Only criminal detention or up to ${params.maxSuspendableMonths['fixed-term-imprisonment']} months of imprisonment can be suspended (${params.basis.suspension})`,
    });
  }
  if (probationMonths !== undefined) {
    if (suspended !== true) {
      issues.push({
        path: 'sentence.probationMonths',
        code: 'probation-without-suspension',
        message: 'A probation period needs a suspended sentence',
      });
    } else if (!Number.isInteger(probationMonths) || probationMonths < 1) {
      issues.push({
        path: 'sentence.probationMonths',
        code: 'invalid-probation',
        message: 'A whole number of months, at least 1',
      });
    } else if (suspendable) {
      const range = params.probationMonths[penalty as SuspendablePenalty];
      const min = Math.max(range.min, months ?? 0);
      if (probationMonths < min || probationMonths > range.max) {
        issues.push({
          path: 'sentence.probationMonths',
          code: 'probation-out-of-range',
          message: `${penalty}: probation from ${range.min} months and not less than the term, up to ${range.max} months (${params.basis.probation})`,
        });
      }
    }
  }
  return issues;
}

/**
 * Every reason the rules cannot, or should not, decide on these facts: for the input
 * validation of a submitted record. Empty when the facts are acceptable.
 */
export function recordFactsIssues(
  facts: RecordFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): RecordFactsIssue[] {
  const invalidDates = dateIssues(facts);
  if (invalidDates.length > 0) return [...invalidDates, ...sentenceIssues(facts, params)];
  return [...chronologyIssues(facts, params), ...sentenceIssues(facts, params)];
}
