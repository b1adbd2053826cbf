/**
 * Who counts as a minor (RULES.md §1): the age at the date of the offence, reached on the day
 * after the birthday (SPC-2006 art. 2).
 */
import { type CivilDate, compareCivilDates, isBornOnLeapDay, nthBirthday } from '../calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import type { RecordFacts, ReviewFlag } from '../record.ts';

/** The facts the age rules read. */
export type MinorityFacts = Pick<
  RecordFacts,
  | 'dateOfBirth'
  | 'dateOfBirthOnNationalId'
  | 'ageEstablished'
  | 'offenceDate'
  | 'lastOffenceDate'
  | 'mainConductAsMinor'
>;

export type MinorityFinding =
  | {
      decidable: true;
      minor: boolean;
      /** Offences on both sides of the 18th birthday, decided by the main conduct. */
      straddles: boolean;
      /**
       * A minor only by a presumption in the person's favour (age not established, birth
       * dates that contradict each other): never a reason to act against them.
       */
      presumed: boolean;
      basis: string[];
      reviewFlags: ReviewFlag[];
    }
  | {
      decidable: false;
      /** The field input validation must require; see `straddlesEighteenthBirthday`. */
      missing: 'mainConductAsMinor';
      basis: string[];
    };

/**
 * The last day on which the person is a minor: the 18th birthday itself, since the age is
 * reached on the day after it (SPC-2006 art. 2). For a 29 February birth in a common year the
 * birthday is 1 March (favourable reading, RULES.md §1).
 */
export function lastDayAsMinor(
  dateOfBirth: CivilDate,
  params: LegalParameters = LEGAL_PARAMETERS,
): CivilDate {
  return nthBirthday(dateOfBirth, params.ageOfMajority);
}

/** True when an act on `date` is a minor's act (SPC-2006 art. 2). */
export function isMinorOn(
  dateOfBirth: CivilDate,
  date: CivilDate,
  params: LegalParameters = LEGAL_PARAMETERS,
): boolean {
  return compareCivilDates(date, lastDayAsMinor(dateOfBirth, params)) <= 0;
}

/**
 * The birth date the rules use. When the stated date and the one the national ID encodes
 * differ, the later of the two: the evidence then cannot establish that the person was
 * already 18, and the favourable reading applies (SPC-2021 art. 146).
 */
export function effectiveDateOfBirth(facts: MinorityFacts): {
  dateOfBirth: CivilDate;
  contradicted: boolean;
} {
  const onId = facts.dateOfBirthOnNationalId;
  if (onId === undefined || onId === facts.dateOfBirth) {
    return { dateOfBirth: facts.dateOfBirth, contradicted: false };
  }
  const later = compareCivilDates(onId, facts.dateOfBirth) > 0 ? onId : facts.dateOfBirth;
  return { dateOfBirth: later, contradicted: true };
}

/**
 * True when the record's offences lie on both sides of the 18th birthday, so the agency must
 * state whether the main criminal conduct was before it (IM art. 4 §2). False when the age is
 * not established: without an established birth date there is no birthday to straddle, and
 * the person is treated as a minor anyway (SPC-2021 art. 146).
 */
export function straddlesEighteenthBirthday(
  facts: MinorityFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): boolean {
  if (facts.ageEstablished === false || facts.lastOffenceDate === undefined) return false;
  const { dateOfBirth } = effectiveDateOfBirth(facts);
  return (
    isMinorOn(dateOfBirth, facts.offenceDate, params) &&
    !isMinorOn(dateOfBirth, facts.lastOffenceDate, params)
  );
}

/** Whether the record's offences count as a minor's (RULES.md §1). */
export function determineMinority(
  facts: MinorityFacts,
  params: LegalParameters = LEGAL_PARAMETERS,
): MinorityFinding {
  const { basis } = params;
  if (facts.ageEstablished === false) {
    return {
      decidable: true,
      minor: true,
      straddles: false,
      presumed: true,
      basis: [basis.ageNotEstablished],
      reviewFlags: ['age-not-established'],
    };
  }
  const { dateOfBirth, contradicted } = effectiveDateOfBirth(facts);
  const reviewFlags: ReviewFlag[] = isBornOnLeapDay(dateOfBirth) ? ['born-29-february'] : [];
  const dateBasis = [basis.ageReachedDayAfterBirthday];
  if (contradicted) {
    reviewFlags.push('date-of-birth-contradicts-national-id');
    dateBasis.push(basis.ageNotEstablished);
  }
  // Minor by the later date but not by the earlier one: a minor only by the presumption.
  const minorOnBoth = (date: CivilDate) =>
    isMinorOn(facts.dateOfBirth, date, params) &&
    isMinorOn(facts.dateOfBirthOnNationalId ?? facts.dateOfBirth, date, params);
  if (!straddlesEighteenthBirthday(facts, params)) {
    const minor = isMinorOn(dateOfBirth, facts.offenceDate, params);
    return {
      decidable: true,
      minor,
      straddles: false,
      presumed: minor && !minorOnBoth(facts.offenceDate),
      basis: dateBasis,
      reviewFlags,
    };
  }
  const straddleBasis = [...dateBasis, basis.mainCriminalConduct];
  if (facts.mainConductAsMinor === undefined) {
    return { decidable: false, missing: 'mainConductAsMinor', basis: straddleBasis };
  }
  return {
    decidable: true,
    minor: facts.mainConductAsMinor,
    straddles: true,
    presumed: facts.mainConductAsMinor && contradicted,
    basis: straddleBasis,
    reviewFlags: facts.mainConductAsMinor ? reviewFlags : [...reviewFlags, 'main-conduct-after-18'],
  };
}
