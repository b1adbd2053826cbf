/**
 * The queues of `shared/definitions/queues.ts`: SQS FIFO (high-throughput mode where the
 * definition allows it) with SQS-managed encryption, TLS only, each with a dead-letter queue that keeps a failed message for 14 days. Messages hold
 * record IDs and blind indexes only. Access is granted per queue by `bindSender` and
 * `bindConsumer`, nothing else.
 */
import { Duration } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  DeduplicationScope,
  FifoThroughputLimit,
  Queue,
  QueueEncryption,
} from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { type QueueDefinition, type QueueName, queues } from '#shared/definitions/queues.ts';

export class WorkQueues extends Construct {
  private readonly byName = new Map<string, { queue: Queue; deadLetters: Queue }>();

  constructor(scope: Construct, id: string, props: { consumerTimeout: Duration }) {
    super(scope, id);
    for (const definition of queues as readonly QueueDefinition[]) {
      const deadLetters = new Queue(this, `${definition.logicalName}DeadLetters`, {
        fifo: definition.fifo,
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      const queue = new Queue(this, definition.logicalName, {
        fifo: definition.fifo,
        contentBasedDeduplication: false,
        ...(definition.highThroughput && {
          deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
          fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
        }),
        encryption: QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
        // Six times the consumer's timeout, as AWS recommends for Lambda event sources.
        visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: definition.maxReceiveCount },
      });
      this.byName.set(definition.logicalName, { queue, deadLetters });
    }
  }

  queue(name: QueueName): Queue {
    return this.entry(name).queue;
  }

  deadLetters(name: QueueName): Queue {
    return this.entry(name).deadLetters;
  }

  /** `sqs:SendMessage` on the one queue, nothing else. */
  bindSender(role: IRole, name: QueueName): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue(name).queueArn] }),
    );
  }

  /**
   * The function is invoked by the queue, ten messages at a time, reporting failed items, by
   * at most `maxConcurrency` pollers at once — its reserved concurrency: the event source never
   * invokes it beyond what it may run, so no delivery is throttled, and a receive is spent only
   * on a message the function actually tried (maxReceiveCount counts attempts, not throttles).
   */
  bindConsumer(fn: IFunction, name: QueueName, maxConcurrency: number): void {
    const queue = this.queue(name);
    fn.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxConcurrency,
      }),
    );
  }

  private entry(name: string) {
    const entry = this.byName.get(name);
    if (!entry) throw new Error(`no queue definition named ${name}`);
    return entry;
  }
}
