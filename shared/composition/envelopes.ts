/**
 * Envelope encryption with exactly the key classes a function may use (AWS Encryption SDK):
 * KMS keyrings in AWS, raw AES keyrings over local key files otherwise. Only the functions
 * that hold an envelope key import this module — and with it the Encryption SDK.
 */
import {
  type KeyringNode,
  KmsKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import { EsdkEnvelopeCipher } from '../adapters/crypto/esdkEnvelope.ts';
import { localKeyFiles, readLocalKey } from '../adapters/local/localKeys.ts';
import type { Config } from '../config.ts';
import type { EnvelopeCipher, KeyClass } from '../ports/envelope.ts';
import { kmsOf } from './kms.ts';
import { type Platform, requiredSetting } from './platform.ts';

const kmsKeyIds = {
  records: (config: Config) => requiredSetting(config.keys.recordsKeyId, 'RECORDS_KEY_ID'),
  'sealed-archive': (config: Config) =>
    requiredSetting(config.keys.sealedArchiveKeyId, 'SEALED_ARCHIVE_KEY_ID'),
  inquiries: (config: Config) => requiredSetting(config.keys.inquiriesKeyId, 'INQUIRIES_KEY_ID'),
  oversight: (config: Config) => requiredSetting(config.keys.oversightKeyId, 'OVERSIGHT_KEY_ID'),
} as const satisfies Record<KeyClass, (config: Config) => string>;

const localKeyFileOf = {
  records: localKeyFiles.recordsKey,
  'sealed-archive': localKeyFiles.sealedArchiveKey,
  inquiries: localKeyFiles.inquiriesKey,
  oversight: localKeyFiles.oversightKey,
} as const satisfies Record<KeyClass, string>;

export function envelopeCipher(platform: Platform, classes: readonly KeyClass[]): EnvelopeCipher {
  const { config } = platform;
  const keyrings: Partial<Record<KeyClass, KeyringNode>> = {};
  for (const keyClass of classes) {
    if (config.keyProvider === 'kms') {
      const client = kmsOf(platform);
      keyrings[keyClass] = new KmsKeyringNode({
        generatorKeyId: kmsKeyIds[keyClass](config),
        clientProvider: () => client,
      });
    } else {
      keyrings[keyClass] = new RawAesKeyringNode({
        keyName: keyClass,
        keyNamespace: 'local',
        unencryptedMasterKey: new Uint8Array(
          readLocalKey(config.dataDir, localKeyFileOf[keyClass]),
        ),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
    }
  }
  return new EsdkEnvelopeCipher(keyrings);
}
