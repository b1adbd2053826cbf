/** What the access-log function is made of: the applications about the caller, nothing else. */
import { DynamoDbInquiryStore } from '../adapters/dynamodb/inquiryStore.ts';
import type { Config } from '../config.ts';
import { accessLogFunction } from '../definitions/functions.ts';
import type { AccessLogDependencies } from '../usecases/accessLog.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';

export async function composeAccessLog(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<AccessLogDependencies> {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  return {
    mac: await macGenerator(platform),
    cipher: await envelopeCipher(platform, ['inquiries']),
    inquiries: new DynamoDbInquiryStore(documents, c.tables.inquiries),
    audit: await auditLog(platform, accessLogFunction.name),
    clock: clockOf(config),
  };
}
