import {
  AlgorithmSuiteIdentifier,
  buildClient,
  CommitmentPolicy,
  type KeyringNode,
} from '@aws-crypto/client-node';
import { DependencyUnavailableError, IntegrityError } from '../../errors.ts';
import type { EncryptionContext, EnvelopeCipher, KeyClass } from '../../ports/envelope.ts';

/**
 * Envelope encryption with the AWS Encryption SDK. The keyring decides where the data key
 * comes from: KMS in AWS (`KmsKeyringNode`), a raw AES key file locally
 * (`RawAesKeyringNode`) — the message format and this code are the same on both.
 *
 * Suite: AES-256-GCM with HKDF and key commitment, WITHOUT the default ECDSA P-384 message
 * signature. The signature protects against a reader who can decrypt forging messages;
 * here only the sealing service can encrypt, and the signature would cut throughput
 * about fourfold. The encryption context (record ID, key class, purpose) is authenticated
 * with the message and checked again on decrypt.
 */
const { encrypt, decrypt } = buildClient({
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  maxEncryptedDataKeys: 1,
});

const SUITE = AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY;

function isDependencyFailure(error: unknown): boolean {
  // SDK service and network errors carry $metadata; format/integrity errors don't.
  return typeof error === 'object' && error !== null && '$metadata' in error;
}

/**
 * The KMS keyring reports a failed KMS `Decrypt` (throttling, an outage, a denied key) only
 * as this message, with the KMS errors' stacks folded into it — no structured cause. It is a
 * dependency failure (503, retry), not a verdict on the ciphertext.
 */
function isKmsKeyringFailure(error: unknown): boolean {
  return (
    error instanceof Error &&
    error.message.startsWith('Unable to decrypt data key and one or more KMS CMKs had an error')
  );
}

export class EsdkEnvelopeCipher implements EnvelopeCipher {
  private readonly keyrings: Partial<Record<KeyClass, KeyringNode>>;
  /** Only the key classes this function may use: any other is refused before KMS is asked. */
  constructor(keyrings: Partial<Record<KeyClass, KeyringNode>>) {
    this.keyrings = keyrings;
  }

  private keyringOf(keyClass: KeyClass): KeyringNode {
    const keyring = this.keyrings[keyClass];
    if (keyring === undefined) throw new IntegrityError(`no ${keyClass} key in this function`);
    return keyring;
  }

  async encrypt(
    plaintext: Uint8Array,
    keyClass: KeyClass,
    context: EncryptionContext,
  ): Promise<Uint8Array> {
    const keyring = this.keyringOf(keyClass);
    try {
      const { result } = await encrypt(keyring, plaintext, {
        encryptionContext: { ...context, keyClass },
        suiteId: SUITE,
      });
      return result;
    } catch (cause) {
      throw new DependencyUnavailableError('kms', { cause });
    }
  }

  async decrypt(
    ciphertext: Uint8Array,
    keyClass: KeyClass,
    expectedContext: EncryptionContext,
  ): Promise<Uint8Array> {
    let opened: Awaited<ReturnType<typeof decrypt>>;
    const keyring = this.keyringOf(keyClass);
    try {
      opened = await decrypt(keyring, ciphertext);
    } catch (cause) {
      if (
        isDependencyFailure(cause) ||
        isDependencyFailure((cause as Error)?.cause) ||
        isKmsKeyringFailure(cause)
      ) {
        throw new DependencyUnavailableError('kms', { cause });
      }
      throw new IntegrityError('envelope could not be decrypted', { cause });
    }
    const actual = opened.messageHeader.encryptionContext;
    for (const [key, value] of Object.entries({ ...expectedContext, keyClass })) {
      if (actual[key] !== value) throw new IntegrityError(`encryption context mismatch on ${key}`);
    }
    return opened.plaintext;
  }
}
