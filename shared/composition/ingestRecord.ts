/** What the ingestion function is made of: encrypt-only envelopes, the queue, its own stores. */
import { DynamoDbAuditLog } from '../adapters/dynamodb/auditLog.ts';
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbRecordLinks } from '../adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from '../adapters/dynamodb/recordStore.ts';
import type { Config } from '../config.ts';
import { ingestRecordFunction } from '../definitions/functions.ts';
import { systemClock } from '../ports/clock.ts';
import type { IngestRecordDependencies } from '../usecases/ingestRecord.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { sealingQueue } from './queues.ts';

export async function composeIngestRecord(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const mac = await macGenerator(platform);
  const dependencies: IngestRecordDependencies = {
    mac,
    cipher: await envelopeCipher(platform, ['records', 'sealed-archive', 'letter-facts']),
    records: new DynamoDbRecordStore(documents, c.tables.records),
    disclosable: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    links: new DynamoDbRecordLinks(documents, c.tables.recordLinks),
    audit: new DynamoDbAuditLog(documents, c.tables.audit, c.auditChains),
    queue: await sealingQueue(platform),
    clock: systemClock,
  };
  return { dependencies, idempotency: await idempotencyStore(platform, ingestRecordFunction.name) };
}
