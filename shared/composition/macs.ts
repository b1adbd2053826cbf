/** The blind-index MAC: KMS `GenerateMac` in AWS, an HMAC key file locally. */
import { KmsMacGenerator } from '../adapters/kms/kmsMac.ts';
import { localKeyFiles, readLocalKey } from '../adapters/local/localKeys.ts';
import { LocalMacGenerator } from '../adapters/local/localMac.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import { kmsOf } from './kms.ts';
import { type Platform, requiredSetting } from './platform.ts';

export function macGenerator(platform: Platform): MacGenerator {
  const { config } = platform;
  return config.keyProvider === 'kms'
    ? new KmsMacGenerator(
        kmsOf(platform),
        requiredSetting(config.keys.blindIndexKeyId, 'BLIND_INDEX_KEY_ID'),
      )
    : new LocalMacGenerator(readLocalKey(config.dataDir, localKeyFiles.blindIndexKey));
}
