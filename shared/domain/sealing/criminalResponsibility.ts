/**
 * The age of criminal responsibility (CL art. 17, as amended in 2020; RULES.md §1), read by
 * Criminal Law article. An age is reached on the day after the birthday (SPC-2006 art. 2), as
 * for the 18th.
 *
 * - Under 12 at every offence the record covers: no conviction is possible; the record is
 *   refused as input.
 * - 12 or 13: only intentional homicide or intentional injury causing death or grave injury by
 *   especially cruel means (CL 232, 234), prosecuted with the SPP's approval — accepted and
 *   flagged, so that a human checks the approval; any other article is flagged as well.
 * - 14 or 15: only the eight offences of CL 17 §2 — any other article is flagged, and so is
 *   a negligent offence under a listed article (CL 115 §2): the lists name intentional crimes.
 *
 * Only a conviction (`judgment`, MPS art. 2) is checked.
 *
 * The bracket is the one of the earliest offence (the youngest age the record covers), since
 * the rules treat a person as younger wherever the evidence allows (SPC-2021 art. 146).
 */
import { type CivilDate, compareCivilDates, nthBirthday } from '../calendar.ts';
import { baseArticleOf } from '../law/articles.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import type { RecordFacts, ReviewFlag } from '../record.ts';
import { effectiveDateOfBirth } from './minority.ts';

/** True when the person has not yet reached `years` on `date` (reached the day after the birthday). */
export function isUnderAgeOn(dateOfBirth: CivilDate, date: CivilDate, years: number): boolean {
  return compareCivilDates(date, nthBirthday(dateOfBirth, years)) <= 0;
}

type ResponsibilityFacts = Pick<
  RecordFacts,
  | 'recordType'
  | 'dateOfBirth'
  | 'dateOfBirthOnNationalId'
  | 'ageEstablished'
  | 'offenceDate'
  | 'lastOffenceDate'
  | 'offences'
>;

/** True for a conviction whose every offence was committed before the minimum age (CL 17 §4). */
export function isBelowAgeOfCriminalResponsibility(
  facts: ResponsibilityFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): boolean {
  if (facts.recordType !== 'judgment' || facts.ageEstablished === false) return false;
  const { dateOfBirth } = effectiveDateOfBirth(facts);
  const latest = facts.lastOffenceDate ?? facts.offenceDate;
  return isUnderAgeOn(dateOfBirth, latest, params.criminalResponsibility.minimumAge);
}

/** The review flags CL art. 17 raises on a conviction, from its own facts. */
export function criminalResponsibilityFlags(
  facts: ResponsibilityFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): ReviewFlag[] {
  if (facts.recordType !== 'judgment' || facts.ageEstablished === false) return [];
  const rules = params.criminalResponsibility;
  const { dateOfBirth } = effectiveDateOfBirth(facts);
  const under = (years: number) => isUnderAgeOn(dateOfBirth, facts.offenceDate, years);
  if (!under(rules.fullAge)) return [];
  const answerable = !under(rules.fourteenToFifteenFrom)
    ? rules.fourteenToFifteen
    : !under(rules.twelveToThirteenFrom)
      ? rules.twelveToThirteen
      : [];
  const flags: ReviewFlag[] = [];
  if (under(rules.fourteenToFifteenFrom)) flags.push('aged-12-to-13-at-offence');
  // §§2–3 name intentional crimes only: a negligent charge under a listed article (CL 115
  // §2, 失火罪 and the like) is outside them.
  const outside = facts.offences.some(
    (offence) => !offence.intentional || !answerable.includes(baseArticleOf(offence.article)),
  );
  if (outside) flags.push('offence-not-answerable-at-age');
  return flags;
}
