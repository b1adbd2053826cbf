/**
 * Port: the append-only, hash-chained audit log (DESIGN.md invariant 5). Entries hold
 * blind indexes and record IDs, never names or ID numbers.
 */

export type AuditActor = { subject: string; role: string; organisation: string };

export type AuditEvent = {
  /** Deterministic per action, so a retried request appends nothing new. */
  eventId: string;
  at: string;
  actor: AuditActor;
  action:
    | 'record.ingest'
    | 'record.unseal'
    | 'record.supersede'
    | 'record.flag'
    | 'record.mark-sealed-information'
    | 'notice.create'
    | 'notice.acknowledge'
    | 'inquiry.apply'
    | 'inquiry.approve'
    | 'inquiry.refuse'
    | 'inquiry.acknowledge'
    | 'inquiry.letter'
    | 'inquiry.full-file'
    | 'access-log.read';
  recordId: string;
  blindIndex?: string;
  decision?: { sealed: boolean; basis: string[]; reviewFlags: string[] };
  legalBasis?: string[];
  /** The record whose arrival caused this effect (sealing service). */
  causedBy?: string;
  noticeId?: string;
  /** Review flags added by the effect. */
  reviewFlags?: string[];
  /** Records a disclosure showed (judicial full file). */
  disclosedRecordIds?: string[];
  /** What a letter stated: never more than the letter itself. */
  statement?: string;
};

export type AuditEntry = AuditEvent & {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
};

export interface AuditLog {
  /** Appends the event once; appending the same eventId again changes nothing. */
  append(event: AuditEvent): Promise<void>;
}
