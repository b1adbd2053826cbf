import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PublicKeyJwk } from '#shared/domain/credential/didDocument.ts';
import { nodeSignatureVerifier } from '#shared/domain/credential/nodeSignatureVerifier.ts';
import type { SignatureVerifier } from '#shared/domain/credential/signatureVerifier.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { webCryptoSignatureVerifier } from '#shared/domain/credential/webCryptoSignatureVerifier.ts';
import platformSignatureVerifier from '#signature-verifier';
import {
  bundleOf,
  createTestKey,
  documentOf,
  encodePart,
  issue,
  issuer,
  now,
} from './credential.fixtures.ts';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' }) as PublicKeyJwk;
const message = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0';
const signature = new Uint8Array(
  sign('sha256', Buffer.from(message), { key: privateKey, dsaEncoding: 'ieee-p1363' }),
);

describe('Import: #signature-verifier', () => {
  it('resolves to the node:crypto adapter in Node', () => {
    expect(platformSignatureVerifier).toBe(nodeSignatureVerifier);
  });
});

describe.each([
  ['node:crypto', nodeSignatureVerifier],
  ['WebCrypto', webCryptoSignatureVerifier],
] as [string, SignatureVerifier][])('Adapter: %s', (_name, verifier) => {
  it('accepts a valid r||s signature', async () => {
    const key = await verifier.importKey(jwk);
    expect(await key.verify(message, signature)).toBe(true);
  });

  it('rejects a changed message, a changed signature and another key', async () => {
    const key = await verifier.importKey(jwk);
    const changed = Uint8Array.from(signature);
    changed[5] = (changed[5] ?? 0) ^ 0x01;
    expect(await key.verify(`${message}A`, signature)).toBe(false);
    expect(await key.verify(message, changed)).toBe(false);
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const otherKey = await verifier.importKey(other.export({ format: 'jwk' }) as PublicKeyJwk);
    expect(await otherKey.verify(message, signature)).toBe(false);
  });

  it.each([
    ['empty', new Uint8Array(0)],
    ['too short', new Uint8Array(32).fill(1)],
    ['too long', new Uint8Array(65).fill(1)],
    ['one byte too many', Uint8Array.from([...signature, 0])],
    ['zeros', new Uint8Array(64)],
    [
      'DER instead of r||s',
      new Uint8Array(sign('sha256', Buffer.from(message), { key: privateKey, dsaEncoding: 'der' })),
    ],
  ])('returns false, never throws, for a signature that is %s', async (_label, bad) => {
    const key = await verifier.importKey(jwk);
    expect(await key.verify(message, bad)).toBe(false);
  });

  it('checks the signing input as ASCII text, byte for byte', async () => {
    const key = await verifier.importKey(jwk);
    expect(await key.verify(message, signature)).toBe(true);
    expect(await key.verify(` ${message}`, signature)).toBe(false);
  });

  it('decodes base64url as the reference encoder encodes it', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        expect(Uint8Array.from(verifier.decodeBase64url(base64url.encode(bytes)))).toEqual(bytes);
      }),
    );
  });

  it('rejects a point that is not on the curve', async () => {
    const offCurve = { ...jwk, y: base64url.encode(new Uint8Array(32).fill(7)) };
    await expect(verifier.importKey(offCurve)).rejects.toThrow();
  });

  it('verifies credentials end to end through verifyCredential', async () => {
    const testKey = createTestKey('key-1');
    const bundle = bundleOf(documentOf(issuer.did, testKey));
    const { credential } = await issue(testKey.signer);
    const options = { now, signatureVerifier: verifier };
    expect((await verifyCredential(credential, bundle, options)).valid).toBe(true);

    const [h, , s] = credential.split('.');
    const forged = `${h}.${encodePart({ iss: issuer.did, nbf: 0, exp: 2 ** 31 })}.${s}`;
    const verdict = await verifyCredential(forged, bundle, options);
    expect(verdict.reasons.map(({ code }) => code)).toEqual(['bad-signature']);
  });
});

it('the node:crypto adapter reads the same keys as KeyObject does', () => {
  expect(createPublicKey({ key: jwk, format: 'jwk' }).asymmetricKeyDetails).toEqual({
    namedCurve: 'prime256v1',
  });
});
