/**
 * What the certificate function is made of (DESIGN.md invariant 2): the MAC, the disclosable
 * set, its issuance log, the audit log and the signer — no envelope key, no record store.
 */
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbIssuanceLog } from '../adapters/dynamodb/issuanceLog.ts';
import type { Config } from '../config.ts';
import { issueCertificateFunction } from '../definitions/functions.ts';
import { randomIds } from '../ports/ids.ts';
import type { IssueCertificateDependencies } from '../usecases/issueCertificate.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { activeSigner } from './signers.ts';

export async function composeIssueCertificate(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const mac = await macGenerator(platform);
  const dependencies: IssueCertificateDependencies = {
    mac,
    disclosableConvictions: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    issuanceLog: new DynamoDbIssuanceLog(documents, c.tables.issuanceLog),
    audit: await auditLog(platform, issueCertificateFunction.name),
    signer: await activeSigner(platform),
    clock: clockOf(config),
    ids: randomIds,
    issuer: { did: c.issuer.did, baseUrl: c.issuer.baseUrl },
    validityDays: c.issuer.credentialValidityDays,
  };
  return {
    dependencies,
    idempotency: await idempotencyStore(platform, issueCertificateFunction.name),
  };
}
