/**
 * The offline verifier of a wallet's presentation (verifyPresentation.ts), given presentations
 * made by hand: an issuer-signed SD-JWT the issuing code would never produce (another header,
 * claims, disclosures), and key-binding JWTs of every wrong form. Each refusal has its own
 * exact reason — code and the message the person at the desk reads — and the checks that do
 * not stop the verdict are all reported together.
 */
import { createHash, randomBytes } from 'node:crypto';
import { base64url, exportJWK, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDidDocument } from '#shared/domain/credential/didDocument.ts';
import {
  type PresentationReason,
  type PresentationVerdict,
  verifyPresentation,
} from '#shared/domain/credential/verifyPresentation.ts';
import type { Signer } from '#shared/ports/signer.ts';
import {
  bundleOf,
  createTestKey,
  documentOf,
  issuer,
  now,
  signCompact,
  type TestKey,
} from './credential.fixtures.ts';

const nonce = 'verifier-nonce-1';
const audience = 'https://school.example';
const at = new Date(now.getTime() + 60_000);
const atSeconds = Math.floor(at.getTime() / 1000);
const options = { nonce, audience, now: at };
const nbf = Math.floor(now.getTime() / 1000);
const exp = nbf + 90 * 86_400;
const subject = {
  name: '测试甲',
  nationalIdMasked: '990105********123X',
  purpose: 'employment',
  checkedAt: now.toISOString(),
};

type Holder = { privateKey: CryptoKey; jwk: Record<string, string> };
let key: TestKey;
let holder: Holder;
let bundle: ReturnType<typeof bundleOf>;

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
const digestOf = (text: string) =>
  base64url.encode(createHash('sha256').update(text, 'utf8').digest());
const salt = () => base64url.encode(randomBytes(16));
/** A disclosure as RFC 9901 §4.2.1 writes one: `[salt, name, value]`, base64url. */
const disclosure = (name: string, value: unknown) => encode([salt(), name, value]);
const decoy = () => digestOf(salt());

async function newHolder(): Promise<Holder> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const { kty, crv, x, y } = await exportJWK(publicKey);
  return { privateKey, jwk: { kty: kty ?? '', crv: crv ?? '', x: x ?? '', y: y ?? '' } };
}

type IssuerSigned = {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  signer?: Signer;
  kid?: string;
};

/**
 * An issuer-signed SD-JWT whose `_sd` holds the digests of `disclosures` and decoys up to the
 * credential's eight, sorted; header and claims as the issuer writes them unless changed.
 */
async function issuerSigned(disclosures: readonly string[], change: IssuerSigned = {}) {
  const digests = disclosures.map(digestOf);
  while (digests.length < 8) digests.push(decoy());
  const header = { typ: 'dc+sd-jwt', alg: 'ES256', kid: change.kid ?? `${issuer.did}#key-1` };
  const payload = {
    iss: issuer.did,
    vct: 'urn:sealed-records:vct:no-criminal-record:1',
    nbf,
    exp,
    cnf: { jwk: holder.jwk },
    statement: 'no-criminal-record-on-file',
    _sd: digests.sort(),
    _sd_alg: 'sha-256',
  };
  return signCompact(
    { ...header, ...change.header },
    { ...payload, ...change.payload },
    change.signer ?? key.signer,
  );
}

type Binding = {
  header?: Record<string, unknown>;
  payload?: Record<string, unknown>;
  by?: Holder;
  /** The text `sd_hash` is taken over, when it is not what is presented. */
  hashOf?: string;
};

/** `<jwt>~<disclosure>~…~` and the key-binding JWT's signing input over exactly that. */
function unsigned(jwt: string, disclosures: readonly string[], binding: Binding = {}) {
  const presented = `${[jwt, ...disclosures].join('~')}~`;
  const header = encode({ typ: 'kb+jwt', alg: 'ES256', ...binding.header });
  const payload = encode({
    iat: atSeconds,
    aud: audience,
    nonce,
    sd_hash: digestOf(binding.hashOf ?? presented),
    ...binding.payload,
  });
  return { presented, signingInput: `${header}.${payload}` };
}

/** A presentation with its key-binding JWT signed by the holder, unless changed. */
async function present(jwt: string, disclosures: readonly string[], binding: Binding = {}) {
  const { presented, signingInput } = unsigned(jwt, disclosures, binding);
  const signature = base64url.encode(
    new Uint8Array(
      await crypto.subtle.sign(
        { name: 'ECDSA', hash: 'SHA-256' },
        (binding.by ?? holder).privateKey,
        new TextEncoder().encode(signingInput),
      ),
    ),
  );
  return `${presented}${signingInput}.${signature}`;
}

