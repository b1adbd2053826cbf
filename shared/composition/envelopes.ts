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
import type { Config } from '../config.ts';
import { keyDefinitions, localKeyFileOf } from '../definitions/keys.ts';
import type { EnvelopeCipher, KeyClass } from '../ports/envelope.ts';
import { kmsOf } from './kms.ts';
import { type Platform, requiredSetting } from './platform.ts';

const kmsKeyIds = {
  records: (config: Config) =>
    requiredSetting(config.keys.recordsKeyId, keyDefinitions.recordsKey.envVar),
  'sealed-archive': (config: Config) =>
    requiredSetting(config.keys.sealedArchiveKeyId, keyDefinitions.sealedArchiveKey.envVar),
  inquiries: (config: Config) =>
    requiredSetting(config.keys.inquiriesKeyId, keyDefinitions.inquiriesKey.envVar),
  oversight: (config: Config) =>
    requiredSetting(config.keys.oversightKeyId, keyDefinitions.oversightKey.envVar),
  'person-view': (config: Config) =>
    requiredSetting(config.keys.personViewKeyId, keyDefinitions.personViewKey.envVar),
  'letter-facts': (config: Config) =>
    requiredSetting(config.keys.letterFactsKeyId, keyDefinitions.letterFactsKey.envVar),
} as const satisfies Record<KeyClass, (config: Config) => string>;

/** The key of each class, as keys.ts names it. */
const keyNameOf = {
  records: 'recordsKey',
  'sealed-archive': 'sealedArchiveKey',
  inquiries: 'inquiriesKey',
  oversight: 'oversightKey',
  'person-view': 'personViewKey',
  'letter-facts': 'letterFactsKey',
} as const satisfies Record<KeyClass, keyof typeof keyDefinitions>;

export async function envelopeCipher(
  platform: Platform,
  classes: readonly KeyClass[],
): Promise<EnvelopeCipher> {
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
      // Local key files: loaded only when the local stack runs (never bundled).
      const { readLocalKey } = await import('../adapters/local/localKeys.ts');
      keyrings[keyClass] = new RawAesKeyringNode({
        keyName: keyClass,
        keyNamespace: 'local',
        unencryptedMasterKey: new Uint8Array(
          readLocalKey(config.dataDir, localKeyFileOf(keyNameOf[keyClass])),
        ),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
    }
  }
  const cipher = new EsdkEnvelopeCipher(keyrings);
  if (config.keyProvider === 'kms') return cipher;
  // Locally: what the KMS keyring would ask of KMS is recorded (tests; off otherwise).
  const { recordingCipher } = await import('../adapters/local/awsCalls.ts');
  return recordingCipher(
    cipher,
    Object.fromEntries(classes.map((c) => [c, keyDefinitions[keyNameOf[c]].envVar])),
  );
}
