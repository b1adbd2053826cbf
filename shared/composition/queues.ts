/** The sealing service's queue: SQS FIFO in AWS, the local server's in-process queue otherwise. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { SqsSealingQueue } from '../adapters/sqs/sqsSealingQueue.ts';
import { traced } from '../observability.ts';
import type { SealingApplicationQueue, SealingQueue } from '../ports/sealingQueue.ts';
import type { Platform } from './platform.ts';

export async function sealingQueue(
  platform: Platform,
): Promise<SealingQueue & SealingApplicationQueue> {
  const { config, overrides } = platform;
  if (!config.sealingQueueUrl) {
    // The local stack's queue, loaded only there (never bundled).
    return (await import('../adapters/local/inProcessSealingQueue.ts')).inProcessSealingQueue;
  }
  const sqs = overrides.sqs ?? traced(new SQSClient({ region: config.region, maxAttempts: 3 }));
  return new SqsSealingQueue(sqs, config.sealingQueueUrl);
}
