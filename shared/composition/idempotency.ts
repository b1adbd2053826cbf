/** Each mutating function's idempotency store: first responses kept encrypted, replayed on retries. */
import type { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SealedResponseIdempotencyStore } from '../adapters/dynamodb/sealedResponseIdempotencyStore.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Platform } from './platform.ts';

export function idempotencyStore(platform: Platform, mac: MacGenerator): DynamoDBPersistenceLayer {
  const { config } = platform;
  return new SealedResponseIdempotencyStore(
    { tableName: config.tables.idempotency, awsSdkV3Client: platform.dynamoDb },
    mac,
    { maxSeconds: config.idempotencyInProgressSeconds },
  );
}
