import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { DependencyUnavailableError } from '../../errors.ts';
import type { SealingQueue, SealingWork } from '../../ports/sealingQueue.ts';

/**
 * The sealing service's SQS FIFO queue. Messages carry record IDs and blind indexes only;
 * the group is the person, so one person's records are applied in order, and the
 * deduplication ID is the record, so a retried submission within five minutes is one message.
 */
export class SqsSealingQueue implements SealingQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(work: SealingWork): Promise<void> {
    try {
      await this.sqs.send(
        new SendMessageCommand({
          QueueUrl: this.queueUrl,
          MessageBody: JSON.stringify(work),
          MessageGroupId: work.personIndex,
          MessageDeduplicationId: work.recordId,
        }),
      );
    } catch (cause) {
      throw new DependencyUnavailableError('sqs', { cause });
    }
  }
}
