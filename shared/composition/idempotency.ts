/**
 * Each mutating function's idempotency store: first responses kept encrypted under the
 * function's own key, in items whose keys begin with the function's name — the only items
 * its role may touch (`own-items` in shared/definitions/functions.ts).
 */
import type { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { SealedResponseIdempotencyStore } from '../adapters/dynamodb/sealedResponseIdempotencyStore.ts';
import { idempotencyMacGenerator } from './macs.ts';
import type { Platform } from './platform.ts';

export async function idempotencyStore(
  platform: Platform,
  functionName: string,
): Promise<DynamoDBPersistenceLayer> {
  const { config } = platform;
  return new SealedResponseIdempotencyStore(
    { tableName: config.tables.idempotency, awsSdkV3Client: platform.dynamoDb },
    await idempotencyMacGenerator(platform, functionName),
    functionName,
    { maxSeconds: config.idempotencyInProgressSeconds },
  );
}
