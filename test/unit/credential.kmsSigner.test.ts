import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  GetPublicKeyCommand,
  KMSClient,
  KMSInvalidStateException,
  SignCommand,
} from '@aws-sdk/client-kms';
import { p256 } from '@noble/curves/nist.js';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KmsPublicKeySource, KmsSigner } from '#shared/adapters/kms/kmsSigner.ts';
import { ConfigurationError } from '#shared/config.ts';
import { buildDidDocument, buildTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { DependencyUnavailableError } from '#shared/errors.ts';
import { issue, issuer, now } from './credential.fixtures.ts';

const kms = mockClient(KMSClient);
const client = new KMSClient({ region: 'cn-north-1' });
const KMS_KEY = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const OLD_KMS_KEY = 'alias/signing-2024';
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

function p256Key() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey,
    spki: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
    // Stands in for the key inside KMS: signs the DIGEST as given (no hashing), returns DER.
    signDigest: (digest: Uint8Array) =>
      p256.sign(digest, Buffer.from(privateKey.export({ format: 'jwk' }).d ?? '', 'base64url'), {
        prehash: false,
        format: 'der',
      }),
  };
}

const current = p256Key();
const previous = p256Key();

beforeEach(() => {
  kms.reset();
  kms
    .on(SignCommand, { KeyId: KMS_KEY })
    .callsFake(async ({ Message }: { Message: Uint8Array }) => ({
      KeyId: KMS_KEY,
      Signature: current.signDigest(Message),
      SigningAlgorithm: 'ECDSA_SHA_256',
    }));
  kms
    .on(GetPublicKeyCommand, { KeyId: KMS_KEY })
    .resolves({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: current.spki })
    .on(GetPublicKeyCommand, { KeyId: OLD_KMS_KEY })
    .resolves({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', PublicKey: previous.spki });
});
afterEach(() => kms.reset());

describe('Class: KmsSigner', () => {
  const signer = new KmsSigner(client, { keyId: 'key-2', kmsKeyId: KMS_KEY });

  it('calls Sign with ECDSA_SHA_256 over the message’s DIGEST and returns the DER signature', async () => {
    const message = Buffer.from('header.payload');
    const digest = createHash('sha256').update(message).digest();
    const der = await signer.sign(message);
    expect(kms.commandCalls(SignCommand)).toHaveLength(1);
    expect(kms.commandCalls(SignCommand)[0]?.args[0].input).toEqual({
      KeyId: KMS_KEY,
      Message: digest,
      MessageType: 'DIGEST',
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(verify('sha256', message, current.publicKey, der)).toBe(true);
  });

  it('issues a credential through KMS that verifies against the KMS public keys', async () => {
    const { credential } = await issue(signer);
    const keys = await new KmsPublicKeySource(client, [
      { id: 'key-2', kmsKeyId: KMS_KEY, status: 'active' },
      { id: 'key-1', kmsKeyId: OLD_KMS_KEY, status: 'retired' },
    ]).listKeys();
    const bundle = buildTrustBundle([buildDidDocument({ did: issuer.did, keys })]);
    const verdict = await verifyCredential(credential, bundle, { now });
    expect(verdict.valid).toBe(true);
  });

  it.each([
    ['throttled', throttled()],
    ['disabled', new KMSInvalidStateException({ message: 'disabled', $metadata: {} })],
  ])('fails closed with DependencyUnavailableError when KMS is %s', async (_label, error) => {
    kms.on(SignCommand).rejects(error);
    await expect(issue(signer)).rejects.toThrow(DependencyUnavailableError);
  });

  it('fails closed when Sign returns no signature', async () => {
    kms.on(SignCommand).resolves({ KeyId: KMS_KEY });
    await expect(signer.sign(new Uint8Array(32))).rejects.toThrow(DependencyUnavailableError);
  });

  it('fails closed on a malformed DER signature', async () => {
    kms.on(SignCommand).resolves({ Signature: Uint8Array.from([0x30, 0x02, 0x02, 0x00]) });
    await expect(issue(signer)).rejects.toThrow(/malformed DER/);
  });

  it('sends KMS 32 bytes whatever the size of the message', async () => {
    const message = new Uint8Array(100_000).fill(7);
    const der = await signer.sign(message);
    const sent = kms.commandCalls(SignCommand)[0]?.args[0].input.Message;
    expect(sent).toEqual(createHash('sha256').update(message).digest());
    expect(verify('sha256', message, current.publicKey, der)).toBe(true);
  });
});

describe('Class: KmsPublicKeySource', () => {
  const keys = [
    { id: 'key-2', kmsKeyId: KMS_KEY, status: 'active' as const },
    { id: 'key-1', kmsKeyId: OLD_KMS_KEY, status: 'retired' as const },
  ];

  it('converts each SPKI public key to a P-256 JWK, keeping the configured IDs and statuses', async () => {
    const published = await new KmsPublicKeySource(client, keys).listKeys();
    expect(published).toEqual([
      {
        keyId: 'key-2',
        status: 'active',
        publicKeyJwk: { kty: 'EC', crv: 'P-256', ...xy(current.spki) },
      },
      {
        keyId: 'key-1',
        status: 'retired',
        publicKeyJwk: { kty: 'EC', crv: 'P-256', ...xy(previous.spki) },
      },
    ]);
  });

  it('fetches the public keys once for the life of the process', async () => {
    const source = new KmsPublicKeySource(client, keys);
    await source.listKeys();
    await source.listKeys();
    expect(kms.commandCalls(GetPublicKeyCommand)).toHaveLength(2);
  });

  it('does not cache a failure', async () => {
    const source = new KmsPublicKeySource(client, keys);
    kms.on(GetPublicKeyCommand, { KeyId: KMS_KEY }).rejectsOnce(throttled());
    await expect(source.listKeys()).rejects.toThrow(DependencyUnavailableError);
    kms.on(GetPublicKeyCommand, { KeyId: KMS_KEY }).resolves({
      KeySpec: 'ECC_NIST_P256',
      PublicKey: current.spki,
    });
    expect(await source.listKeys()).toHaveLength(2);
  });

  it('refuses a key that is not ECC_NIST_P256', async () => {
    kms
      .on(GetPublicKeyCommand, { KeyId: KMS_KEY })
      .resolves({ KeySpec: 'RSA_2048', PublicKey: current.spki });
    await expect(new KmsPublicKeySource(client, keys).listKeys()).rejects.toThrow(
      ConfigurationError,
    );
  });

  it('refuses a configured key without a KMS key ID', () => {
    expect(() => new KmsPublicKeySource(client, [{ id: 'key-1', status: 'active' }])).toThrow(
      ConfigurationError,
    );
  });
});

function xy(spki: Uint8Array) {
  const { x, y } = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }).export({
    format: 'jwk',
  });
  return { x, y };
}
