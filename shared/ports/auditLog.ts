/**
 * Port: writing audit events (DESIGN.md invariant 5). Events hold blind indexes, record IDs
 * and certificate IDs, never names or ID numbers. A writer can neither read the log nor
 * change what it wrote without the next checkpoint showing it (`auditTree.ts`).
 */

export type AuditActor = { subject: string; role: string; organisation: string };

/** What the record and notice actions carry. */
/** A guardian or agent acting for the person: their relationship and their own blind index. */
export type AuditAgent = { relationship: string; blindIndex: string };

export type RecordAuditFields = {
  recordId: string;
  agent?: AuditAgent;
  blindIndex?: string;
  decision?: {
    sealed: boolean;
    containsSealedInformation?: boolean;
    basis: string[];
    reviewFlags: string[];
  };
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
  /** A page of a list read: the IDs it showed, in order (none of their contents). */
  listed?: string[];
};

/**
 * Every audited action with the fields it carries. A new kind of decision adds its action
 * here (or in its own module, by declaration merging); `AuditEvent` follows.
 */
export interface AuditActions {
  'record.ingest': RecordAuditFields;
  'record.unseal': RecordAuditFields;
  'record.supersede': RecordAuditFields;
  'record.flag': RecordAuditFields;
  'record.mark-sealed-information': RecordAuditFields;
  'notice.create': RecordAuditFields;
  /** A sealed record's organisation is not in the agency directory: no same-level notice. */
  'notice.no-directory-entry': RecordAuditFields;
  'notice.acknowledge': RecordAuditFields;
  /** An inquiry application was made, decided or its notice accepted (IM arts. 16–17). */
  'inquiry.apply': RecordAuditFields;
  'inquiry.approve': RecordAuditFields;
  'inquiry.refuse': RecordAuditFields;
  'inquiry.acknowledge': RecordAuditFields;
  /** An official read an application, or the list of applications to decide. */
  'inquiry.view': RecordAuditFields;
  'inquiry.list': RecordAuditFields;
  /** A result left: a letter, or a judicial full file (records disclosed named). */
  'inquiry.letter': RecordAuditFields;
  'inquiry.full-file': RecordAuditFields;
  /** A person read their own access log. */
  'access-log.read': RecordAuditFields;
  'own-records.read': RecordAuditFields;
  'sealing-application.apply': RecordAuditFields;
  'sealing-application.read': RecordAuditFields;
  'sealing-application.list': RecordAuditFields;
  'sealing-application.decide': RecordAuditFields & { outcome: 'seal' | 'refuse' };
  /** The sealing service sealed a record on the holding organisation's decision. */
  'record.seal-on-application': RecordAuditFields;
  /** A decision to seal matched no open record of that organisation, case and person. */
  'sealing-application.no-record': RecordAuditFields;
  /** Supervision: a corrective opinion and its steps (IM art. 22; SPP arts. 552–554). */
  'opinion.issue': RecordAuditFields;
  'opinion.reply': RecordAuditFields;
  'opinion.request-review': RecordAuditFields;
  'opinion.decide-review': RecordAuditFields;
  /** A complaint of improper disclosure, and its resolution (IM art. 21). */
  'complaint.file': RecordAuditFields;
  'complaint.answer': RecordAuditFields;
  'complaint.resolve': RecordAuditFields;
  /** An upheld review reported to the procuratorate one level up (`outcome`: its org). */
  'opinion.report': RecordAuditFields & { outcome: string };
  /** Someone read the opinions or complaints they may see. */
  'opinion.list': RecordAuditFields;
  'complaint.list': RecordAuditFields;
  /** A supervisor read the oversight summary. */
  'oversight.summary': RecordAuditFields;
  /** An agency read its notices. */
  'notice.list': RecordAuditFields;
  /** A certificate or letter was printed by its holder (`recordId`: the document's own ID). */
  'document.print': RecordAuditFields;
  /** A supervisor exported the audit trail. */
  'audit.export': RecordAuditFields;
  /** A certificate of no criminal record was signed for the person (RULES.md §5). */
  'certificate.issue': {
    blindIndex: string;
    certificateId: string;
    purpose: string;
    outcome: 'issued';
    agent?: AuditAgent;
  };
  /** A certificate application was refused; the outcome says why. */
  'certificate.refuse': {
    blindIndex: string;
    purpose: string;
    outcome: 'record-on-file' | 'justification-required';
    agent?: AuditAgent;
  };
}

export type AuditAction = keyof AuditActions;

/** One audited action: who, when, what. `eventId` makes a retried append a no-op. */
export type AuditEvent<A extends AuditAction = AuditAction> = {
  [K in A]: {
    /** Deterministic per action, so a retried request appends nothing new. */
    eventId: string;
    at: string;
    actor: AuditActor;
    action: K;
  } & AuditActions[K];
}[A];

export interface AuditLog {
  /**
   * Writes the event: one conditional put of its record, keyed by the writer and the event
   * ID, on the request path (API.md, Oversight). Writing the same event again — a retry, after
   * a crash at any point — succeeds and adds nothing to the log; an event with the same ID
   * but other content is refused (`AuditEventConflictError`). The time of the attempt (`at`)
   * is not part of what is compared: the log keeps the first write's. Sequencing, hashing
   * and signing happen after, off the request path (`AuditSequencer`).
   */
  append(event: AuditEvent): Promise<void>;
}
