/**
 * The offline verifier of a wallet's presentation (verifyPresentation.ts), on its own: a
 * credential issued here, presented as a wallet would (`@sd-jwt/sd-jwt-vc`), then each check
 * broken in turn — one exact reason each, and the verdict of a good one exactly the claims
 * the holder chose to show.
 */
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueSdJwtVc, sdJwtHasher } from '#shared/domain/credential/sdJwtVc.ts';
import {
  isPresentation,
  type PresentationVerdict,
  verifyPresentation,
} from '#shared/domain/credential/verifyPresentation.ts';
import {
  bundleOf,
  createTestKey,
  documentOf,
  issuer,
  now,
  otherIssuer,
  type TestKey,
} from './credential.fixtures.ts';

const nonce = 'verifier-nonce-1';
const audience = 'https://school.example';
const at = new Date(now.getTime() + 60_000);
const options = { nonce, audience, now: at };

type Holder = { privateKey: CryptoKey; jwk: Record<string, string> };
let key: TestKey;
let holder: Holder;
let credential: string;
let bundle: ReturnType<typeof bundleOf>;

async function newHolder(): Promise<Holder> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return { privateKey, jwk: { kty: kty ?? '', crv: crv ?? '', x: x ?? '', y: y ?? '' } };
}

/** What a wallet sends: the chosen disclosures and a key-binding JWT over them. */
async function present(
  disclose: readonly string[],
  kb: { nonce?: string; aud?: string; iat?: Date; by?: Holder } = {},
  from = credential,
) {
  const signer = kb.by ?? holder;
  const instance = new SDJwtVcInstance({
    hasher: sdJwtHasher,
    kbSignAlg: 'ES256',
    kbSigner: async (data) =>
      base64url.encode(
        new Uint8Array(
          await crypto.subtle.sign(
            { name: 'ECDSA', hash: 'SHA-256' },
            signer.privateKey,
            new TextEncoder().encode(data),
          ),
        ),
      ),
  });
  return instance.present(from, Object.fromEntries(disclose.map((claim) => [claim, true])), {
    kb: {
      payload: {
        aud: kb.aud ?? audience,
        nonce: kb.nonce ?? nonce,
        iat: Math.floor((kb.iat ?? at).getTime() / 1000),
      },
    },
  });
}

const codes = (verdict: PresentationVerdict) => verdict.reasons.map((reason) => reason.code);

beforeAll(async () => {
  key = createTestKey('key-1');
  holder = await newHolder();
  bundle = bundleOf(documentOf(issuer.did, key));
  ({ credential } = await issueSdJwtVc({
    issuer,
    signer: key.signer,
    subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
    purpose: 'employment',
    holderJwk: holder.jwk as never,
    now,
    validityDays: 90,
  }));
});

