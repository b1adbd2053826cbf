/**
 * What the decision function is made of: the applications (read and decided in place), the
 * inquiries key to read what it approves, and the approval key to sign — no record, no other
 * function to invoke.
 */
import { DynamoDbInquiryStore } from '../adapters/dynamodb/inquiryStore.ts';
import type { Config } from '../config.ts';
import { decideInquiryFunction } from '../definitions/functions.ts';
import type { DecideInquiryDependencies } from '../usecases/inquiryDecisions.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { envelopeCipher } from './envelopes.ts';
import { idempotencyStore } from './idempotency.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { activeSigner } from './signers.ts';

export async function composeDecideInquiry(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const dependencies: DecideInquiryDependencies = {
    inquiries: new DynamoDbInquiryStore(documents, c.tables.inquiries),
    cipher: await envelopeCipher(platform, ['inquiries']),
    audit: await auditLog(platform, decideInquiryFunction.name),
    clock: clockOf(config),
    approvalSigner: await activeSigner(platform, 'approvalSigningKey'),
    issuer: { did: c.issuer.did },
  };
  return {
    dependencies,
    idempotency: await idempotencyStore(platform, decideInquiryFunction.name),
  };
}
