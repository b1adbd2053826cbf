/**
 * The issuer's signing keys: KMS `Sign` and `GetPublicKey` in AWS; locally P-256 key files,
 * whose signer (`@noble/curves`) is loaded only when the local stack runs.
 */
import { KmsPublicKeySource, KmsSigner } from '../adapters/kms/kmsSigner.ts';
import { ConfigurationError } from '../config.ts';
import { keyDefinitions } from '../definitions/keys.ts';
import type { PublicKeySource, Signer } from '../ports/signer.ts';
import { kmsOf } from './kms.ts';
import type { Platform } from './platform.ts';

/** The signer of the active key: configuration names it (SIGNING_KEYS, or keys.json locally). */
export async function activeSigner(platform: Platform): Promise<Signer> {
  const { config } = platform;
  if (config.keyProvider !== 'kms') {
    const { LocalFileSigner } = await import('../adapters/local/localSigner.ts');
    const { signingKeysDir } = await import('../adapters/local/localKeys.ts');
    const { recordingSigner } = await import('../adapters/local/awsCalls.ts');
    return recordingSigner(
      LocalFileSigner.fromDirectory(signingKeysDir(config.dataDir)),
      keyDefinitions.signingKey.envVar,
    );
  }
  const active = config.keys.signingKeys.filter((key) => key.status === 'active');
  const [key] = active;
  if (active.length !== 1 || !key?.kmsKeyId) {
    throw new ConfigurationError(
      `${keyDefinitions.signingKey.envVar} must name exactly one active key with a kmsKeyId`,
    );
  }
  return new KmsSigner(kmsOf(platform), { keyId: key.id, kmsKeyId: key.kmsKeyId });
}

export async function publicKeySource(platform: Platform): Promise<PublicKeySource> {
  const { config } = platform;
  if (config.keyProvider === 'kms') {
    return new KmsPublicKeySource(kmsOf(platform), config.keys.signingKeys);
  }
  const { LocalKeyPublicKeySource } = await import('../adapters/local/localSigner.ts');
  const { signingKeysDir } = await import('../adapters/local/localKeys.ts');
  const { recordingPublicKeys } = await import('../adapters/local/awsCalls.ts');
  return recordingPublicKeys(
    new LocalKeyPublicKeySource(signingKeysDir(config.dataDir)),
    keyDefinitions.signingKey.envVar,
  );
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
