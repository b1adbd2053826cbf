/**
 * Effects of a person's records on each other (RULES.md §4; IM arts. 18–19; SPP art. 485;
 * CL arts. 69–71, 73): supersession by a retrial or second-instance decision, unsealing on
 * grounds 1–3, and review flags that depend on earlier records.
 *
 * Decided over the whole set of the person's records, never over "the new record and its
 * priors": the outcome is then a function of the set alone and cannot depend on the order in
 * which the records arrived. The sealing service applies the difference between this and
 * what is stored; effects only ever move towards disclosure (a record once unsealed is not
 * re-sealed here — a vanished ground is flagged for a human instead).
 */
import { addCalendarMonths, type CivilDate, compareCivilDates } from '../calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import { isConviction, type RecordFacts, type ReviewFlag } from '../record.ts';
import { decideSealing, exceedsSealingThreshold, requireMinority } from './decideSealing.ts';

/** One of the person's records as stored. */
export type PersonRecord = {
  recordId: string;
  facts: RecordFacts;
  /** Blind index of the record's case number: how agencies' copies and combinations match. */
  caseIndex: string;
  /** Case indexes of the earlier cases whose sentences this judgment combined (CL 69–71). */
  combinedWith: readonly string[];
  /** The record this retrial or second-instance decision replaces. */
  supersedes?: string;
  /** The stored state: the record that unsealed it, when one did. */
  unsealedBy?: string;
};

export type Unsealing = {
  effectiveFrom: CivilDate;
  basis: string[];
  /** The record whose legal ground unsealed it. */
  byRecordId: string;
  ground: 'combined-sentence' | 'retrial';
};

/** What a record's state should be, given all the person's records. */
export type RecordEffects = {
  recordId: string;
  /** Sealed by its own facts (decided at ingestion) and not unsealed. */
  sealed: boolean;
  conviction: boolean;
  supersededBy?: string;
  unsealing?: Unsealing;
  /** Flags that depend on the person's other records. */
  reviewFlags: ReviewFlag[];
};

function overlapsProbation(
  facts: RecordFacts,
  juvenile: RecordFacts,
  params: LegalParameters,
): boolean {
  const sentence = juvenile.sentence;
  if (sentence?.suspended !== true) return false;
  const months =
    sentence.probationMonths ??
    params.probationMonths[sentence.penalty as keyof LegalParameters['probationMonths']]?.max;
  // The probation runs from the judgment's effective date (CL art. 73); when its length is
  // not on file, the longest the court could have set. Unknown: it may still be running.
  const end = months === undefined ? undefined : addCalendarMonths(juvenile.effectiveDate, months);
  const lastOffence = facts.lastOffenceDate ?? facts.offenceDate;
  return (
    compareCivilDates(lastOffence, juvenile.effectiveDate) >= 0 &&
    (end === undefined || compareCivilDates(facts.offenceDate, end) < 0)
  );
}

/** What a retrial or second-instance decision can replace (RULES.md §4). */
const supersedableTypes: readonly RecordFacts['recordType'][] = ['judgment', 'acquittal'];

function earlier(a: Unsealing | undefined, b: Unsealing): Unsealing {
  return a === undefined || compareCivilDates(b.effectiveFrom, a.effectiveFrom) < 0 ? b : a;
}

/**
 * The state each of a person's records should have:
 *
 * - **Supersession.** A record naming `supersedes` replaces that judgment and every agency's
 *   copy of it (same case, same type, same effective date), whatever its status: a replaced
 *   judgment no longer counts for certificates, letters or unsealing.
 * - **Ground 3.** A retrial that decides more than 60 months unseals the sealed conviction it
 *   replaces, from the retrial's effective date. Exactly 60 stays sealed (flagged at ingestion).
 * - **Grounds 1–2.** A minor's judgment whose combined sentence exceeds 60 months unseals the
 *   sealed convictions of the cases it names in `combinedWith` — and only those — from its
 *   effective date, whichever arrived first. When the new crime is a minor's only by a
 *   presumption in the person's favour, nothing is unsealed and it is flagged.
 * - **Probation.** An adult conviction for an offence within a sealed juvenile suspended
 *   sentence's probation is an ordinary adult record (CL art. 77); the sealed juvenile record
 *   is flagged, for its owner to look at.
 *
 * A later crime as an adult is never a ground: the sealed record stays sealed.
 *
 * A flag that depends on another record goes on the record it concerns — the earlier, sealed
 * one — never on the record just submitted: its submitter must learn nothing about the
 * person's other records (DESIGN.md invariant 8). Only a retrial naming a record that is not
 * the same person's judgment or acquittal is flagged on the retrial itself: record IDs are
 * keyed MACs nobody can compute, so the only IDs an agency can name are those it was given.
 */
