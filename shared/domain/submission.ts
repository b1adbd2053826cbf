/**
 * A record as an agency submits it (API.md, Records), and the facts the rules read from it.
 * The HTTP layer validates requests into this shape; the use cases take nothing else.
 */
import type { AgencyRole } from './agencies.ts';
import type { CivilDate } from './calendar.ts';
import { birthDateFromNationalId, isValidNationalId } from './nationalId.ts';
import type { Offence, RecordFacts, RecordType, Sentence } from './record.ts';

export type RecordSubmission = {
  caseNumber: string;
  recordType: RecordType;
  subject: { nationalId: string; name: string; dateOfBirth: string };
  ageEstablished?: boolean;
  offenceDate: string;
  lastOffenceDate?: string;
  mainConductAsMinor?: boolean;
  effectiveDate: string;
  sentence?: Sentence;
  offences: Offence[];
  coDefendants?: { nationalId: string }[];
  /**
   * Earlier cases whose sentences this judgment combined (CL arts. 69–71), with their offence
   * date where stated (it decides the joint-crime mark, IM art. 6).
   */
  combinedWith?: { caseNumber: string; offenceDate?: string }[];
  /** The record this retrial or second-instance decision replaces. */
  supersedesRecordId?: string;
  /** Agencies that handled the case and receive its sealing notice (IM arts. 11–13). */
  notify?: { role: AgencyRole; org: string }[];
  details?: Record<string, unknown>;
};

type FactsSource = Pick<
  RecordSubmission,
  | 'recordType'
  | 'ageEstablished'
  | 'offenceDate'
  | 'lastOffenceDate'
  | 'mainConductAsMinor'
  | 'effectiveDate'
  | 'sentence'
  | 'offences'
  | 'supersedesRecordId'
> & { subject: { dateOfBirth: string; nationalId?: string } };

/** The facts the sealing rules decide on, taken from a submission. */
export function factsOf(submission: FactsSource): RecordFacts {
  const nationalId = submission.subject.nationalId;
  return {
    recordType: submission.recordType,
    dateOfBirth: submission.subject.dateOfBirth as CivilDate,
    dateOfBirthOnNationalId:
      nationalId !== undefined && isValidNationalId(nationalId)
        ? birthDateFromNationalId(nationalId)
        : undefined,
    ageEstablished: submission.ageEstablished,
    offenceDate: submission.offenceDate as CivilDate,
    lastOffenceDate: submission.lastOffenceDate as CivilDate | undefined,
    mainConductAsMinor: submission.mainConductAsMinor,
    effectiveDate: submission.effectiveDate as CivilDate,
    sentence: submission.sentence,
    offences: submission.offences,
    retrial: submission.supersedesRecordId !== undefined,
  };
}
