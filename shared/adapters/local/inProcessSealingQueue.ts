/**
 * The local stand-in for the sealing service's SQS FIFO queue: messages are delivered, as
 * SQS events, to the very same Lambda handler, in order per person (message group) and at
 * least once — a failed delivery is retried with backoff, like a visibility timeout. It lives
 * in the server's process, so it is registered once per process by the local stack.
 *
 * Nothing is lost when the process dies: a record stays `effectsPending` until the service
 * has applied it, and the local stack re-queues every pending record before it reports ready.
 */
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { sealingWorkQueue } from '../../definitions/queues.ts';
import {
  deduplicationIdOf,
  type QueuedWork,
  type SealingApplicationQueue,
  type SealingQueue,
  type SealingWork,
} from '../../ports/sealingQueue.ts';
import { recordAwsCall } from './awsCalls.ts';

export type SqsHandler = (
  event: SQSEvent,
  context?: unknown,
) => Promise<SQSBatchResponse | undefined>;

const MAX_ATTEMPTS = 6;

function sqsRecord(work: QueuedWork, attempt: number): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: randomUUID(),
    receiptHandle: randomUUID(),
    body: JSON.stringify(work),
    attributes: {
      ApproximateReceiveCount: String(attempt),
      SentTimestamp: now,
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: now,
      MessageGroupId: work.personIndex,
      MessageDeduplicationId: deduplicationIdOf(work),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:sealing-work.fifo',
    awsRegion: 'local',
  };
}

export class InProcessSealingQueue implements SealingQueue, SealingApplicationQueue {
  #consumer: SqsHandler | undefined;
  /** The tail of each message group's chain: one person's work runs in order. */
  readonly #groups = new Map<string, Promise<void>>();
  readonly #waiting: QueuedWork[] = [];
  #failures = 0;
  #held = 0;

  /** Connects the consumer; work queued before it arrived is delivered now. */
  setConsumer(consumer: SqsHandler | undefined): void {
    this.#consumer = consumer;
    if (consumer) for (const work of this.#waiting.splice(0)) this.#schedule(work);
  }

  async enqueue(work: QueuedWork): Promise<void> {
    // What the SQS adapter sends, on the queue the producer is told of.
    recordAwsCall({
      action: 'sqs:SendMessage',
      resource: { queueFromEnv: sealingWorkQueue.envVar },
    });
    if (this.#consumer === undefined || this.#held > 0) this.#waiting.push(work);
    else this.#schedule(work);
  }

  /** Locally nothing is deduplicated: a reconciliation is one more delivery. */
  async reconcile(work: SealingWork): Promise<void> {
    await this.enqueue(work);
  }

  /**
   * Holds deliveries while `during` runs, then delivers what it queued. In AWS the sealing
   * service runs in a function of its own; here it shares the process, so a measurement of an
   * answer's latency holds it, or the work that answer queued would slow the answer itself.
   */
  async holding<T>(during: () => Promise<T>): Promise<T> {
    this.#held += 1;
    try {
      return await during();
    } finally {
      this.#held -= 1;
      if (this.#held === 0 && this.#consumer) {
        for (const work of this.#waiting.splice(0)) this.#schedule(work);
      }
    }
  }

  /** Resolves once every queued message has been delivered (or given up on). */
  async drain(): Promise<void> {
    while (this.#groups.size > 0) await Promise.all([...this.#groups.values()]);
  }

  /** Messages given up on after every attempt failed (the record stays `effectsPending`). */
  get failures(): number {
    return this.#failures;
  }

  #schedule(work: QueuedWork): void {
    const group = work.personIndex;
    const previous = this.#groups.get(group) ?? Promise.resolve();
    const next = previous.then(() => this.#deliver(work));
    this.#groups.set(group, next);
    void next.finally(() => {
      if (this.#groups.get(group) === next) this.#groups.delete(group);
    });
  }

  async #deliver(work: QueuedWork): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const consumer = this.#consumer;
      if (consumer === undefined) {
        this.#waiting.push(work);
        return;
      }
      const record = sqsRecord(work, attempt);
      try {
        const response = await consumer({ Records: [record] });
        const failed = (response?.batchItemFailures ?? []).some(
          (failure) => failure.itemIdentifier === record.messageId,
        );
        if (!failed) return;
      } catch {
        // a thrown handler is a failed delivery too
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
    }
    this.#failures += 1;
  }
}

/** One queue per process, as one SQS queue per deployment. */
export const inProcessSealingQueue = new InProcessSealingQueue();
