/**
 * A third party's written application to inquire about someone's criminal record
 * (IM arts. 16–17; RULES.md §5): who asks, about whom (a blind index only), under which legal
 * basis, addressed to which agency, by when it must be decided, and what became of it.
 */
import type { Agency } from '../agencies.ts';
import { type CivilDate, chinaToday, compareCivilDates } from '../calendar.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../law/parameters.ts';
import type { InquirerRole, LegalBasis } from './legalBases.ts';
import { type CalendarSource, restateDeadline, type WorkingDayCalendar } from './workingDays.ts';

export const inquiryStatuses = ['pending', 'approved', 'refused'] as const;
export type InquiryStatus = (typeof inquiryStatuses)[number];

/** The official who applied, decided or acknowledged: an individual, never a shared account (IM art. 20). */
export type Official = { subject: string; role: string; org: string };

/**
 * What a full-file application asks to read beyond the records' structured facts:
 * `details`, the free-form material an agency attached (counselling notes, witnesses' names).
 * Letters never carry it.
 */
export type InquiryScope = { details: boolean };

/** No more than the structured facts: the scope of every letter, and the default. */
export const NARROWEST_SCOPE: InquiryScope = { details: false };

/** The application as stored in the clear: routing and state only, nothing personal. */
export type InquiryState = {
  inquiryId: string;
  /** Blind index of the subject's national ID. */
  subjectIndex: string;
  inquirer: Official & { role: InquirerRole };
  /**
   * The organisation the application is addressed to: the one whose records it concerns
   * (IM: each organ provides inquiry services for its own holdings; RULES.md §5, who decides).
   */
  agency: Agency;
  legalBasis: string;
  disclosure: LegalBasis['disclosure'];
  /** What the application asked to read (full file only; letters: the narrowest). */
  scope: InquiryScope;
  receivedAt: string;
  decideBy: CivilDate;
  calendar: CalendarSource;
  status: InquiryStatus;
  decidedBy?: string;
  decidedAt?: string;
  /** What the approval granted: never more than `scope`. */
  granted?: InquiryScope;
  /**
   * The approval, a compact JWS signed under the approval key by the decision function
   * (DESIGN.md invariant 10): the disclosure function releases nothing without verifying it.
   */
  approval?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  version: number;
};

/** What the application says, kept only inside the envelope (inquiries key). */
export type InquiryContent = {
  subject: { nationalId: string; name: string };
  reason: string;
  purpose: string;
  caseNumber?: string;
  refusalReasons?: string;
  decisionReasons?: string;
};

/**
 * `decideBy`: the end of the agency's decision period after the day of receipt (China Standard
 * Time) — three PRC working days (IM art. 16) unless the parameters say otherwise.
 */
export function decisionDeadline(
  receivedAt: Date,
  agency: Agency['role'],
  calendar: WorkingDayCalendar,
  params: LegalParameters = LEGAL_PARAMETERS,
): { decideBy: CivilDate; calendar: CalendarSource } {
  const { date, calendar: source } = calendar.deadline(
    chinaToday(receivedAt),
    params.inquiryDecision[agency],
  );
  return { decideBy: date, calendar: source };
}

/**
 * The deadline as it stands now: a provisional one is counted again on the current calendar,
 * never earlier than first stated (RULES.md §5).
 */
export function currentDecisionDeadline(
  state: Pick<InquiryState, 'receivedAt' | 'agency' | 'decideBy' | 'calendar'>,
  calendar: WorkingDayCalendar,
  params: LegalParameters = LEGAL_PARAMETERS,
): { decideBy: CivilDate; calendar: CalendarSource } {
  const { date, calendar: source } = restateDeadline(
    { date: state.decideBy, calendar: state.calendar },
    () => {
      const again = decisionDeadline(
        new Date(state.receivedAt),
        state.agency.role,
        calendar,
        params,
      );
      return { date: again.decideBy, calendar: again.calendar };
    },
  );
  return { decideBy: date, calendar: source };
}

/** A pending application whose deadline has passed (China Standard Time). */
export function isOverdue(state: Pick<InquiryState, 'status' | 'decideBy'>, now: Date): boolean {
  return state.status === 'pending' && compareCivilDates(chinaToday(now), state.decideBy) > 0;
}

/**
 * The notice every approved disclosure carries (IM art. 17): the recipient uses the result only
 * for the stated purpose and scope and keeps it confidential. The inquirer must accept it before
 * the result is released; the acceptance is recorded.
 */
export const DISCLOSURE_NOTICE = {
  version: '2022-05-30.1',
  zh:
    '本查询结果仅可用于申请中载明的查询目的和范围，不得用于其他用途；' +
    '查询单位及相关人员应当对查询获取的信息予以保密，不得泄露或者提供给他人。' +
    '违反规定使用或者泄露的，依法追究法律责任。',
  en:
    'This result may be used only for the purpose and within the scope stated in the ' +
    'application, and for no other use. The inquiring unit and its staff must keep the ' +
    'information confidential and must not disclose it or pass it to anyone. Use or disclosure ' +
    'in breach of these terms is pursued under the law.',
  basis: 'IM art. 17',
} as const;
