/**
 * What an inquiry result letter states (RULES.md §5; IM art. 17): only whether an unsealed
 * conviction the basis concerns is on file and, if so, the offences it concerns, the penalty,
 * term and effective date — by the basis's filter, read by Criminal Law article (`letterFilter.ts`).
 * Sealed convictions are never given to this function at all: it reads the disclosable set
 * only.
 */
import type { CivilDate } from '../calendar.ts';
import type { LetterConviction } from '../credential/letter.ts';
import type { LegalBasis } from './legalBases.ts';
import type { LetterFacts } from './letterFacts.ts';
import { reportedOffences } from './letterFilter.ts';

export function convictionsForLetter(
  unsealedConvictions: readonly LetterFacts[],
  basis: Pick<LegalBasis, 'filter'>,
  asOf: CivilDate,
): LetterConviction[] {
  return unsealedConvictions
    .map((facts) => ({ facts, offences: reportedOffences(basis.filter, facts, asOf) }))
    .filter(({ offences }) => offences.length > 0)
    .map(({ facts, offences }) => ({
      offences: offences.map((offence) => offence.name),
      penalty: facts.penalty,
      ...(facts.months !== undefined ? { months: facts.months } : {}),
      effectiveDate: facts.effectiveDate,
    }))
    .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}