describe('Function: verifyPresentation', () => {
  it('shows exactly the disclosed claims, in the certificate’s order, and when it was made', async () => {
    const verdict = await verifyPresentation(await present(['purpose', 'name']), bundle, options);
    expect(verdict).toEqual({
      valid: true,
      reasons: [],
      presentation: {
        issuer: issuer.did,
        statement: 'no-criminal-record-on-file',
        notBefore: new Date(Math.floor(now.getTime() / 1000) * 1000),
        expires: new Date((Math.floor(now.getTime() / 1000) + 90 * 86_400) * 1000),
        disclosed: { name: '测试甲', purpose: 'employment' },
        presentedAt: new Date(Math.floor(at.getTime() / 1000) * 1000),
      },
    });
    if (verdict.valid)
      expect(Object.keys(verdict.presentation.disclosed)).toEqual(['name', 'purpose']);
    const all = await verifyPresentation(
      await present(['checkedAt', 'nationalIdMasked', 'purpose', 'name']),
      bundle,
      options,
    );
    expect(all.valid && all.presentation.disclosed).toEqual({
      name: '测试甲',
      nationalIdMasked: '990105********123X',
      purpose: 'employment',
      checkedAt: now.toISOString(),
    });
    const none = await verifyPresentation(await present([]), bundle, options);
    expect(none.valid && none.presentation.disclosed).toEqual({});
  });

  it.each([
    ['no nonce', { nonce: '', audience }],
    ['no audience', { nonce, audience: '' }],
  ])('needs the verifier’s nonce and audience: %s', async (_name, given) => {
    const verdict = await verifyPresentation(await present(['name']), bundle, {
      ...given,
      now: at,
    });
    expect(codes(verdict)).toEqual(['nonce-required']);
  });

  it.each([
    ['not a presentation at all', 'abc'],
    ['the credential alone, too long', `${'a'.repeat(16_385)}~`],
    ['an issuer JWT that is not a JWS', 'a.b~'],
    ['an empty string', ''],
  ])('refuses %s as malformed', async (_name, value) => {
    expect(codes(await verifyPresentation(value, bundle, options))).toEqual(['malformed']);
  });

  it('refuses an altered issuer signature', async () => {
    const presentation = await present(['name']);
    const [jwt = '', ...rest] = presentation.split('~');
    const [h, p, s = ''] = jwt.split('.');
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    const verdict = await verifyPresentation(
      [`${h}.${p}.${flipped}`, ...rest].join('~'),
      bundle,
      options,
    );
    expect(codes(verdict)).toEqual(['bad-signature']);
  });

  it('refuses an issuer the bundle does not pin, and another issuer than the expected one', async () => {
    const stranger = bundleOf(documentOf(otherIssuer.did, createTestKey('key-1')));
    expect(codes(await verifyPresentation(await present(['name']), stranger, options))).toEqual([
      'unknown-issuer',
    ]);
    const verdict = await verifyPresentation(await present(['name']), bundle, {
      ...options,
      expectedIssuer: otherIssuer.did,
    });
    expect(verdict.valid).toBe(false);
  });

  it('refuses an expired credential and one not yet valid, naming each', async () => {
    const presentation = await present(['name'], {
      iat: new Date(now.getTime() + 91 * 86_400_000),
    });
    const later = { ...options, now: new Date(now.getTime() + 91 * 86_400_000) };
    expect(codes(await verifyPresentation(presentation, bundle, later))).toEqual(['expired']);
    const early = await present(['name'], { iat: new Date(now.getTime() - 86_400_000) });
    const before = { ...options, now: new Date(now.getTime() - 86_400_000) };
    expect(codes(await verifyPresentation(early, bundle, before))).toEqual(['not-yet-valid']);
  });

  it.each([
    ['another nonce', { nonce: 'replayed' }, ['wrong-nonce']],
    ['another audience', { aud: 'https://else.example' }, ['wrong-audience']],
    ['both', { nonce: 'replayed', aud: 'https://else.example' }, ['wrong-nonce', 'wrong-audience']],
    [
      'a key binding older than five minutes',
      { iat: new Date(at.getTime() - 301_000 - 60_000) },
      ['stale-presentation'],
    ],
    [
      'a key binding from the future',
      { iat: new Date(at.getTime() + 61_000 + 60_000) },
      ['stale-presentation'],
    ],
  ] as const)('refuses %s', async (_name, kb, expected) => {
    expect(codes(await verifyPresentation(await present(['name'], kb), bundle, options))).toEqual(
      expected,
    );
  });

  it('accepts a key binding just within its age and the clock skew, and takes the age it is given', async () => {
    const recent = await present(['name'], { iat: new Date(at.getTime() - 290_000) });
    expect((await verifyPresentation(recent, bundle, options)).valid).toBe(true);
    expect(
      codes(
        await verifyPresentation(recent, bundle, {
          ...options,
          maxAgeSeconds: 60,
          clockSkewSeconds: 0,
        }),
      ),
    ).toEqual(['stale-presentation']);
    const ahead = await present(['name'], { iat: new Date(at.getTime() + 30_000) });
    expect((await verifyPresentation(ahead, bundle, options)).valid).toBe(true);
    expect(
      codes(await verifyPresentation(ahead, bundle, { ...options, clockSkewSeconds: 0 })),
    ).toEqual(['stale-presentation']);
  });

  it('refuses a presentation without key binding, or bound by another key', async () => {
    const presentation = await present(['name']);
    const bare = presentation.slice(0, presentation.lastIndexOf('~') + 1);
    expect(codes(await verifyPresentation(bare, bundle, options))).toEqual(['invalid-key-binding']);
    const thief = await newHolder();
    expect(
      codes(await verifyPresentation(await present(['name'], { by: thief }), bundle, options)),
    ).toEqual(['invalid-key-binding']);
  });

  it('refuses disclosures added after binding, repeated, or not the credential’s', async () => {
    const bound = await present(['name']);
    const parts = bound.split('~');
    const kb = parts.pop() ?? '';
    const [jwt = '', ...disclosures] = parts;
    const everyDisclosure = credential.split('~').slice(1, -1);
    const widened = [jwt, ...everyDisclosure, kb].join('~');
    expect(codes(await verifyPresentation(widened, bundle, options))).toEqual([
      'invalid-key-binding',
    ]);

    const repeatedSelection = await presentRaw([jwt, ...disclosures, ...disclosures]);
    expect(codes(await verifyPresentation(repeatedSelection, bundle, options))).toEqual([
      'invalid-disclosure',
    ]);
    const foreign = base64url.encode(JSON.stringify(['salt', 'name', 'someone else']));
    expect(
      codes(await verifyPresentation(await presentRaw([jwt, foreign]), bundle, options)),
    ).toEqual(['invalid-disclosure']);
  });

  it('isPresentation tells a presentation from a JWT', () => {
    expect(isPresentation('a.b.c~')).toBe(true);
    expect(isPresentation('a.b.c')).toBe(false);
  });
});

/** Disclosures as given, with a fresh key binding over exactly them. */
async function presentRaw(parts: readonly string[]): Promise<string> {
  const presented = `${parts.join('~')}~`;
  const sdHash = base64url.encode(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(presented))),
  );
  const header = base64url.encode(JSON.stringify({ typ: 'kb+jwt', alg: 'ES256' }));
  const payload = base64url.encode(
    JSON.stringify({ iat: Math.floor(at.getTime() / 1000), aud: audience, nonce, sd_hash: sdHash }),
  );
  const signature = base64url.encode(
    new Uint8Array(
      await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        holder.privateKey,
        new TextEncoder().encode(`${header}.${payload}`),
      ),
    ),
  );
  return `${presented}${header}.${payload}.${signature}`;
}
