/**
 * What the letter function is made of: the application, the disclosable set with its letter
 * facts (opened under the letter-facts key), the letters it stores — no record store at all.
 */
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbInquiryLetterStore } from '../adapters/dynamodb/inquiryLetterStore.ts';
import { DynamoDbInquiryStore } from '../adapters/dynamodb/inquiryStore.ts';
import type { Config } from '../config.ts';
import { issueLetterFunction } from '../definitions/functions.ts';
import { randomIds } from '../ports/ids.ts';
import type { IssueInquiryLetterDependencies } from '../usecases/inquiryResults.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { activeSigner, approvalVerificationKeys } from './signers.ts';

export async function composeIssueLetter(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<IssueInquiryLetterDependencies> {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  return {
    inquiries: new DynamoDbInquiryStore(documents, c.tables.inquiries),
    disclosable: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    letters: new DynamoDbInquiryLetterStore(documents, c.tables.inquiryLetters),
    cipher: await envelopeCipher(platform, ['inquiries', 'letter-facts']),
    audit: await auditLog(platform, issueLetterFunction.name),
    signer: await activeSigner(platform, 'letterSigningKey'),
    approvalKeys: await approvalVerificationKeys(platform),
    issuer: { did: c.issuer.did, baseUrl: c.issuer.baseUrl },
    validityDays: c.issuer.credentialValidityDays,
    clock: clockOf(config),
    ids: randomIds,
  };
}
