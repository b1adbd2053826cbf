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
};

export interface SealingQueue {
  enqueue(work: SealingWork): Promise<void>;
}
