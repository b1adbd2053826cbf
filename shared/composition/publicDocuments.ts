/** What the public-documents function is made of: the public halves of every kind's signing keys. */
import type { Config } from '../config.ts';
import { type PlatformOverrides, platformOf } from './platform.ts';
import { auditPublicKeySource, publicKeySource } from './signers.ts';

export async function composePublicDocuments(config: Config, overrides: PlatformOverrides = {}) {
  const platform = platformOf(config, overrides);
  return {
    keys: await publicKeySource(platform, 'signingKey'),
    letterKeys: await publicKeySource(platform, 'letterSigningKey'),
    walletKeys: await publicKeySource(platform, 'walletSigningKey'),
    approvalKeys: await publicKeySource(platform, 'approvalSigningKey'),
    auditKeys: await auditPublicKeySource(platform),
  };
}
