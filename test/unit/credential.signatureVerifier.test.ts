import { createHash, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import type { PublicKeyJwk } from '#shared/domain/credential/didDocument.ts';
import { nodeSignatureVerifier } from '#shared/domain/credential/nodeSignatureVerifier.ts';
import { type HolderJwk, issueSdJwtVc } from '#shared/domain/credential/sdJwtVc.ts';
import type { SignatureVerifier } from '#shared/domain/credential/signatureVerifier.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { verifyPresentation } from '#shared/domain/credential/verifyPresentation.ts';
import { webCryptoSignatureVerifier } from '#shared/domain/credential/webCryptoSignatureVerifier.ts';
import platformSignatureVerifier from '#signature-verifier';
import { createTestWallet } from '../support/wallet.ts';
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

  it('hashes UTF-8 text with SHA-256 as node:crypto does', async () => {
    fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 300 }), async (text) => {
        const expected = createHash('sha256').update(text, 'utf8').digest();
        expect(Uint8Array.from(await verifier.sha256(text))).toEqual(Uint8Array.from(expected));
      }),
      { numRuns: 50 },
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

  it('verifies presentations end to end through verifyPresentation: both signatures', async () => {
    const testKey = createTestKey('key-1');
    const bundle = bundleOf(documentOf(issuer.did, testKey));
    const wallet = await createTestWallet();
    const { credential } = await issueSdJwtVc({
      issuer,
      signer: testKey.signer,
      subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
      purpose: 'employment',
      holderJwk: wallet.publicJwk as HolderJwk,
      now: new Date(),
      validityDays: 90,
    });
    const challenge = { nonce: 'n-1', audience: 'https://school.example' };
    const presentation = await wallet.present(credential, ['purpose'], challenge);
    const options = { ...challenge, signatureVerifier: verifier };
    const verdict = await verifyPresentation(presentation, bundle, options);
    expect(verdict.valid && verdict.presentation.disclosed).toEqual({ purpose: 'employment' });

    const codesOf = async (text: string) =>
      (await verifyPresentation(text, bundle, options)).reasons.map(({ code }) => code);
    const [issuerSigned = '', ...rest] = presentation.split('~');
    const [h, p, s = ''] = issuerSigned.split('.');
    const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    expect(await codesOf([flipped, ...rest].join('~'))).toEqual(['bad-signature']);
    const thief = await createTestWallet();
    const stolen = await thief.present(credential, ['purpose'], challenge);
    expect(await codesOf(stolen)).toEqual(['invalid-key-binding']);
  });
});

it('the node:crypto adapter reads the same keys as KeyObject does', () => {
  expect(createPublicKey({ key: jwk, format: 'jwk' }).asymmetricKeyDetails).toEqual({
    namedCurve: 'prime256v1',
  });
});

it('verifyPresentation checks both signatures and every digest through the port it is given', async () => {
  const calls = { importKey: 0, verify: 0, sha256: 0 };
  const counting: SignatureVerifier = {
    async importKey(publicJwk) {
      calls.importKey += 1;
      const key = await nodeSignatureVerifier.importKey(publicJwk);
      return {
        verify(signingInput, signatureBytes) {
          calls.verify += 1;
          return key.verify(signingInput, signatureBytes);
        },
      };
    },
    decodeBase64url: (text) => nodeSignatureVerifier.decodeBase64url(text),
    sha256(text) {
      calls.sha256 += 1;
      return nodeSignatureVerifier.sha256(text);
    },
  };
  const testKey = createTestKey('key-1');
  const bundle = bundleOf(documentOf(issuer.did, testKey));
  const wallet = await createTestWallet();
  const { credential } = await issueSdJwtVc({
    issuer,
    signer: testKey.signer,
    subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
    purpose: 'employment',
    holderJwk: wallet.publicJwk as HolderJwk,
    now: new Date(),
    validityDays: 90,
  });
  const challenge = { nonce: 'n-1', audience: 'https://school.example' };
  const presentation = await wallet.present(credential, ['name', 'purpose'], challenge);
  const verdict = await verifyPresentation(presentation, bundle, {
    ...challenge,
    signatureVerifier: counting,
  });
  expect(verdict.valid).toBe(true);
  // The issuer's key once (the bundle), the holder's once; two disclosures and the sd_hash.
  expect(calls).toEqual({ importKey: 2, verify: 2, sha256: 3 });
});
