/**
 * How fast the bulk import may run in AWS, and so the distributed map's `MaxConcurrency`:
 * the rate of records per second that stays under each quota or ceiling the import shares
 * with live traffic, divided by what one batch invocation ingests per second.
 * docs/bulk-import.md walks through the same arithmetic with the default figures.
 *
 * Per record (a typical historical record: one subject, no co-defendant or combined case):
 *
 * - KMS symmetric requests: 3 `GenerateMac` (subject, case number, submission digest) and 1
 *   `GenerateDataKey` in the ingestion; in the sealing service 1 `Decrypt` of the record and
 *   about 1 more for the person's other records (a historical archive holds one or two per
 *   person) and the re-encryptions of records it unseals — 6 in all.
 * - DynamoDB writes on the busiest table, CriminalRecords: the record put (an item of about
 *   3 KB: 3 write units) and the sealing service's `completeEffects` update (billed on the
 *   item's size: 3 more) — 6 write units.
 * - Audit events: the ingestion's, and from the sealing service one for each sealing notice
 *   (the division's procuratorate and police, and community corrections after a
 *   non-custodial sentence: two or three for each sealed record) and for marks and unsealing —
 *   2.7, as `npm run bench -- import` counts them for a listed court's records, four in seven
 *   of them sealed (2.71 a record). Each is one put on the request path;
 *   the one sequencer integrates them into the Merkle log off it, about 1,500 events a second
 *   (batches of up to 1,000 from the stream: a batch read of their markers, about three
 *   items an event in parallel batch writes, one head update — docs/audit-log.md).
 * - Sealing queue sends: one `SendMessage` (the adapter sends each record's work as it is
 *   stored, unbatched). A send over the queue's quota is throttled and fails the line, so
 *   the sends live submissions may make at the same moment are kept free: the burst limit
 *   of `POST /v1/records` (shared/definitions/routes.ts).
 * - Sealing service: one invocation applies one message at a time, about 0.1 s a record, so
 *   its reserved concurrency ÷ 0.1 s is the rate at which effects are applied. Above it the
 *   queue grows and records stay `effectsPending` until the service has caught up.
 */

/** What one record costs and what the account allows; every figure is documented above. */
export const BULK_IMPORT_ASSUMPTIONS = {
  kmsRequestsPerRecord: 6,
  /** The share of the account's symmetric KMS quota the import may use; the rest is live traffic's. */
  kmsShare: 0.5,
  writeUnitsPerRecord: 6,
  auditEventsPerRecord: 2.7,
  sequencedEventsPerSecond: 1_500,
  sendsPerRecord: 1,
  /** Sealing-queue sends kept for live submissions: the `POST /v1/records` burst limit. */
  liveSendsPerSecond: 40,
  /** Time one record takes through the ingestion in Lambda: KMS, DynamoDB and SQS round trips. */
  secondsPerRecord: 0.06,
  /** Time the sealing service takes per record (reads, decrypts, links, the effects). */
  sealingSecondsPerRecord: 0.1,
} as const;

export type BulkImportAssumptions = { [K in keyof typeof BULK_IMPORT_ASSUMPTIONS]: number };

export type BulkImportCapacity = {
  /** Records per second each ceiling allows. */
  ceilings: {
    kms: number;
    dynamodb: number;
    auditSequencer: number;
    sealingQueue: number;
    sealingService: number;
  };
  /** The lowest ceiling: what to raise first. */
  binding: keyof BulkImportCapacity['ceilings'];
  recordsPerSecond: number;
  /** Batches in flight: `MaxConcurrency` of the map and the function's concurrency. */
  maxConcurrency: number;
  /**
   * Sealing-service invocations busy at that rate (each applies one message at a time);
   * never more than its reserved concurrency, which is one of the ceilings.
   */
  sealingServiceConcurrency: number;
};

export function bulkImportCapacity(
  /** Deployment parameters (infra/parameters.ts). */
  quotas: {
    kmsSymmetricQuotaPerSecond: number;
    /** 4,000 for a new on-demand table; its warm throughput once raised. */
    tableWriteUnitsPerSecond: number;
    /** `SendMessage` calls a second the sealing queue takes (SQS FIFO, high-throughput mode). */
    sealingQueueSendQuotaPerSecond: number;
    /** Reserved concurrency per function; the sealing service's bounds how fast effects apply. */
    reservedConcurrency: Readonly<Record<string, number>>;
  },
  linesInFlightPerBatch: number,
  assumptions: BulkImportAssumptions = BULK_IMPORT_ASSUMPTIONS,
): BulkImportCapacity {
  const a = assumptions;
  const sealingService = quotas.reservedConcurrency['sealing-service'];
  if (sealingService === undefined) throw new Error('no reserved concurrency for sealing-service');
  const ceilings = {
    kms: (quotas.kmsSymmetricQuotaPerSecond * a.kmsShare) / a.kmsRequestsPerRecord,
    dynamodb: quotas.tableWriteUnitsPerSecond / a.writeUnitsPerRecord,
    auditSequencer: a.sequencedEventsPerSecond / a.auditEventsPerRecord,
    sealingQueue: (quotas.sealingQueueSendQuotaPerSecond - a.liveSendsPerSecond) / a.sendsPerRecord,
    sealingService: sealingService / a.sealingSecondsPerRecord,
  };
  const [binding, recordsPerSecond] = (
    Object.entries(ceilings) as [BulkImportCapacity['binding'], number][]
  ).reduce((lowest, entry) => (entry[1] < lowest[1] ? entry : lowest));
  // Records in flight that sustain the rate (Little's law), a batch invocation holding
  // `linesInFlightPerBatch` of them; rounded down, less a hair of floating-point error. At
  // least one batch: below one batch's rate the import outruns the binding ceiling.
  const recordsInFlight = recordsPerSecond * a.secondsPerRecord;
  return {
    ceilings,
    binding,
    recordsPerSecond,
    maxConcurrency: Math.max(1, Math.floor(recordsInFlight / linesInFlightPerBatch + 1e-9)),
    sealingServiceConcurrency: Math.ceil(recordsPerSecond * a.sealingSecondsPerRecord),
  };
}
