/** What the inquiry function is made of: applications under the inquiries key, no record. */
import { DynamoDbInquiryStore } from '../adapters/dynamodb/inquiryStore.ts';
import type { Config } from '../config.ts';
import { inquiriesFunction } from '../definitions/functions.ts';
import { prcWorkingDays } from '../domain/inquiry/workingDays.ts';
import { randomIds } from '../ports/ids.ts';
import type { InquiryDependencies } from '../usecases/inquiries.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { resultProducers } from './results.ts';

export async function composeInquiries(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const mac = await macGenerator(platform);
  const dependencies: InquiryDependencies = {
    mac,
    cipher: await envelopeCipher(platform, ['inquiries']),
    inquiries: new DynamoDbInquiryStore(documents, c.tables.inquiries),
    audit: await auditLog(platform, inquiriesFunction.name),
    calendar: prcWorkingDays,
    results: await resultProducers(platform),
    clock: clockOf(config),
    ids: randomIds,
  };
  return { dependencies, idempotency: await idempotencyStore(platform, inquiriesFunction.name) };
}
