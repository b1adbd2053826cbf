/** What the sealing service is made of: every record of a person, both envelope keys. */
import { DynamoDbAgencyDirectory } from '../adapters/dynamodb/agencyDirectory.ts';
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbNoticeStore } from '../adapters/dynamodb/noticeStore.ts';
import { DynamoDbOwnRecords } from '../adapters/dynamodb/ownRecordsStore.ts';
import { DynamoDbRecordLinks } from '../adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from '../adapters/dynamodb/recordStore.ts';
import { DynamoDbReviewStore } from '../adapters/dynamodb/reviewStore.ts';
import { DynamoDbSealingApplications } from '../adapters/dynamodb/sealingApplicationStore.ts';
import type { Config } from '../config.ts';
import { sealingServiceFunction } from '../definitions/functions.ts';
import type { ApplySealingEffectsDependencies } from '../usecases/applySealingEffects.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
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
    cipher: await envelopeCipher(platform, [
      'records',
      'sealed-archive',
      'person-view',
      'letter-facts',
    ]),
    audit: await auditLog(platform, sealingServiceFunction.name),
    notices: new DynamoDbNoticeStore(documents, c.tables.notices),
    directory: new DynamoDbAgencyDirectory(documents, c.tables.agencyDirectory),
    ownRecords: new DynamoDbOwnRecords(documents, c.tables.personRecords),
    applications: new DynamoDbSealingApplications(documents, c.tables.sealingApplications),
    reviews: new DynamoDbReviewStore(documents, c.tables.reviews),
    clock: clockOf(config),
  };
}
