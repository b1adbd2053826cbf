/** What the judicial-disclosure function is made of: every record of a person, both keys. */
import { DynamoDbInquiryStore } from '../adapters/dynamodb/inquiryStore.ts';
import { DynamoDbRecordLinks } from '../adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from '../adapters/dynamodb/recordStore.ts';
import type { Config } from '../config.ts';
import { judicialDisclosureFunction } from '../definitions/functions.ts';
import { LEGAL_PARAMETERS } from '../domain/law/parameters.ts';
import type { DiscloseFullFileDependencies } from '../usecases/inquiryResults.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { approvalVerificationKeys } from './signers.ts';

export async function composeJudicialDisclosure(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<DiscloseFullFileDependencies> {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  return {
    inquiries: new DynamoDbInquiryStore(documents, c.tables.inquiries),
    records: new DynamoDbRecordStore(documents, c.tables.records),
    links: new DynamoDbRecordLinks(documents, c.tables.recordLinks),
    cipher: await envelopeCipher(platform, ['inquiries', 'records', 'sealed-archive']),
    audit: await auditLog(platform, judicialDisclosureFunction.name),
    sealedInformationMark: LEGAL_PARAMETERS.sealedInformationMark,
    approvalKeys: await approvalVerificationKeys(platform),
    clock: clockOf(config),
  };
}
