/**
 * Port: work for the sealing service — a record whose effects on the person's other records
 * (unsealing, supersession, joint-crime marks, flags, notices) are applied off the request
 * path (DESIGN.md invariant 8). In AWS an SQS FIFO queue grouped by person; locally an
 * in-process queue. Delivery is at least once; the service is idempotent.
 */
export type SealingWork = {
  recordId: string;
  /** Blind index of the record's subject: work for one person is applied in order. */
  personIndex: string;
  /**
   * A reconciliation's: the ingestion attempt that asked for it, whose disclosable entry it
   * may remove (`DisclosableEntry.attempt`).
   */
  attempt?: string;
};

/** A decision to seal on the person's application (API.md): the records it concerns. */
export type SealingApplicationWork = { applicationId: string; personIndex: string };

export type QueuedWork = SealingWork | SealingApplicationWork;

/** One piece of work is deduplicated by what it is about. */
export function deduplicationIdOf(work: QueuedWork): string {
  return 'recordId' in work ? work.recordId : `application-${work.applicationId}`;
}

export interface SealingQueue {
  /** The record's effects, once it is stored and audited (one message per record). */
  enqueue(work: SealingWork): Promise<void>;
  /**
   * An ingestion that did not keep its record (the write failed, its audit failed, or the
   * record ID holds another submission) asks the service to bring the record's disclosable
   * entry in line with the record: the service removes the entry only when the record is
   * absent or not a disclosable conviction, deciding from the record as stored — never
   * from the message. Delivered even when the record's own work was queued moments before.
   * This is how an internet-facing function undoes an entry without the right to delete any
   * (DESIGN.md invariant 2: a deleted entry would give a convicted person a certificate).
   */
  reconcile(work: SealingWork): Promise<void>;
}

/** The same queue, as the sealing applications use it. */
export interface SealingApplicationQueue {
  enqueue(work: SealingApplicationWork): Promise<void>;
}
