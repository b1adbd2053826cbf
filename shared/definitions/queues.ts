/**
 * The queues, defined once: the CDK stack creates them (with their dead-letter queues), the
 * local server stands in for them in process, and the function definitions name them.
 */
export type QueueDefinition = {
  logicalName: string;
  /** Environment variable through which a producer learns the queue URL. */
  envVar: string;
  fifo: boolean;
  /**
   * Deliveries before a message moves to the dead-letter queue. Throttling does not spend
   * them (the event source's maximum concurrency is the consumer's reserved concurrency:
   * workQueues.ts); each is an attempt that failed, with the visibility timeout between.
   */
  maxReceiveCount: number;
  /**
   * FIFO high-throughput mode: the send quota applies per message group and deduplication
   * within a group. Only for a queue whose deduplication ID always travels in the same group
   * (so deduplicating per group drops exactly what deduplicating per queue would).
   */
  highThroughput: boolean;
  description: string;
};

export const sealingWorkQueue = {
  logicalName: 'SealingWork',
  envVar: 'SEALING_QUEUE_URL',
  fifo: true,
  // Ten attempts, six minutes apart (six times the consumer's timeout): an hour of a
  // dependency's outage before a record's effects wait in the dead-letter queue.
  maxReceiveCount: 10,
  // The deduplication ID is the record ID, derived from the subject's blind index, which is
  // the group: one record is always sent in one group. Without it a FIFO queue takes 300
  // sends a second, below what a bulk import sends (docs/bulk-import.md).
  highThroughput: true,
  description:
    'Stored records whose effects on other records the sealing service applies; grouped by ' +
    'person (blind index), deduplicated by record ID. Record IDs and blind indexes only.',
} as const satisfies QueueDefinition;

export const queues = [sealingWorkQueue] as const satisfies readonly QueueDefinition[];
export type QueueName = (typeof queues)[number]['logicalName'];
