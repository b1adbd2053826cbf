/**
 * The issuer's signing keys: KMS `Sign` and `GetPublicKey` in AWS; locally P-256 key files,
 * whose signer is loaded only when the local stack runs.
 */
import { KmsPublicKeySource, KmsSigner } from '../adapters/kms/kmsSigner.ts';
import type { Config } from '../config.ts';
import { ConfigurationError } from '../config.ts';
import { keyDefinitions, type RotatingSigningKeyName } from '../definitions/keys.ts';
import type { PublicKeySource, PublishedKey, Signer } from '../ports/signer.ts';
import { kmsOf } from './kms.ts';
import type { Platform } from './platform.ts';

/** Where the configuration keeps each kind's key list. */
function configuredKeys(config: Config, keyName: RotatingSigningKeyName) {
  switch (keyName) {
    case 'signingKey':
      return config.keys.signingKeys;
    case 'letterSigningKey':
      return config.keys.letterSigningKeys;
    case 'walletSigningKey':
      return config.keys.walletSigningKeys;
    case 'approvalSigningKey':
      return config.keys.approvalSigningKeys;
  }
}

/**
 * The signer of a kind's active key (DESIGN.md invariant 10: one key per kind of signed
 * document): configuration names it (its `<KIND>_SIGNING_KEYS` variable, or `keys.json` in
 * its local folder). Default: the certificate's.
 */
export async function activeSigner(
  platform: Platform,
  keyName: RotatingSigningKeyName = 'signingKey',
): Promise<Signer> {
  const { config } = platform;
  if (config.keyProvider !== 'kms') {
    const { LocalFileSigner } = await import('../adapters/local/localSigner.ts');
    const { signingKeysDir } = await import('../adapters/local/localKeys.ts');
    const { recordingSigner } = await import('../adapters/local/awsCalls.ts');
    return recordingSigner(
      LocalFileSigner.fromDirectory(signingKeysDir(config.dataDir, keyName)),
      keyDefinitions[keyName].envVar,
    );
  }
  const active = configuredKeys(config, keyName).filter((key) => key.status === 'active');
  const [key] = active;
  if (active.length !== 1 || !key?.kmsKeyId) {
    throw new ConfigurationError(
      `${keyDefinitions[keyName].envVar} must name exactly one active key with a kmsKeyId`,
    );
  }
  return new KmsSigner(kmsOf(platform), { keyId: key.id, kmsKeyId: key.kmsKeyId });
}

/** Every current and retired public key of a kind (default: the certificate's). */
export async function publicKeySource(
  platform: Platform,
  keyName: RotatingSigningKeyName = 'signingKey',
): Promise<PublicKeySource> {
  const { config } = platform;
  if (config.keyProvider === 'kms') {
    return new KmsPublicKeySource(kmsOf(platform), configuredKeys(config, keyName));
  }
  const { LocalKeyPublicKeySource } = await import('../adapters/local/localSigner.ts');
  const { signingKeysDir } = await import('../adapters/local/localKeys.ts');
  const { recordingPublicKeys } = await import('../adapters/local/awsCalls.ts');
  return recordingPublicKeys(
    new LocalKeyPublicKeySource(signingKeysDir(config.dataDir, keyName)),
    keyDefinitions[keyName].envVar,
  );
}

/**
 * The approval keys' public halves by `kid` (`<DID>#<id>`), read once when the function
 * starts: the keys the deployment names (`APPROVAL_SIGNING_KEYS`, `kms:GetPublicKey`), or
 * the local folder's. A function that discloses verifies approvals against these alone.
 */
export async function approvalVerificationKeys(
  platform: Platform,
): Promise<ReadonlyMap<string, PublishedKey['publicKeyJwk']>> {
  const source = await publicKeySource(platform, 'approvalSigningKey');
  const keys = new Map<string, PublishedKey['publicKeyJwk']>();
  for (const key of await source.listKeys()) {
    keys.set(`${platform.config.issuer.did}#${key.keyId}`, key.publicKeyJwk);
  }
  return keys;
}

/** The audit trail's checkpoint signer: its own key, never a credential key. */
export async function auditSigner(platform: Platform): Promise<Signer> {
  const { config } = platform;
  if (config.keyProvider !== 'kms') {
    const { LocalFileSigner } = await import('../adapters/local/localSigner.ts');
    const { auditKeysDir } = await import('../adapters/local/localKeys.ts');
    const { recordingSigner } = await import('../adapters/local/awsCalls.ts');
    return recordingSigner(
      LocalFileSigner.fromDirectory(auditKeysDir(config.dataDir)),
      keyDefinitions.auditSigningKey.envVar,
    );
  }
  const key = config.keys.auditSigningKey;
  if (!key)
    throw new ConfigurationError(
      `${keyDefinitions.auditSigningKey.envVar} must name the audit key`,
    );
  return new KmsSigner(kmsOf(platform), { keyId: key.id, kmsKeyId: key.kmsKeyId });
}

/** The audit key's public half, published beside the credential keys for auditors. */
export async function auditPublicKeySource(platform: Platform): Promise<PublicKeySource> {
  const { config } = platform;
  if (config.keyProvider === 'kms') {
    const key = config.keys.auditSigningKey;
    return new KmsPublicKeySource(kmsOf(platform), key ? [{ ...key, status: 'active' }] : []);
  }
  const { LocalKeyPublicKeySource } = await import('../adapters/local/localSigner.ts');
  const { auditKeysDir } = await import('../adapters/local/localKeys.ts');
  const { recordingPublicKeys } = await import('../adapters/local/awsCalls.ts');
  return recordingPublicKeys(
    new LocalKeyPublicKeySource(auditKeysDir(config.dataDir)),
    keyDefinitions.auditSigningKey.envVar,
  );
}
