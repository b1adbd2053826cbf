/**
 * Any of the issuer's documents verified offline (verifyDocument.ts): the kind read from the
 * document's form, each verdict exactly the kind's own verdict with its kind named, and the
 * options a verifier gives passed to the kind that uses them — a presentation's nonce,
 * audience and age, a letter's or certificate's expected issuer and instant.
 */
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { type HolderJwk, issueSdJwtVc, sdJwtHasher } from '#shared/domain/credential/sdJwtVc.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { documentKind, verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import { verifyLetter } from '#shared/domain/credential/verifyLetter.ts';
import { verifyPresentation } from '#shared/domain/credential/verifyPresentation.ts';
import {
  bundleOf,
  createTestKey,
  documentOf,
  issue,
  issuer,
  issueTestLetter,
  now,
  otherIssuer,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const bundle = bundleOf(documentOf(issuer.did, key));
const { credential: certificate } = await issue(key.signer);
const letter = await issueTestLetter(key.signer);
const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
const { kty, crv, x, y } = await exportJWK(publicKey);
const { credential: walletCredential } = await issueSdJwtVc({
  issuer,
  signer: key.signer,
  subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
  purpose: 'employment',
  holderJwk: { kty, crv, x, y } as HolderJwk,
  now,
  validityDays: 90,
});
const nonce = 'n-1';
const audience = 'https://school.example';
const at = new Date(now.getTime() + 60_000);

async function present(iat: Date) {
  const wallet = new SDJwtVcInstance({
    hasher: sdJwtHasher,
    kbSignAlg: 'ES256',
    kbSigner: async (data) =>
      base64url.encode(
        new Uint8Array(
          await crypto.subtle.sign(
            { name: 'ECDSA', hash: 'SHA-256' },
            privateKey,
            new TextEncoder().encode(data),
          ),
        ),
      ),
  });
  return wallet.present(
    walletCredential,
    { purpose: true },
    { kb: { payload: { aud: audience, nonce, iat: Math.floor(iat.getTime() / 1000) } } },
  );
}

describe('Function: documentKind', () => {
  it.each([
    ['a presentation', () => `${certificate}~`, 'presentation'],
    ['a letter', () => letter, 'letter'],
    ['a certificate', () => certificate, 'certificate'],
    ['no text at all', () => undefined, 'certificate'],
  ])('%s', (_name, text, kind) => {
    expect(documentKind(text() as string)).toBe(kind);
  });
});

describe('Function: verifyDocument', () => {
  it('gives a certificate’s verdict exactly, named as a certificate', async () => {
    const verdict = await verifyDocument(certificate, bundle, { now });
    expect(verdict).toStrictEqual({
      kind: 'certificate',
      ...(await verifyCredential(certificate, bundle, { now })),
    });
    expect(verdict.valid).toBe(true);
  });

  it('gives a letter’s verdict exactly, named as a letter, with the options given', async () => {
    expect(await verifyDocument(letter, bundle, { now })).toStrictEqual({
      kind: 'letter',
      ...(await verifyLetter(letter, bundle, { now })),
    });
    const elsewhere = await verifyDocument(letter, bundle, {
      now,
      expectedIssuer: otherIssuer.did,
    });
    expect(elsewhere.kind).toBe('letter');
    expect(elsewhere.reasons.map(({ code }) => code)).toEqual(['unknown-issuer']);
  });

  it('passes a certificate the options given', async () => {
    const later = new Date(now.getTime() + 365 * 86_400_000);
    const verdict = await verifyDocument(certificate, bundle, { now: later });
    expect(verdict.reasons.map(({ code }) => code)).toEqual(['expired']);
  });

  it('verifies a presentation against the nonce, audience and age given', async () => {
    const presentation = await present(at);
    const options = { now: at, nonce, audience };
    const verdict = await verifyDocument(presentation, bundle, options);
    expect(verdict).toStrictEqual({
      kind: 'presentation',
      ...(await verifyPresentation(presentation, bundle, options)),
    });
    expect(
      verdict.kind === 'presentation' && verdict.valid && verdict.presentation.disclosed,
    ).toEqual({ purpose: 'employment' });

    const minuteOld = await present(new Date(at.getTime() - 120_000));
    expect((await verifyDocument(minuteOld, bundle, options)).valid).toBe(true);
    const young = { ...options, maxAgeSeconds: 30 };
    expect(
      (await verifyDocument(minuteOld, bundle, young)).reasons.map(({ code }) => code),
    ).toEqual(['stale-presentation']);
    expect(
      (await verifyDocument(presentation, bundle, { ...options, audience: 'https://else.example' }))
        .reasons,
    ).toEqual([
      {
        code: 'wrong-audience',
        message: 'The presentation was made for another verifier (aud).',
      },
    ]);
  });

  it('refuses a presentation given no nonce or no audience', async () => {
    const presentation = await present(at);
    for (const given of [{ audience }, { nonce }, {}]) {
      expect(await verifyDocument(presentation, bundle, { now: at, ...given })).toMatchObject({
        kind: 'presentation',
        valid: false,
        reasons: [{ code: 'nonce-required' }],
      });
    }
  });
});
