/**
 * What an inquiry result letter states (RULES.md §5; IM art. 17): only whether an unsealed
 * conviction is on file and, if so, its offences, penalty, term and effective date — and under
 * a basis that concerns only some offences (Minors Protection Law art. 62), only convictions
 * for those. Sealed convictions are never given to this function at all: it reads the
 * disclosable set only.
 */
import type { LetterConviction } from '../credential/letter.ts';
import type { RecordFacts } from '../record.ts';
import { categoriesOfOffence, type LegalBasis } from './legalBases.ts';

export function convictionsForLetter(
  unsealedConvictions: readonly RecordFacts[],
  basis: Pick<LegalBasis, 'offenceCategories'>,
): LetterConviction[] {
  const within = (facts: RecordFacts) =>
    basis.offenceCategories === undefined ||
    facts.offences.some((offence) =>
      categoriesOfOffence(offence).some((category) => basis.offenceCategories?.includes(category)),
    );
  return unsealedConvictions
    .filter((facts) => facts.recordType === 'judgment' && facts.sentence !== undefined)
    .filter(within)
    .map((facts) => ({
      offences: facts.offences.map((offence) => offence.name),
      penalty: facts.sentence?.penalty ?? 'exempted',
      ...(facts.sentence?.months !== undefined ? { months: facts.sentence.months } : {}),
      effectiveDate: facts.effectiveDate,
    }))
    .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}
