/**
 * Joint crimes (IM arts. 5–6): an adult co-defendant is never sealed because of the minor,
 * but every unsealed record handled together with a sealed one carries the mark
 * 含犯罪记录封存信息, and any disclosure of it withholds the minor's identity and details.
 *
 * Records are related when they belong to different people and either share a case number
 * (a case handled together) or — for a joint crime split into separate cases — one names the
 * other's subject as a co-defendant and their offence periods overlap (the same conduct).
 */
import { type CivilDate, compareCivilDates } from '../calendar.ts';

/** A record as the joint-crime rule sees it: blind indexes and offence dates only. */
export type CaseRecord = {
  recordId: string;
  /** Blind index of the subject. */
  personIndex: string;
  /** Blind index of the case number. */
  caseIndex: string;
  /** Blind indexes of the co-defendants the record names. */
  names: readonly string[];
  offencePeriod: { from: CivilDate; to: CivilDate };
  sealed: boolean;
  /** Replaced by a retrial: no longer counts. */
  superseded: boolean;
};

function overlap(a: CaseRecord['offencePeriod'], b: CaseRecord['offencePeriod']): boolean {
  return compareCivilDates(a.from, b.to) <= 0 && compareCivilDates(b.from, a.to) <= 0;
}

export function areRelated(a: CaseRecord, b: CaseRecord): boolean {
  if (a.personIndex === b.personIndex) return false;
  if (a.caseIndex === b.caseIndex) return true;
  const named = a.names.includes(b.personIndex) || b.names.includes(a.personIndex);
  return named && overlap(a.offencePeriod, b.offencePeriod);
}

/**
 * The records among `self` and `others` that must carry the mark: every unsealed record
 * related to a sealed one. Symmetric, so it holds whichever record arrived first.
 */
export function recordsToMark(self: CaseRecord, others: readonly CaseRecord[]): string[] {
  const marks = new Set<string>();
  const counts = (record: CaseRecord) => !record.superseded;
  if (!counts(self)) return [];
  for (const other of others) {
    if (!counts(other) || !areRelated(self, other)) continue;
    if (self.sealed && !other.sealed) marks.add(other.recordId);
    if (other.sealed && !self.sealed) marks.add(self.recordId);
  }
  return [...marks];
}