const all = () => Object.entries(subject).map(([name, value]) => disclosure(name, value));
const codes = (verdict: PresentationVerdict) => verdict.reasons.map(({ code }) => code);
const reasons = (verdict: PresentationVerdict): PresentationReason[] => verdict.reasons;

beforeAll(async () => {
  key = createTestKey('key-1');
  holder = await newHolder();
  bundle = bundleOf(documentOf(issuer.did, key));
});

describe('Function: verifyPresentation, a presentation made by hand', () => {
  it('accepts one made exactly as the issuer and a wallet make it', async () => {
    const disclosures = all();
    const verdict = await verifyPresentation(
      await present(await issuerSigned(disclosures), disclosures),
      bundle,
      options,
    );
    expect(verdict).toStrictEqual({
      valid: true,
      reasons: [],
      presentation: {
        issuer: issuer.did,
        statement: 'no-criminal-record-on-file',
        notBefore: new Date(nbf * 1000),
        expires: new Date(exp * 1000),
        disclosed: subject,
        presentedAt: new Date(atSeconds * 1000),
      },
    });
  });

  it('says why it needs the verifier’s nonce and audience', async () => {
    const disclosures = all();
    const presentation = await present(await issuerSigned(disclosures), disclosures);
    expect(await verifyPresentation(presentation, bundle, { ...options, nonce: '' })).toEqual({
      valid: false,
      reasons: [
        {
          code: 'nonce-required',
          message:
            'A presentation is checked against the nonce you gave the holder and your own identifier (audience); without them a copied presentation cannot be told from a fresh one.',
        },
      ],
    });
  });

  it('resolves to malformed, never throws, for input that is not text', async () => {
    expect(await verifyPresentation(undefined as unknown as string, bundle, options)).toEqual({
      valid: false,
      reasons: [
        {
          code: 'malformed',
          message: 'The presentation is damaged or incomplete and cannot be read.',
        },
      ],
    });
  });

  it('reads a presentation of exactly 16,384 characters, and refuses one character more', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    // The nonce and audience are free text: grow them until the presentation is the limit
    // (an ES256 signature is 86 characters of base64url).
    const lengthWith = (given: { nonce: string; aud: string }) => {
      const { presented, signingInput } = unsigned(jwt, disclosures, { payload: given });
      return presented.length + signingInput.length + 1 + 86;
    };
    let given = { nonce, aud: audience };
    const start = Math.floor(((16_384 - lengthWith({ nonce: '', aud: audience })) * 3) / 4) - 8;
    search: for (let n = start; n < start + 16; n += 1) {
      for (const suffix of ['', '/', '/a', '/ab']) {
        given = { nonce: 'n'.repeat(n), aud: `${audience}${suffix}` };
        if (lengthWith(given) === 16_384) break search;
      }
    }
    const presentation = await present(jwt, disclosures, { payload: given });
    const long = { ...options, nonce: given.nonce, audience: given.aud };
    expect(presentation).toHaveLength(16_384);
    expect((await verifyPresentation(presentation, bundle, long)).valid).toBe(true);
    const over = { ...given, nonce: `${given.nonce}n` };
    const tooLong = await present(jwt, disclosures, { payload: over });
    expect(tooLong.length).toBeGreaterThan(16_384);
    expect(
      codes(await verifyPresentation(tooLong, bundle, { ...long, nonce: over.nonce })),
    ).toEqual(['malformed']);
  });
});

