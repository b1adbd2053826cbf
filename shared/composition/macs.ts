/**
 * The MACs: KMS `GenerateMac` in AWS, an HMAC key file locally. The blind-index key is one
 * key shared by the functions that look people up; each function's idempotency key is its own.
 */
import { KmsMacGenerator } from '../adapters/kms/kmsMac.ts';
import { keyDefinitions, localKeyFileOf } from '../definitions/keys.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import { kmsOf } from './kms.ts';
import { type Platform, requiredSetting } from './platform.ts';

/** Locally: HMAC with a key file, loaded only when the local stack runs (never bundled). */
async function localMac(dataDir: string, file: string, envVar: string): Promise<MacGenerator> {
  const { readLocalKey } = await import('../adapters/local/localKeys.ts');
  const { LocalMacGenerator } = await import('../adapters/local/localMac.ts');
  const { recordingMac } = await import('../adapters/local/awsCalls.ts');
  return recordingMac(new LocalMacGenerator(readLocalKey(dataDir, file)), envVar);
}

/** The blind index over normalised national IDs. */
export async function macGenerator(platform: Platform): Promise<MacGenerator> {
  const { config } = platform;
  return config.keyProvider === 'kms'
    ? new KmsMacGenerator(
        kmsOf(platform),
        requiredSetting(config.keys.blindIndexKeyId, keyDefinitions.blindIndexKey.envVar),
      )
    : localMac(
        config.dataDir,
        localKeyFileOf('blindIndexKey'),
        keyDefinitions.blindIndexKey.envVar,
      );
}

/** The key one function seals its stored responses with; `functionName` picks its file locally. */
export async function idempotencyMacGenerator(
  platform: Platform,
  functionName: string,
): Promise<MacGenerator> {
  const { config } = platform;
  return config.keyProvider === 'kms'
    ? new KmsMacGenerator(
        kmsOf(platform),
        requiredSetting(config.keys.idempotencyKeyId, keyDefinitions.idempotencyKey.envVar),
      )
    : localMac(
        config.dataDir,
        localKeyFileOf('idempotencyKey', functionName),
        keyDefinitions.idempotencyKey.envVar,
      );
}
