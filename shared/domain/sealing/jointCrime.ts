/**
 * The mark 含犯罪记录封存信息 ("contains sealed criminal-record information", IM arts. 5–6):
 * an adult co-defendant is never sealed because of the minor, but the adult's record carries
 * the mark, and so does any other case record that cites sealed information — e.g. an adult's
 * judgment that combined a sentence for a crime committed as a minor (CL arts. 71, 77). Any
 * disclosure of a marked record withholds the minor's identity and details.
 *
 * Decided from the marked record's own facts only (RULES.md §2): a co-defendant under 18 at
 * the offence date, read from their ID number; a combined case whose offence date fell before
 * the subject's 18th birthday. Never by looking up whether someone else's record is sealed: a
 * mark that depended on another person's sealed record would tell the submitter that it
 * exists. Marking a file whose minor was not, in the end, sealed only protects more.
 */
import type { CivilDate } from '../calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import { isMinorOn } from './minority.ts';

/** What the mark reads: the record's own offence date and what it names. */
export type MarkFacts = {
  /** The earliest offence the record covers: a co-defendant under 18 on it was a minor in the case. */
  offenceDate: CivilDate;
  /** The birth date the rules use for the subject (see `effectiveDateOfBirth`). */
  subjectDateOfBirth: CivilDate;
  /** Co-defendants' birth dates, read from their ID numbers (GB 11643-1999). */
  coDefendantBirthDates: readonly CivilDate[];
  /** Offence dates of the combined cases (CL arts. 69–71), where the submission states them. */
  combinedOffenceDates: readonly CivilDate[];
};

export type SealedInformationMark =
  | { marked: false }
  | { marked: true; mark: string; basis: string[] };

/**
 * Whether the record carries 含犯罪记录封存信息, and the articles behind it: IM art. 5 for a
 * co-defendant who was a minor at the offence, IM art. 6 (with CL art. 71) for a combined
 * case committed before the subject's 18th birthday.
 */
export function sealedInformationMark(
  facts: MarkFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): SealedInformationMark {
  const { basis } = params;
  const found: string[] = [];
  if (facts.coDefendantBirthDates.some((born) => isMinorOn(born, facts.offenceDate, params))) {
    found.push(basis.jointCrime);
  }
  if (
    facts.combinedOffenceDates.some((date) => isMinorOn(facts.subjectDateOfBirth, date, params))
  ) {
    found.push(basis.citingSealedInformation, basis.combinedAfterSentence);
  }
  if (found.length === 0) return { marked: false };
  return { marked: true, mark: params.sealedInformationMark, basis: found };
}
