/**
 * The MACs: KMS `GenerateMac` in AWS, an HMAC key file locally. The blind-index key is one
 * key shared by the functions that look people up; each function's idempotency key is its own.
 */
import { KmsMacGenerator } from '../adapters/kms/kmsMac.ts';
import { readLocalKey } from '../adapters/local/localKeys.ts';
import { LocalMacGenerator } from '../adapters/local/localMac.ts';
import { keyDefinitions, localKeyFileOf } from '../definitions/keys.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import { kmsOf } from './kms.ts';
import { type Platform, requiredSetting } from './platform.ts';

/** The blind index over normalised national IDs. */
export function macGenerator(platform: Platform): MacGenerator {
  const { config } = platform;
  return config.keyProvider === 'kms'
    ? new KmsMacGenerator(
        kmsOf(platform),
        requiredSetting(config.keys.blindIndexKeyId, keyDefinitions.blindIndexKey.envVar),
      )
    : new LocalMacGenerator(readLocalKey(config.dataDir, localKeyFileOf('blindIndexKey')));
}

/** The key one function seals its stored responses with; `functionName` picks its file locally. */
export function idempotencyMacGenerator(platform: Platform, functionName: string): MacGenerator {
  const { config } = platform;
  return config.keyProvider === 'kms'
    ? new KmsMacGenerator(
        kmsOf(platform),
        requiredSetting(config.keys.idempotencyKeyId, keyDefinitions.idempotencyKey.envVar),
      )
    : new LocalMacGenerator(
        readLocalKey(config.dataDir, localKeyFileOf('idempotencyKey', functionName)),
      );
}
