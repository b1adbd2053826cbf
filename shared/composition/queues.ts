/** The sealing service's queue: SQS FIFO in AWS, the local server's in-process queue otherwise. */
import { SQSClient } from '@aws-sdk/client-sqs';
import { inProcessSealingQueue } from '../adapters/local/inProcessSealingQueue.ts';
import { SqsSealingQueue } from '../adapters/sqs/sqsSealingQueue.ts';
import type { SealingQueue } from '../ports/sealingQueue.ts';
import type { Platform } from './platform.ts';

export function sealingQueue(platform: Platform): SealingQueue {
  const { config, overrides } = platform;
  if (!config.sealingQueueUrl) return inProcessSealingQueue;
  const sqs = overrides.sqs ?? new SQSClient({ region: config.region, maxAttempts: 3 });
  return new SqsSealingQueue(sqs, config.sealingQueueUrl);
}
