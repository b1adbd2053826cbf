/** What the sealing service is made of: every record of a person, both envelope keys. */
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbNoticeStore } from '../adapters/dynamodb/noticeStore.ts';
import { DynamoDbRecordLinks } from '../adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from '../adapters/dynamodb/recordStore.ts';
import { DynamoDbReviewStore } from '../adapters/dynamodb/reviewStore.ts';
import type { Config } from '../config.ts';
import { sealingServiceFunction } from '../definitions/functions.ts';
import { systemClock } from '../ports/clock.ts';
import type { ApplySealingEffectsDependencies } from '../usecases/applySealingEffects.ts';
import { auditLog } from './audit.ts';
import { envelopeCipher } from './envelopes.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';

export async function composeSealingService(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<ApplySealingEffectsDependencies> {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  return {
    records: new DynamoDbRecordStore(documents, c.tables.records),
    links: new DynamoDbRecordLinks(documents, c.tables.recordLinks),
    disclosable: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    cipher: await envelopeCipher(platform, ['records', 'sealed-archive', 'letter-facts']),
    audit: await auditLog(platform, sealingServiceFunction.name),
    notices: new DynamoDbNoticeStore(documents, c.tables.notices),
    reviews: new DynamoDbReviewStore(documents, c.tables.reviews),
    clock: systemClock,
  };
}
