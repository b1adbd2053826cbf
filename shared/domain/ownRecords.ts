/**
 * The person's own view of their records (API.md, The person's own view; RULES.md §3: "the
 * person is told that the record is sealed (and, later, unsealed), in their own view"): each
 * record with whether it is sealed, and the sealing and unsealing notices about it. What it
 * holds is decided here, from a record's state, so that writing it again changes nothing.
 *
 * Never signed, never a document: a unit that makes someone show it would get around the
 * written application the law requires of it (CPL art. 286; IM arts. 16–17), and the answer
 * says so (`OWN_VIEW_NOTICE`).
 */
import type { RecordEnvelope } from './recordEnvelope.ts';

export type OwnRecordNotice = {
  kind: 'sealed' | 'unsealed';
  /** When: the record's sealing, or the effective date of the decision that unsealed it. */
  at: string;
  basis: string[];
};

export type OwnRecordView = {
  recordId: string;
  recordType: string;
  caseNumber: string;
  /** The organisation that holds the record: where a sealing application goes. */
  agency: { role: string; org: string };
  offenceDate: string;
  effectiveDate?: string;
  sealed: boolean;
  /** Replaced by a retrial or second-instance record: it no longer counts. */
  superseded: boolean;
  notices: OwnRecordNotice[];
};

/** The routing state of a record that the view reads (shared/ports/recordStore.ts). */
export type RecordStateForView = {
  recordId: string;
  recordType: string;
  owningRole: string;
  owningAgency: string;
  status: 'sealed' | 'open';
  supersededBy?: string;
  createdAt: string;
  updatedAt: string;
};

export function ownRecordView(record: RecordStateForView, envelope: RecordEnvelope): OwnRecordView {
  const { submission, decision, effects } = envelope;
  const notices: OwnRecordNotice[] = [];
  if (decision.sealed)
    notices.push({ kind: 'sealed', at: record.createdAt, basis: decision.basis });
  if (effects?.sealedOnApplication) {
    notices.push({
      kind: 'sealed',
      at: effects.sealedOnApplication.at,
      basis: effects.sealedOnApplication.basis,
    });
  }
  if (effects?.unsealing) {
    notices.push({ kind: 'unsealed', at: effects.unsealing.from, basis: effects.unsealing.basis });
  }
  return {
    recordId: record.recordId,
    recordType: record.recordType,
    caseNumber: submission.caseNumber,
    agency: { role: record.owningRole, org: record.owningAgency },
    offenceDate: submission.offenceDate,
    ...(submission.effectiveDate ? { effectiveDate: submission.effectiveDate } : {}),
    sealed: record.status === 'sealed',
    superseded: record.supersededBy !== undefined,
    notices,
  };
}

/** What every answer of the own view says, in both languages. */
export const OWN_VIEW_NOTICE = {
  version: '2026-12-01.1',
  zh:
    '本页面仅供本人了解自己的记录及其封存状态，不是证明文件，未经签名，不能验证。' +
    '任何单位和个人不得要求当事人出示本页面内容；依法需要查询的，应当依照规定提出书面申请。',
  en:
    'This view is for your own information about your records and whether they are sealed. It ' +
    'is not a certificate or a document, is not signed and cannot be verified. No unit or ' +
    'person may require you to show it: one that needs to know must apply in writing under ' +
    'the law.',
  basis: ['CPL art. 286', 'IM arts. 16–17'],
} as const;
