/**
 * What the two wallet functions are made of (DESIGN.md invariant 2). The offer function: the
 * certificate check's ports and the grants it puts. The issuer function: the disclosable set,
 * its grants, the issuance log, the audit log and the signer — no MAC key, no envelope key,
 * no record store.
 */
import { DynamoDbDisclosableConvictions } from '../adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbIssuanceLog } from '../adapters/dynamodb/issuanceLog.ts';
import { DynamoDbWalletGrants } from '../adapters/dynamodb/walletGrants.ts';
import type { Config } from '../config.ts';
import { walletIssuerFunction, walletOffersFunction } from '../definitions/functions.ts';
import { WalletProtocol } from '../domain/wallet/openid4vci.ts';
import { randomIds } from '../ports/ids.ts';
import type {
  IssueWalletCredentialDependencies,
  OfferCertificateDependencies,
} from '../usecases/walletIssuance.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { idempotencyStore } from './idempotency.ts';
import { macGenerator } from './macs.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { activeSigner } from './signers.ts';

export async function composeWalletOffers(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  const mac = await macGenerator(platform);
  const dependencies: OfferCertificateDependencies = {
    mac,
    disclosableConvictions: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    issuanceLog: new DynamoDbIssuanceLog(documents, c.tables.issuanceLog),
    audit: await auditLog(platform, walletOffersFunction.name),
    grants: new DynamoDbWalletGrants(documents, c.tables.walletGrants),
    clock: clockOf(config),
    ids: randomIds,
  };
  return {
    dependencies,
    protocol: new WalletProtocol(c.issuer.baseUrl),
    idempotency: await idempotencyStore(platform, walletOffersFunction.name),
  };
}

export async function composeWalletIssuer(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<IssueWalletCredentialDependencies> {
  const platform = platformOf(config, overrides);
  const { documents, config: c } = platform;
  return {
    grants: new DynamoDbWalletGrants(documents, c.tables.walletGrants),
    disclosableConvictions: new DynamoDbDisclosableConvictions(documents, c.tables.disclosable),
    issuanceLog: new DynamoDbIssuanceLog(documents, c.tables.issuanceLog),
    audit: await auditLog(platform, walletIssuerFunction.name),
    signer: await activeSigner(platform, 'walletSigningKey'),
    clock: clockOf(config),
    protocol: new WalletProtocol(c.issuer.baseUrl),
    issuer: { did: c.issuer.did },
    validityDays: c.issuer.credentialValidityDays,
  };
}
