/**
 * KMS has no local engine, so tests that need the KMS adapters (fault injection, the
 * KMS code paths themselves) answer KMS calls with aws-sdk-client-mock: GenerateMac is a
 * real HMAC, GenerateDataKey/Decrypt hand out and recover real random data keys, Sign is a
 * real P-256 DER signature. Each operation can be made to fail on demand.
 */
import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import {
  DecryptCommand,
  GenerateDataKeyCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  type KMSClient,
  SignCommand,
} from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import { mockClient } from 'aws-sdk-client-mock';

export type KmsOperation = 'GenerateMac' | 'GenerateDataKey' | 'Decrypt' | 'Sign' | 'GetPublicKey';

export function kmsError(name = 'KMSInternalException') {
  return Object.assign(new Error('injected KMS failure'), {
    name,
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
  });
}

export const fakeKeyArn = (name: string) =>
  `arn:aws-cn:kms:cn-north-1:000000000000:key/${name}-0000-0000-0000-000000000000`;

export function fakeKms(client: KMSClient) {
  // One HMAC key per KMS key ID, as in KMS: the blind-index key is not an idempotency key.
  const macKeys = new Map<string, Buffer>();
  const macKeyOf = (keyId = '') => {
    const key = macKeys.get(keyId) ?? randomBytes(32);
    macKeys.set(keyId, key);
    return key;
  };
  const signingKey = p256.utils.randomSecretKey();
  const wrapped = new Map<string, Uint8Array>();
  const failing = new Set<KmsOperation>();
  const calls: KmsOperation[] = [];
  const mock = mockClient(client);

  const guard = (operation: KmsOperation) => {
    calls.push(operation);
    if (failing.has(operation)) throw kmsError();
  };

  mock.on(GenerateMacCommand).callsFake(async (input) => {
    guard('GenerateMac');
    return {
      Mac: createHmac('sha256', macKeyOf(input.KeyId)).update(input.Message).digest(),
      KeyId: input.KeyId,
    };
  });
  mock.on(GenerateDataKeyCommand).callsFake(async (input) => {
    guard('GenerateDataKey');
    const plaintext = new Uint8Array(randomBytes(32));
    const blob = new Uint8Array(randomBytes(48));
    // Copies both ways: the Encryption SDK zeroes data-key buffers after use.
    wrapped.set(Buffer.from(blob).toString('hex'), new Uint8Array(plaintext));
    return { Plaintext: plaintext, CiphertextBlob: blob, KeyId: input.KeyId };
  });
  mock.on(DecryptCommand).callsFake(async (input) => {
    guard('Decrypt');
    const plaintext = wrapped.get(Buffer.from(input.CiphertextBlob).toString('hex'));
    if (!plaintext)
      throw Object.assign(new Error('invalid ciphertext'), {
        name: 'InvalidCiphertextException',
        $metadata: {},
      });
    return { Plaintext: new Uint8Array(plaintext), KeyId: input.KeyId };
  });
  mock.on(SignCommand).callsFake(async (input) => {
    guard('Sign');
    return {
      Signature: p256.sign(input.Message, signingKey, { prehash: false, format: 'der' }),
      KeyId: input.KeyId,
      SigningAlgorithm: 'ECDSA_SHA_256',
    };
  });

  mock.on(GetPublicKeyCommand).callsFake(async (input) => {
    guard('GetPublicKey');
    const point = p256.getPublicKey(signingKey, false);
    const jwk = {
      kty: 'EC',
      crv: 'P-256',
      x: Buffer.from(point.subarray(1, 33)).toString('base64url'),
      y: Buffer.from(point.subarray(33)).toString('base64url'),
    };
    return {
      PublicKey: new Uint8Array(
        createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'der', type: 'spki' }),
      ),
      KeySpec: 'ECC_NIST_P256',
      KeyId: input.KeyId,
    };
  });

  return {
    mock,
    calls,
    signingPublicKey: p256.getPublicKey(signingKey, false),
    fail: (...operations: KmsOperation[]) => {
      for (const operation of operations) failing.add(operation);
    },
    heal: () => failing.clear(),
  };
}