describe('the issuer-signed part', () => {
  it('refuses digests of any algorithm but SHA-256 as malformed', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures, { payload: { _sd_alg: 'sha-512' } });
    expect(
      codes(await verifyPresentation(await present(jwt, disclosures), bundle, options)),
    ).toEqual(['malformed']);
  });

  it('refuses a JWT with no disclosure part at all as malformed, whatever follows it', async () => {
    const jwt = await issuerSigned([]);
    for (const text of [jwt, `${jwt}A`]) {
      expect(codes(await verifyPresentation(text, bundle, options))).toEqual(['malformed']);
    }
  });

  it('refuses an issuer signature that is not unpadded base64url as malformed', async () => {
    const disclosures = all();
    const padded = `${await issuerSigned(disclosures)}==`;
    expect(
      codes(await verifyPresentation(await present(padded, disclosures), bundle, options)),
    ).toEqual(['malformed']);
  });

  it('refuses any algorithm but ES256, before anything else', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures, { header: { alg: 'ES384' } });
    expect(
      reasons(await verifyPresentation(await present(jwt, disclosures), bundle, options)),
    ).toEqual([
      { code: 'unsupported-algorithm', message: 'The credential is not signed with ES256.' },
    ]);
  });

  it.each([
    ['the JWT typ', { typ: 'JWT' }],
    ['an extra parameter', { jwk: { kty: 'EC' } }],
    ['an empty kid', { kid: '' }],
  ])('refuses a header with %s as invalid-header', async (_name, header) => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures, { header });
    expect(
      reasons(await verifyPresentation(await present(jwt, disclosures), bundle, options)),
    ).toEqual([
      {
        code: 'invalid-header',
        message: 'The credential header is not {"typ":"dc+sd-jwt","alg":"ES256","kid":…}.',
      },
    ]);
  });

  it('refuses a key the issuer does not list', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures, { kid: `${issuer.did}#key-9` });
    expect(
      codes(await verifyPresentation(await present(jwt, disclosures), bundle, options)),
    ).toEqual(['unknown-key']);
  });

  it('accepts the wallet credential only under a wallet-credential key of the issuer', async () => {
    const certificateKey = createTestKey('key-1');
    const walletKey = createTestKey('wallet-1');
    const perKind = bundleOf(
      buildDidDocument({
        did: issuer.did,
        keys: [certificateKey.published],
        letterKeys: [],
        walletKeys: [walletKey.published],
      }),
    );
    const disclosures = all();
    const underWalletKey = await issuerSigned(disclosures, {
      kid: `${issuer.did}#wallet-1`,
      signer: walletKey.signer,
    });
    expect(
      (await verifyPresentation(await present(underWalletKey, disclosures), perKind, options))
        .valid,
    ).toBe(true);
    const underCertificateKey = await issuerSigned(disclosures, { signer: certificateKey.signer });
    expect(
      reasons(
        await verifyPresentation(await present(underCertificateKey, disclosures), perKind, options),
      ),
    ).toEqual([
      {
        code: 'key-not-authorized',
        message: `The key "${issuer.did}#key-1" belongs to the issuer but does not sign wallet credentials (SD-JWT VC): it signs another kind of document.`,
      },
    ]);
  });

  it('refuses an altered payload by its signature', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    const [h, , s] = jwt.split('.');
    const altered = `${h}.${encode({ iss: issuer.did, nbf, exp: exp + 86_400 })}.${s}`;
    expect(
      reasons(await verifyPresentation(await present(altered, disclosures), bundle, options)),
    ).toEqual([
      {
        code: 'bad-signature',
        message:
          'The signature does not match: the credential was altered after it was issued, or it is forged.',
      },
    ]);
  });

  it.each([
    ['another vct', { vct: 'urn:other' }, 'vct'],
    ['another statement', { statement: 'criminal-record-on-file' }, 'statement'],
    ['seven digests', { _sd: Array.from({ length: 7 }, decoy) }, '_sd'],
    ['an extra claim', { sub: 'did:key:z6Mk' }, '(root)'],
    ['exp not after nbf', { exp: nbf }, '(root)'],
  ])('refuses %s, even signed by the issuer, as invalid-claims', async (_name, payload, path) => {
    const jwt = await issuerSigned([], { payload });
    const verdict = await verifyPresentation(await present(jwt, []), bundle, options);
    expect(codes(verdict)).toEqual(['invalid-claims']);
    expect(verdict.reasons[0]?.message).toMatch(
      /^The credential is signed but not a no-criminal-record certificate in the expected form \(.+\)\.$/,
    );
    expect(verdict.reasons[0]?.message).toContain(`(${path}`);
  });

  it('names the instant of expiry and of validity, as for a certificate', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    const later = new Date((exp + 60) * 1000);
    const expired = await present(jwt, disclosures, {
      payload: { iat: exp + 60 },
    });
    expect(reasons(await verifyPresentation(expired, bundle, { ...options, now: later }))).toEqual([
      {
        code: 'expired',
        message: 'The credential expired at 2025-08-30 08:00:00 UTC; ask the holder for a new one.',
      },
    ]);
    const early = await present(jwt, disclosures, { payload: { iat: nbf - 61 } });
    const before = new Date((nbf - 61) * 1000);
    expect(reasons(await verifyPresentation(early, bundle, { ...options, now: before }))).toEqual([
      {
        code: 'not-yet-valid',
        message: 'The credential is not valid until 2025-06-01 08:00:00 UTC.',
      },
    ]);
  });
});

