/** What the own-view function is made of: the entries written for the person, nothing else. */
import { DynamoDbOwnRecords } from '../adapters/dynamodb/ownRecordsStore.ts';
import type { Config } from '../config.ts';
import { ownRecordsFunction } from '../definitions/functions.ts';
import type { OwnRecordsDependencies } from '../usecases/ownRecords.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';

export async function composeOwnRecords(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<OwnRecordsDependencies> {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  return {
    mac: await macGenerator(platform),
    cipher: await envelopeCipher(platform, ['person-view']),
    ownRecords: new DynamoDbOwnRecords(documents, c.tables.personRecords),
    audit: await auditLog(platform, ownRecordsFunction.name),
    clock: clockOf(config),
  };
}
