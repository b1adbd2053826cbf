/** What the audit export and checkpoint functions are made of: the audit table and the audit key. */
import { DynamoDbAuditLog } from '../adapters/dynamodb/auditLog.ts';
import type { Config } from '../config.ts';
import type { AuditTrailDependencies } from '../usecases/auditTrail.ts';
import { clockOf } from './clock.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { auditSigner } from './signers.ts';

export async function composeAuditTrail(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<AuditTrailDependencies> {
  const platform = platformOf(config, overrides);
  const log = new DynamoDbAuditLog(platform.documents, config.tables.audit, config.auditChains);
  return {
    trail: log,
    audit: log,
    signer: await auditSigner(platform),
    issuerDid: config.issuer.did,
    clock: clockOf(config),
  };
}
