/**
 * Port: notices between agencies (IM arts. 11–13; API.md, Oversight). A sealing notice goes
 * to each agency that handled a sealed case; an agency whose record another record unsealed or
 * replaced is told so. Notices name record IDs only. (There is no notice of a joint-crime mark:
 * it is decided from the marked record's own facts and answered at submission.)
 */
export const noticeKinds = ['sealed', 'unsealed', 'superseded'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export type Notice = {
  /** Deterministic per record, kind and recipient: creating it twice changes nothing. */
  noticeId: string;
  kind: NoticeKind;
  recordId: string;
  recipient: { role: string; org: string };
  /** When the event the notice reports happened (for `sealed`: when the record was sealed). */
  at: string;
  /** When the recipient must have confirmed it (IM arts. 11–13: 3 days; CPL art. 105). */
  acknowledgeBy: string;
  /** `provisional` when counted on a year not yet announced: restated on reading. */
  calendar?: 'official' | 'provisional';
  acknowledgedAt?: string;
  /** The official (`sub`) who acknowledged it. */
  acknowledgedBy?: string;
};

export type NoticePage = { notices: Notice[]; cursor?: string };

export interface NoticeStore {
  /** Creates the notice unless one with its ID exists. */
  create(notice: Notice): Promise<void>;
  /** The recipient's notice with this ID; undefined for none (or another recipient's). */
  get(recipient: { role: string; org: string }, noticeId: string): Promise<Notice | undefined>;
  /** A page of the recipient's notices, by notice ID (a stable order). */
  page(
    recipient: { role: string; org: string },
    request: { cursor?: string; limit: number },
  ): Promise<NoticePage>;
  /** `acknowledged` once; `already` when it was; `not-found` for another recipient's notice. */
  acknowledge(
    recipient: { role: string; org: string },
    noticeId: string,
    by: { subject: string; at: string },
  ): Promise<'acknowledged' | 'already' | 'not-found'>;
}
