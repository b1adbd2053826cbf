import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../../errors.ts';
import {
  deduplicationIdOf,
  type QueuedWork,
  type SealingApplicationQueue,
  type SealingQueue,
} from '../../ports/sealingQueue.ts';

/**
 * The sealing service's SQS FIFO queue. Messages carry record IDs and blind indexes only;
 * the group is the person, so one person's records are applied in order, and the
 * deduplication ID is the record, so a retried submission within five minutes is one message.
 */
export class SqsSealingQueue implements SealingQueue, SealingApplicationQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(work: QueuedWork): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(work),
          MessageGroupId: work.personIndex,
          MessageDeduplicationId: deduplicationIdOf(work),
        }),
      );
    } catch (cause) {
      throw new DependencyUnavailableError('sqs', { cause });
    }
  }
}