export function decidePersonEffects(
  records: readonly PersonRecord[],
  params: LegalParameters = LEGAL_PARAMETERS,
): Map<string, RecordEffects> {
  const { basis } = params;
  const byId = new Map(records.map((record) => [record.recordId, record]));
  const effects = new Map<string, RecordEffects>();
  const decisions = new Map(records.map((r) => [r.recordId, decideSealing(r.facts, params)]));
  for (const record of records) {
    const decision = decisions.get(record.recordId);
    effects.set(record.recordId, {
      recordId: record.recordId,
      sealed: decision?.sealed ?? false,
      conviction: decision?.conviction ?? false,
      reviewFlags: [],
    });
  }
  const flag = (recordId: string, reviewFlag: ReviewFlag) => {
    const state = effects.get(recordId);
    if (state && !state.reviewFlags.includes(reviewFlag)) state.reviewFlags.push(reviewFlag);
  };

  // Supersession, and ground 3. Where several judgments name the same replaced record, the
  // latest by effective date replaces it (the record ID breaks a tie): not the last to
  // arrive, since the outcome must not depend on the order of arrival (RULES.md §4).
  const retrials = records
    .filter((record) => record.supersedes !== undefined)
    .sort(
      (a, b) =>
        compareCivilDates(b.facts.effectiveDate, a.facts.effectiveDate) ||
        (a.recordId < b.recordId ? -1 : a.recordId > b.recordId ? 1 : 0),
    );
  for (const retrial of retrials) {
    const replaced = byId.get(retrial.supersedes ?? '');
    if (replaced === undefined || !supersedableTypes.includes(replaced.facts.recordType)) {
      flag(retrial.recordId, 'superseded-record-not-found');
      continue;
    }
    const rivals = retrials.filter(
      (other) => other !== retrial && other.supersedes === retrial.supersedes,
    );
    if (rivals.length > 0) flag(retrial.recordId, 'superseded-record-named-twice');
    const copies = records.filter(
      (other) =>
        other.recordId === replaced.recordId ||
        (other.recordId !== retrial.recordId &&
          other.supersedes === undefined &&
          other.caseIndex === replaced.caseIndex &&
          other.facts.recordType === replaced.facts.recordType &&
          other.facts.effectiveDate === replaced.facts.effectiveDate),
    );
    const raisesOverThreshold =
      isConviction(retrial.facts.recordType) &&
      retrial.facts.sentence !== undefined &&
      exceedsSealingThreshold(retrial.facts.sentence, params);
    for (const copy of copies) {
      const state = effects.get(copy.recordId);
      if (state === undefined) continue;
      state.supersededBy ??= retrial.recordId;
      if (raisesOverThreshold && state.sealed && state.conviction) {
        state.unsealing = earlier(state.unsealing, {
          effectiveFrom: retrial.facts.effectiveDate,
          basis: [basis.unsealingGrounds, basis.unsealingEffect, basis.procuratorateUnsealing],
          byRecordId: retrial.recordId,
          ground: 'retrial',
        });
      }
    }
  }
  const inForce = (recordId: string) => effects.get(recordId)?.supersededBy === undefined;

  // Grounds 1–2: a combined sentence over 60 months for a crime committed as a minor.
  for (const combining of records) {
    if (combining.combinedWith.length === 0 || !inForce(combining.recordId)) continue;
    if (!isConviction(combining.facts.recordType) || combining.facts.sentence === undefined) {
      continue;
    }
    const minority = requireMinority(combining.facts, params);
    if (!minority.minor || !exceedsSealingThreshold(combining.facts.sentence, params)) continue;
    const combined = records.filter(
      (other) =>
        other.recordId !== combining.recordId &&
        inForce(other.recordId) &&
        combining.combinedWith.includes(other.caseIndex) &&
        effects.get(other.recordId)?.sealed === true &&
        effects.get(other.recordId)?.conviction === true,
    );
    if (combined.length === 0) continue;
    if (minority.presumed) {
      // On the sealed records it would unseal: their owners decide, and the combining
      // judgment's submitter learns nothing of them.
      for (const other of combined) flag(other.recordId, 'unsealing-needs-review');
      continue;
    }
    for (const other of combined) {
      const state = effects.get(other.recordId);
      if (state === undefined) continue;
      state.unsealing = earlier(state.unsealing, {
        effectiveFrom: combining.facts.effectiveDate,
        basis: [
          basis.unsealingGrounds,
          basis.unsealingEffect,
          basis.procuratorateUnsealing,
          basis.combinedPunishment,
        ],
        byRecordId: combining.recordId,
        ground: 'combined-sentence',
      });
    }
  }

  // A record already unsealed stays so; if the ground that unsealed it is gone, a human looks.
  for (const record of records) {
    const state = effects.get(record.recordId);
    if (state === undefined || record.unsealedBy === undefined || state.unsealing) continue;
    flag(record.recordId, 'unsealing-ground-superseded');
  }
  for (const record of records) {
    const state = effects.get(record.recordId);
    if (state && (state.unsealing || record.unsealedBy !== undefined)) state.sealed = false;
  }

  // An adult offence during a sealed juvenile suspended sentence's probation: flagged on the
  // sealed juvenile record, whose owner looks at it.
  for (const adult of records) {
    if (!inForce(adult.recordId) || !isConviction(adult.facts.recordType)) continue;
    if (requireMinority(adult.facts, params).minor) continue;
    for (const juvenile of records) {
      if (
        juvenile.recordId !== adult.recordId &&
        inForce(juvenile.recordId) &&
        effects.get(juvenile.recordId)?.sealed === true &&
        effects.get(juvenile.recordId)?.conviction === true &&
        overlapsProbation(adult.facts, juvenile.facts, params)
      ) {
        flag(juvenile.recordId, 'adult-offence-during-juvenile-probation');
      }
    }
  }
  return effects;
}

/** True while a record counts as a disclosable conviction: unsealed and not replaced. */
export function isDisclosable(
  state: Pick<RecordEffects, 'sealed' | 'conviction' | 'supersededBy'>,
) {
  return state.conviction && !state.sealed && state.supersededBy === undefined;
}
