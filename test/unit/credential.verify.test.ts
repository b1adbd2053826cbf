import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  InvalidTrustBundleError,
} from '#shared/domain/credential/didDocument.ts';
import {
  type Verdict,
  type VerdictCode,
  verifyCredential,
} from '#shared/domain/credential/verifyCredential.ts';
import {
  bundleOf,
  certificateId,
  createTestKey,
  decodePart,
  documentOf,
  encodePart,
  issue,
  issuer,
  now,
  otherIssuer,
  signCompact,
  validityDays,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const bundle = bundleOf(documentOf(issuer.did, key));
const { credential } = await issue(key.signer);
const header = decodePart(credential, 0);
const payload = decodePart(credential, 1) as Record<string, unknown> & {
  nbf: number;
  exp: number;
  vc: { type: string[]; credentialSubject: Record<string, unknown> };
};

const at = (seconds: number) => new Date(seconds * 1000);

function codes(verdict: Verdict): VerdictCode[] {
  return verdict.reasons.map(({ code }) => code);
}

async function expectInvalid(jwt: string, code: VerdictCode, options = {}) {
  const verdict = await verifyCredential(jwt, bundle, { now, ...options });
  expect(verdict.valid).toBe(false);
  expect(codes(verdict)).toEqual([code]);
  for (const { message } of verdict.reasons) {
    expect(message).not.toContain('测试甲');
    expect(message).not.toContain('990105');
  }
  return verdict;
}

describe('Function: verifyCredential', () => {
  it('accepts a credential of a pinned issuer and returns its typed fields', async () => {
    const verdict = await verifyCredential(credential, bundle, { now });
    expect(verdict).toStrictEqual({
      valid: true,
      reasons: [],
      credential: {
        name: '测试甲',
        nationalIdMasked: '990105********123X',
        purpose: 'employment',
        checkedAt: now.toISOString(),
        issuer: issuer.did,
        notBefore: now,
        expires: new Date(now.getTime() + validityDays * 86_400_000),
        certificateId,
      },
    });
  });

  it('returns the holder DID when the credential is holder-bound', async () => {
    const holderDid = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK';
    const bound = await issue(key.signer, { holderDid });
    const verdict = await verifyCredential(bound.credential, bundle, { now });
    expect(verdict.valid && verdict.credential.holderDid).toBe(holderDid);
  });

  it('accepts the expected issuer and rejects another one', async () => {
    expect(
      (await verifyCredential(credential, bundle, { now, expectedIssuer: issuer.did })).valid,
    ).toBe(true);
    await expectInvalid(credential, 'unknown-issuer', { expectedIssuer: 'did:web:school.example' });
  });

  describe('signature', () => {
    it('rejects a tampered payload', async () => {
      const [h, , s] = credential.split('.');
      const forged = {
        ...payload,
        vc: {
          ...payload.vc,
          credentialSubject: { ...payload.vc.credentialSubject, name: '测试乙' },
        },
      };
      await expectInvalid(`${h}.${encodePart(forged)}.${s}`, 'bad-signature');
    });

    it('rejects a tampered signature', async () => {
      const [h, p, s = ''] = credential.split('.');
      const bytes = base64url.decode(s);
      bytes[10] = (bytes[10] ?? 0) ^ 0x01;
      await expectInvalid(`${h}.${p}.${base64url.encode(bytes)}`, 'bad-signature');
    });

    it('rejects a signature by another key under a listed kid', async () => {
      const impostor = createTestKey('key-1');
      await expectInvalid((await issue(impostor.signer)).credential, 'bad-signature');
    });

    it('rejects a signature of the wrong length', async () => {
      const [h, p] = credential.split('.');
      await expectInvalid(`${h}.${p}.${base64url.encode(new Uint8Array(32))}`, 'bad-signature');
    });
  });

  describe('validity period', () => {
    it('accepts the last second before exp, within the clock skew', async () => {
      expect((await verifyCredential(credential, bundle, { now: at(payload.exp - 1) })).valid).toBe(
        true,
      );
      expect(
        (await verifyCredential(credential, bundle, { now: at(payload.exp + 59) })).valid,
      ).toBe(true);
    });

    it('rejects an expired credential once the skew has passed', async () => {
      const verdict = await expectInvalid(credential, 'expired', { now: at(payload.exp + 60) });
      expect(verdict.reasons[0]?.message).toContain('2025-08-30 08:00:00 UTC');
      await expectInvalid(credential, 'expired', { now: at(payload.exp), clockSkewSeconds: 0 });
    });

    it('rejects a credential before nbf beyond the skew, and accepts it within', async () => {
      const verdict = await expectInvalid(credential, 'not-yet-valid', {
        now: at(payload.nbf - 61),
      });
      expect(verdict.reasons[0]?.message).toContain('2025-06-01 08:00:00 UTC');
      expect(
        (await verifyCredential(credential, bundle, { now: at(payload.nbf - 60) })).valid,
      ).toBe(true);
      await expectInvalid(credential, 'not-yet-valid', {
        now: at(payload.nbf - 30),
        clockSkewSeconds: 0,
      });
      expect(
        (
          await verifyCredential(credential, bundle, {
            now: at(payload.nbf - 300),
            clockSkewSeconds: 300,
          })
        ).valid,
      ).toBe(true);
    });
  });

  describe('issuer and key', () => {
    it('rejects a credential from an issuer that is not in the bundle', async () => {
      const stranger = createTestKey('key-1');
      const foreign = await issue(stranger.signer, { issuer: otherIssuer });
      await expectInvalid(foreign.credential, 'unknown-issuer');
    });

    it('rejects an unknown kid', async () => {
      const unlisted = createTestKey('key-9');
      await expectInvalid((await issue(unlisted.signer)).credential, 'unknown-key');
    });

    it('rejects a kid that belongs to another DID than iss', async () => {
      const signed = await signCompact(
        { ...header, kid: `${otherIssuer.did}#key-1` },
        payload,
        key.signer,
      );
      await expectInvalid(signed, 'unknown-key');
    });

    it('rejects a key that is a verification method but not an assertion method', async () => {
      const authOnly = createTestKey('key-auth');
      const document = buildDidDocument({
        did: issuer.did,
        keys: [key.published, authOnly.published],
      });
      const restricted = bundleOf({ ...document, assertionMethod: [`${issuer.did}#key-1`] });
      const signed = (await issue(authOnly.signer)).credential;
      const verdict = await verifyCredential(signed, restricted, { now });
      expect(codes(verdict)).toEqual(['key-not-authorized']);
      expect((await verifyCredential(credential, restricted, { now })).valid).toBe(true);
    });
  });

  describe('header', () => {
    const [, p] = credential.split('.');

    it('rejects alg none', async () => {
      await expectInvalid(
        `${encodePart({ ...header, alg: 'none' })}.${p}.`,
        'unsupported-algorithm',
      );
    });

    it('rejects HS256 keyed with the public key (algorithm confusion)', async () => {
      const h = encodePart({ ...header, alg: 'HS256' });
      const secret = JSON.stringify(key.published.publicKeyJwk);
      const mac = createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url');
      await expectInvalid(`${h}.${p}.${mac}`, 'unsupported-algorithm');
    });

    it.each(['ES384', 'ES256K', 'EdDSA', 'RS256', 'PS256', 'es256'])(
      'rejects alg %s',
      async (alg) => {
        const signed = await signCompact({ ...header, alg }, payload, key.signer);
        await expectInvalid(signed, 'unsupported-algorithm');
      },
    );

    it.each([
      ['no typ', { alg: 'ES256', kid: header.kid }],
      ['another typ', { ...header, typ: 'vc+jwt' }],
      ['no kid', { alg: 'ES256', typ: 'JWT' }],
      ['a non-string kid', { ...header, kid: 1 }],
      ['an embedded jwk', { ...header, jwk: key.published.publicKeyJwk }],
      ['a crit parameter', { ...header, crit: ['b64'], b64: false }],
    ])('rejects a header with %s', async (_label, badHeader) => {
      await expectInvalid(await signCompact(badHeader, payload, key.signer), 'invalid-header');
    });
  });

  describe('claims', () => {
    const subject = payload.vc.credentialSubject;
    it.each([
      [
        'another credential type',
        { ...payload, vc: { ...payload.vc, type: ['VerifiableCredential', 'DriverLicence'] } },
      ],
      ['an extra type', { ...payload, vc: { ...payload.vc, type: [...payload.vc.type, 'Extra'] } }],
      ['an extra claim (iat)', { ...payload, iat: payload.nbf }],
      ['an extra vc member', { ...payload, vc: { ...payload.vc, credentialStatus: {} } }],
      [
        'an extra subject field',
        { ...payload, vc: { ...payload.vc, credentialSubject: { ...subject, sealed: true } } },
      ],
      [
        'another statement',
        {
          ...payload,
          vc: { ...payload.vc, credentialSubject: { ...subject, statement: 'record-on-file' } },
        },
      ],
      [
        'an unmasked ID',
        {
          ...payload,
          vc: {
            ...payload.vc,
            credentialSubject: { ...subject, nationalIdMasked: '990105199001011234' },
          },
        },
      ],
      [
        'a foreign @context',
        {
          ...payload,
          vc: {
            ...payload.vc,
            '@context': ['https://www.w3.org/2018/credentials/v1', 'https://evil.example/ctx'],
          },
        },
      ],
      ['a non-did:key sub', { ...payload, sub: 'did:web:example.com' }],
      ['a jti that is not urn:uuid', { ...payload, jti: 'certificate-1' }],
    ])('rejects %s with invalid-claims', async (_label, claims) => {
      await expectInvalid(await signCompact(header, claims, key.signer), 'invalid-claims');
    });

    it('reports claim and time problems together', async () => {
      const signed = await signCompact(header, { ...payload, iat: payload.nbf }, key.signer);
      const verdict = await verifyCredential(signed, bundle, { now: at(payload.exp + 3600) });
      expect(codes(verdict)).toEqual(['invalid-claims', 'expired']);
    });
  });

  describe('malformed input', () => {
    const [h, p, s] = credential.split('.');
    it.each([
      ['an empty string', ''],
      ['one part', 'abc'],
      ['two parts', `${h}.${p}`],
      ['four parts', `${credential}.x`],
      ['no signature', `${h}.${p}.`],
      ['a header that is not JSON', `${base64url.encode('nope')}.${p}.${s}`],
      ['a payload that is a JSON array', `${h}.${encodePart([1])}.${s}`],
      ['invalid base64url', `${h}.${p}.***`],
      ['an oversized token', `${h}.${p}${'A'.repeat(20_000)}.${s}`],
      ['invalid UTF-8', `${h}.${base64url.encode(Uint8Array.from([0xff, 0xfe]))}.${s}`],
    ])('rejects %s', async (_label, jwt) => {
      await expectInvalid(jwt, 'malformed');
    });

    it('rejects a non-string input without throwing', async () => {
      const verdict = await verifyCredential(undefined as unknown as string, bundle);
      expect(codes(verdict)).toEqual(['malformed']);
    });
  });

  it('imports nothing from node: (it must run in a browser too)', () => {
    for (const file of [
      'verifyCredential.ts',
      'verifyJwtVc.ts',
      'verifyLetter.ts',
      'verifyPresentation.ts',
      'verifyDocument.ts',
      'trustedIssuers.ts',
      'claims.ts',
      'letterClaims.ts',
      'sdJwtVcClaims.ts',
      'didDocument.ts',
      'signatureVerifier.ts',
      'webCryptoSignatureVerifier.ts',
    ]) {
      const source = readFileSync(
        new URL(`../../shared/domain/credential/${file}`, import.meta.url),
        'utf8',
      );
      expect(source).not.toMatch(/from '(node:|fs|crypto|path|buffer)/);
    }
  });

  describe('trust bundle', () => {
    it('throws InvalidTrustBundleError for a bundle that is not one', async () => {
      await expect(verifyCredential(credential, { type: 'x' } as never)).rejects.toThrow(
        InvalidTrustBundleError,
      );
    });

    it('throws InvalidTrustBundleError for a key that is not a P-256 point', async () => {
      const document = documentOf(issuer.did, key);
      const [method] = document.verificationMethod;
      const broken = bundleOf({
        ...document,
        verificationMethod: [
          {
            ...(method as NonNullable<typeof method>),
            publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'A'.repeat(43) },
          },
        ],
      });
      await expect(verifyCredential(credential, broken)).rejects.toThrow(InvalidTrustBundleError);
      await expect(verifyCredential(credential, broken)).rejects.toThrow(InvalidTrustBundleError);
    });
  });
});