describe('the disclosures', () => {
  const notTheCredentials = {
    code: 'invalid-disclosure',
    message: 'A disclosure does not belong to this credential, or is repeated.',
  };

  it.each([
    ['a claim that is never disclosable (statement)', () => disclosure('statement', 'x')],
    ['a claim no certificate has', () => disclosure('sealed', true)],
    ['a name inherited by every object (toString)', () => disclosure('toString', 'x')],
    ['an array element (no claim name)', () => encode([salt(), '测试甲'])],
  ])('refuses %s, even when its digest is signed', async (_name, make) => {
    const odd = make();
    const disclosures = [disclosure('name', subject.name), odd];
    const jwt = await issuerSigned(disclosures);
    const verdict = await verifyPresentation(await present(jwt, disclosures), bundle, options);
    expect(verdict).toEqual({ valid: false, reasons: [notTheCredentials] });
  });

  it('refuses a second disclosure of the same claim, even one with its own signed digest', async () => {
    const first = disclosure('name', subject.name);
    const second = disclosure('name', '测试乙');
    const jwt = await issuerSigned([first, second]);
    const verdict = await verifyPresentation(await present(jwt, [first, second]), bundle, options);
    expect(verdict).toEqual({ valid: false, reasons: [notTheCredentials] });
  });

  it.each([
    ['name', ''],
    ['name', '   '],
    ['nationalIdMasked', '990105199001011234'],
    ['purpose', 'bribery'],
    ['checkedAt', '2025-06-01'],
  ])('refuses a signed %s that is not in the certificate’s form (%j)', async (name, value) => {
    const bad = disclosure(name, value);
    const jwt = await issuerSigned([bad]);
    const verdict = await verifyPresentation(await present(jwt, [bad]), bundle, options);
    expect(verdict).toEqual({
      valid: false,
      reasons: [
        {
          code: 'invalid-disclosure',
          message: `The disclosed ${name} is not in the certificate's form.`,
        },
      ],
    });
  });

  it('counts each disclosure once: the same bad one twice is also a repeat', async () => {
    const bad = disclosure('purpose', 'bribery');
    const jwt = await issuerSigned([bad]);
    const verdict = await verifyPresentation(await present(jwt, [bad, bad]), bundle, options);
    expect(reasons(verdict)).toEqual([
      {
        code: 'invalid-disclosure',
        message: "The disclosed purpose is not in the certificate's form.",
      },
      notTheCredentials,
    ]);
  });

  it('shows a good disclosure beside decoys and withheld claims', async () => {
    const purpose = disclosure('purpose', 'travel');
    const withheld = all();
    const jwt = await issuerSigned([purpose, ...withheld.slice(0, 3)]);
    const verdict = await verifyPresentation(await present(jwt, [purpose]), bundle, options);
    expect(verdict.valid && verdict.presentation.disclosed).toStrictEqual({ purpose: 'travel' });
  });
});

