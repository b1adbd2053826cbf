/**
 * What the sealing-applications function is made of: its own table, the oversight key (its
 * documents are a person's requests to an agency, like complaints), the blind-index key and
 * the sealing queue — no record, no records or archive key: sealing is the sealing service's.
 */
import { DynamoDbSealingApplications } from '../adapters/dynamodb/sealingApplicationStore.ts';
import type { Config } from '../config.ts';
import { sealingApplicationsFunction } from '../definitions/functions.ts';
import { prcWorkingDays } from '../domain/inquiry/workingDays.ts';
import { randomIds } from '../ports/ids.ts';
import type { SealingApplicationsDependencies } from '../usecases/sealingApplications.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { sealingQueue } from './queues.ts';

export async function composeSealingApplications(
  config: Config,
  overrides: PlatformOverrides = {},
) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const dependencies: SealingApplicationsDependencies = {
    mac: await macGenerator(platform),
    cipher: await envelopeCipher(platform, ['oversight']),
    applications: new DynamoDbSealingApplications(documents, c.tables.sealingApplications),
    queue: await sealingQueue(platform),
    audit: await auditLog(platform, sealingApplicationsFunction.name),
    clock: clockOf(config),
    ids: randomIds,
    calendar: prcWorkingDays,
  };
  return {
    dependencies,
    idempotency: await idempotencyStore(platform, sealingApplicationsFunction.name),
  };
}
