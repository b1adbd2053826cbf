/**
 * The issuer's signing keys in KMS (`ECC_NIST_P256`, `SIGN_VERIFY`): `Sign` over the message's
 * SHA-256 digest, computed here, for new credentials, `GetPublicKey` for the DID document. The private key never
 * leaves KMS.
 */
import { createHash, createPublicKey } from 'node:crypto';
import { GetPublicKeyCommand, type KMSClient, SignCommand } from '@aws-sdk/client-kms';
import type { SigningKeyConfig } from '../../config.ts';
import { ConfigurationError } from '../../config.ts';
import { DependencyUnavailableError } from '../../errors.ts';
import type { PublicKeySource, PublishedKey, Signer } from '../../ports/signer.ts';

/**
 * KMS `Sign` with `ECDSA_SHA_256` on the message's digest (`MessageType: DIGEST`: only 32 bytes
 * travel, whatever the message's size); returns the DER signature as KMS does.
 */
export class KmsSigner implements Signer {
  private readonly kms: KMSClient;
  readonly keyId: string;
  readonly #kmsKeyId: string;

  constructor(kms: KMSClient, key: { keyId: string; kmsKeyId: string }) {
    this.kms = kms;
    this.keyId = key.keyId;
    this.#kmsKeyId = key.kmsKeyId;
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    const digest = createHash('sha256').update(message).digest();
    let signature: Uint8Array | undefined;
    try {
      ({ Signature: signature } = await this.kms.send(
        new SignCommand({
          KeyId: this.#kmsKeyId,
          Message: digest,
          MessageType: 'DIGEST',
          SigningAlgorithm: 'ECDSA_SHA_256',
        }),
      ));
    } catch (cause) {
      throw new DependencyUnavailableError('kms', { cause });
    }
    if (signature === undefined || signature.length === 0) {
      throw new DependencyUnavailableError('kms', {
        cause: new Error('Sign returned no signature'),
      });
    }
    return signature;
  }
}

/**
 * Public keys of the configured signing keys, fetched once with `GetPublicKey` and kept for
 * the life of the process (a KMS public key never changes). A failed fetch is not cached.
 */
export class KmsPublicKeySource implements PublicKeySource {
  private readonly kms: KMSClient;
  readonly #keys: { id: string; kmsKeyId: string; status: SigningKeyConfig['status'] }[];
  #published: Promise<PublishedKey[]> | undefined;

  constructor(kms: KMSClient, keys: SigningKeyConfig[]) {
    this.kms = kms;
    this.#keys = keys.map(({ id, kmsKeyId, status }) => {
      if (!kmsKeyId) throw new ConfigurationError(`signing key ${id} has no kmsKeyId`);
      return { id, kmsKeyId, status };
    });
  }

  listKeys(): Promise<PublishedKey[]> {
    if (this.#published === undefined) {
      const published = Promise.all(this.#keys.map((key) => this.#fetch(key)));
      this.#published = published;
      published.catch(() => {
        if (this.#published === published) this.#published = undefined;
      });
    }
    return this.#published;
  }

  async #fetch(key: { id: string; kmsKeyId: string; status: SigningKeyConfig['status'] }) {
    let response: { PublicKey?: Uint8Array; KeySpec?: string };
    try {
      response = await this.kms.send(new GetPublicKeyCommand({ KeyId: key.kmsKeyId }));
    } catch (cause) {
      throw new DependencyUnavailableError('kms', { cause });
    }
    if (response.KeySpec !== 'ECC_NIST_P256' || response.PublicKey === undefined) {
      throw new ConfigurationError(`signing key ${key.id} is not an ECC_NIST_P256 key`);
    }
    const { x, y } = createPublicKey({
      key: Buffer.from(response.PublicKey),
      format: 'der',
      type: 'spki',
    }).export({ format: 'jwk' });
    if (x === undefined || y === undefined) {
      throw new ConfigurationError(`signing key ${key.id} has no public point`);
    }
    return {
      keyId: key.id,
      status: key.status,
      publicKeyJwk: { kty: 'EC' as const, crv: 'P-256' as const, x, y },
    } satisfies PublishedKey;
  }
}
