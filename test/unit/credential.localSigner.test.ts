import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ensureLocalSigningKey,
  LocalFileSigner,
  LocalKeyPublicKeySource,
  LocalSigningKeyError,
  rotateLocalSigningKey,
} from '#shared/adapters/local/localSigner.ts';
import { derToJose } from '#shared/domain/credential/der.ts';
import { temporaryDirectory } from './credential.fixtures.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

describe('Class: LocalFileSigner', () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicKey = createPublicKey(privateKey);
  const signer = new LocalFileSigner('key-1', pem);

  it('signs the message with ES256: the DER signature verifies against it, not against its digest', async () => {
    for (let i = 0; i < 20; i++) {
      const message = Buffer.from(`credential signing input ${i}`);
      const der = await signer.sign(message);
      expect(der[0]).toBe(0x30);
      expect(verify('sha256', message, publicKey, der)).toBe(true);
      expect(verify('sha256', sha256(message), publicKey, der)).toBe(false);
      expect(derToJose(der)).toHaveLength(64);
    }
  });

  it('signs with a fresh nonce each time (two signatures of one message differ)', async () => {
    const message = Buffer.from('same message');
    const [a, b] = await Promise.all([signer.sign(message), signer.sign(message)]);
    expect(Buffer.from(a ?? []).equals(Buffer.from(b ?? []))).toBe(false);
  });

  it.each([
    ['a P-384 key', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey],
    ['an Ed25519 key', generateKeyPairSync('ed25519').privateKey],
  ])('refuses %s', (_label, key) => {
    const other = key.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => new LocalFileSigner('key-1', other)).toThrow(LocalSigningKeyError);
  });
});

describe('Function: ensureLocalSigningKey', () => {
  const parent = temporaryDirectory();

  it('creates key-1 with mode 0600 in a 0700 directory, once', () => {
    const dir = join(parent, 'signing');
    expect(ensureLocalSigningKey(dir)).toEqual({ active: 'key-1', retired: [] });
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'key-1.pem'))).toBe(0o600);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8'))).toEqual({
      active: 'key-1',
      retired: [],
    });
    const pem = readFileSync(join(dir, 'key-1.pem'), 'utf8');
    expect(ensureLocalSigningKey(dir)).toEqual({ active: 'key-1', retired: [] });
    expect(readFileSync(join(dir, 'key-1.pem'), 'utf8')).toBe(pem);
  });

  it('adopts a key file left by an interrupted first run', () => {
    const dir = join(parent, 'interrupted');
    ensureLocalSigningKey(dir);
    const pem = readFileSync(join(dir, 'key-1.pem'), 'utf8');
    // A crash between writing the key file and writing keys.json.
    rmSync(join(dir, 'keys.json'));
    expect(ensureLocalSigningKey(dir)).toEqual({ active: 'key-1', retired: [] });
    expect(readFileSync(join(dir, 'key-1.pem'), 'utf8')).toBe(pem);
  });

  it('refuses a corrupt keys.json', () => {
    const dir = join(parent, 'corrupt');
    ensureLocalSigningKey(dir);
    writeFileSync(join(dir, 'keys.json'), '{"active": "../../etc/passwd", "retired": []}');
    expect(() => LocalFileSigner.fromDirectory(dir)).toThrow(LocalSigningKeyError);
    writeFileSync(join(dir, 'keys.json'), 'not json');
    expect(() => ensureLocalSigningKey(dir)).toThrow(LocalSigningKeyError);
  });

  it('refuses a directory without keys', () => {
    expect(() => LocalFileSigner.fromDirectory(join(parent, 'missing'))).toThrow(
      LocalSigningKeyError,
    );
  });
});

describe('Function: rotateLocalSigningKey', () => {
  const dir = temporaryDirectory();

  it('makes the next key active and retires the previous ones, newest first', async () => {
    ensureLocalSigningKey(dir);
    expect(rotateLocalSigningKey(dir)).toEqual({ active: 'key-2', retired: ['key-1'] });
    expect(rotateLocalSigningKey(dir)).toEqual({ active: 'key-3', retired: ['key-2', 'key-1'] });
    expect(mode(join(dir, 'key-3.pem'))).toBe(0o600);
    expect(LocalFileSigner.fromDirectory(dir).keyId).toBe('key-3');
  });
});

describe('Class: LocalKeyPublicKeySource', () => {
  const dir = temporaryDirectory();

  it('publishes the public half of every key, active first, with only kty/crv/x/y', async () => {
    ensureLocalSigningKey(dir);
    rotateLocalSigningKey(dir);
    const keys = await new LocalKeyPublicKeySource(dir).listKeys();
    expect(keys.map(({ keyId, status }) => ({ keyId, status }))).toEqual([
      { keyId: 'key-2', status: 'active' },
      { keyId: 'key-1', status: 'retired' },
    ]);
    for (const { keyId, publicKeyJwk } of keys) {
      expect(Object.keys(publicKeyJwk)).toEqual(['kty', 'crv', 'x', 'y']);
      const expected = createPublicKey(readFileSync(join(dir, `${keyId}.pem`), 'utf8')).export({
        format: 'jwk',
      });
      expect(publicKeyJwk).toEqual({ kty: 'EC', crv: 'P-256', x: expected.x, y: expected.y });
    }
  });
});