describe('the key binding', () => {
  const refused = (message: string) => ({
    valid: false,
    reasons: [{ code: 'invalid-key-binding', message }],
  });
  const notOfForm =
    'The key-binding JWT is not {"typ":"kb+jwt","alg":"ES256"} with iat, aud, nonce and sd_hash.';

  it('refuses a presentation that ends without one', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    expect(
      await verifyPresentation(`${[jwt, ...disclosures].join('~')}~`, bundle, options),
    ).toEqual(
      refused('The presentation has no key-binding JWT: anyone holding a copy could have sent it.'),
    );
  });

  it.each([
    ['the JWT typ', { header: { typ: 'JWT' } }],
    ['another algorithm', { header: { alg: 'ES384' } }],
    ['an extra header parameter', { header: { kid: 'k' } }],
    ['no sd_hash', { payload: { sd_hash: undefined } }],
    ['an sd_hash that is not a SHA-256 digest', { payload: { sd_hash: 'abc' } }],
    ['an empty nonce', { payload: { nonce: '' } }],
    ['an empty aud', { payload: { aud: '' } }],
    ['an iat that is not a number', { payload: { iat: String(atSeconds) } }],
    ['an iat of zero', { payload: { iat: 0 } }],
    ['an extra claim', { payload: { exp: atSeconds + 60 } }],
  ] as const)('refuses one with %s', async (_name, binding) => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    expect(
      await verifyPresentation(await present(jwt, disclosures, binding), bundle, options),
    ).toEqual(refused(notOfForm));
  });

  it('refuses one whose signature is not unpadded base64url as none at all', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    expect(
      await verifyPresentation(`${await present(jwt, disclosures)}==`, bundle, options),
    ).toEqual(
      refused('The presentation has no key-binding JWT: anyone holding a copy could have sent it.'),
    );
  });

  it('refuses one when the credential is bound to a point off the curve', async () => {
    const disclosures = all();
    const offCurve = { ...holder.jwk, y: base64url.encode(new Uint8Array(32).fill(7)) };
    const jwt = await issuerSigned(disclosures, { payload: { cnf: { jwk: offCurve } } });
    expect(await verifyPresentation(await present(jwt, disclosures), bundle, options)).toEqual(
      refused('The key the credential is bound to is not a P-256 public key.'),
    );
  });

  it('refuses one signed by another key than the credential is bound to', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    const thief = await newHolder();
    expect(
      await verifyPresentation(await present(jwt, disclosures, { by: thief }), bundle, options),
    ).toEqual(refused('The key-binding JWT is not signed by the key the credential is bound to.'));
  });

  it('refuses one made for another selection of the claims', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    const fewer = `${[jwt, ...disclosures.slice(1)].join('~')}~`;
    expect(
      await verifyPresentation(await present(jwt, disclosures, { hashOf: fewer }), bundle, options),
    ).toEqual(refused('The key-binding JWT was made for another selection of claims (sd_hash).'));
  });

  it('names the nonce, the audience and the age each by its own reason', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    const verdict = await verifyPresentation(
      await present(jwt, disclosures, {
        payload: { nonce: 'replayed', aud: 'https://else.example', iat: atSeconds - 3600 },
      }),
      bundle,
      options,
    );
    expect(verdict).toEqual({
      valid: false,
      reasons: [
        {
          code: 'wrong-nonce',
          message: 'The presentation was made for another nonce: it may be a replay.',
        },
        {
          code: 'wrong-audience',
          message: 'The presentation was made for another verifier (aud).',
        },
        { code: 'stale-presentation', message: 'The presentation was not made just now (iat).' },
      ],
    });
  });

  it('accepts an iat at each end of the window exactly: maxAge plus skew ago, skew ahead', async () => {
    const disclosures = all();
    const jwt = await issuerSigned(disclosures);
    const verdictAt = async (iat: number, given = {}) =>
      verifyPresentation(await present(jwt, disclosures, { payload: { iat } }), bundle, {
        ...options,
        ...given,
      });
    expect((await verdictAt(atSeconds - 300 - 60)).valid).toBe(true);
    expect(codes(await verdictAt(atSeconds - 300 - 61))).toEqual(['stale-presentation']);
    expect((await verdictAt(atSeconds + 60)).valid).toBe(true);
    expect(codes(await verdictAt(atSeconds + 61))).toEqual(['stale-presentation']);
    expect(
      (await verdictAt(atSeconds - 100 - 5, { maxAgeSeconds: 100, clockSkewSeconds: 5 })).valid,
    ).toBe(true);
    expect(
      codes(await verdictAt(atSeconds - 100 - 6, { maxAgeSeconds: 100, clockSkewSeconds: 5 })),
    ).toEqual(['stale-presentation']);
    expect((await verdictAt(atSeconds + 5, { clockSkewSeconds: 5 })).valid).toBe(true);
    expect(codes(await verdictAt(atSeconds + 6, { clockSkewSeconds: 5 }))).toEqual([
      'stale-presentation',
    ]);
  });

  it('reports every problem of a signed presentation together, in the order checked', async () => {
    const bad = disclosure('purpose', 'bribery');
    const jwt = await issuerSigned([bad]);
    const later = (exp + 3600) * 1000;
    const verdict = await verifyPresentation(
      await present(jwt, [bad], { payload: { nonce: 'replayed', aud: 'https://else.example' } }),
      bundle,
      { ...options, now: new Date(later) },
    );
    expect(codes(verdict)).toEqual([
      'expired',
      'invalid-disclosure',
      'wrong-nonce',
      'wrong-audience',
      'stale-presentation',
    ]);
  });

  it('refuses bad disclosures even under a key binding that holds', async () => {
    const foreign = disclosure('name', subject.name);
    const jwt = await issuerSigned([]);
    expect(codes(await verifyPresentation(await present(jwt, [foreign]), bundle, options))).toEqual(
      ['invalid-disclosure'],
    );
  });
});
