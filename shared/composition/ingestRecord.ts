/** What the ingestion function is made of: encrypt-only envelopes, the queue, its own stores. */
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbRecordLinks } from '../adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from '../adapters/dynamodb/recordStore.ts';
import type { Config } from '../config.ts';
import { ingestRecordFunction } from '../definitions/functions.ts';
import { randomIds } from '../ports/ids.ts';
import type { IngestRecordDependencies } from '../usecases/ingestRecord.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type Platform, type PlatformOverrides, platformOf } from './platform.ts';
import { sealingQueue } from './queues.ts';

/**
 * The ingestion use case's ports, shared with the bulk import (shared/composition/bulkImport.ts).
 * `writer`: whose audit events these are — the ingestion's, or the bulk import's.
 */
export async function ingestDependencies(
  platform: Platform,
  writer: string,
): Promise<IngestRecordDependencies> {
  const { documents, config: c } = platform;
  return {
    mac: await macGenerator(platform),
    cipher: await envelopeCipher(platform, ['records', 'sealed-archive', 'letter-facts']),
    records: new DynamoDbRecordStore(documents, c.tables.records),
    disclosable: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    links: new DynamoDbRecordLinks(documents, c.tables.recordLinks),
    audit: await auditLog(platform, writer),
    queue: await sealingQueue(platform),
    clock: clockOf(c),
    ids: randomIds,
  };
}

export async function composeIngestRecord(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const dependencies = await ingestDependencies(platform, ingestRecordFunction.name);
  return { dependencies, idempotency: await idempotencyStore(platform, ingestRecordFunction.name) };
}
