import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../../errors.ts';
import {
  deduplicationIdOf,
  type QueuedWork,
  type SealingApplicationQueue,
  type SealingQueue,
  type SealingWork,
} from '../../ports/sealingQueue.ts';

/**
 * The sealing service's SQS FIFO queue. Messages carry record IDs and blind indexes only;
 * the group is the person, so one person's records are applied in order, and the
 * deduplication ID is the record, so a retried submission within five minutes is one message.
 * A reconciliation has a deduplication ID of its own: neither it nor the record's work, sent
 * by a retry moments later, is dropped as the other's duplicate.
 */
export class SqsSealingQueue implements SealingQueue, SealingApplicationQueue {
  private readonly sqs: SQSClient;
  private readonly queueUrl: string;
  constructor(sqs: SQSClient, queueUrl: string) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
  }

  async enqueue(work: QueuedWork): Promise<void> {
    await this.#send(work, deduplicationIdOf(work));
  }

  async reconcile(work: SealingWork): Promise<void> {
    await this.#send(work, `${work.recordId}:reconcile:${randomUUID()}`);
  }

  async #send(work: QueuedWork, deduplicationId: string): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(
            'recordId' in work
              ? {
                  recordId: work.recordId,
                  personIndex: work.personIndex,
                  ...(work.attempt ? { attempt: work.attempt } : {}),
                }
              : { applicationId: work.applicationId, personIndex: work.personIndex },
          ),
          MessageGroupId: work.personIndex,
          MessageDeduplicationId: deduplicationId,
        }),
      );
    } catch (cause) {
      throw new DependencyUnavailableError('sqs', { cause });
    }
  }
}
