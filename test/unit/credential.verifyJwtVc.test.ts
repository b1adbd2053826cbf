/**
 * The checks every JWT VC of this issuer passes (verifyJwtVc.ts, trustedIssuers.ts), through
 * the certificate's verifier: each refusal's exact reason — code and the message the person at
 * the desk reads, which names what is wrong but never the holder — the size limit to the
 * character, claims that are not numbers where times are expected, and the trust bundle
 * imported once per verifier and never cached when it is unusable.
 */
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  InvalidTrustBundleError,
  type TrustBundle,
} from '#shared/domain/credential/didDocument.ts';
import { nodeSignatureVerifier } from '#shared/domain/credential/nodeSignatureVerifier.ts';
import type { SignatureVerifier } from '#shared/domain/credential/signatureVerifier.ts';
import { issuerKey, quote, trustedIssuers } from '#shared/domain/credential/trustedIssuers.ts';
import {
  type Verdict,
  type VerdictReason,
  verifyCredential,
} from '#shared/domain/credential/verifyCredential.ts';
import {
  claimedJwtVcType,
  decodeJson,
  isBase64url,
  validityReasons,
} from '#shared/domain/credential/verifyJwtVc.ts';
import { verifyLetter } from '#shared/domain/credential/verifyLetter.ts';
import { webCryptoSignatureVerifier } from '#shared/domain/credential/webCryptoSignatureVerifier.ts';
import {
  bundleOf,
  createTestKey,
  decodePart,
  documentOf,
  encodePart,
  issue,
  issuer,
  issueTestLetter,
  now,
  signCompact,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const bundle = bundleOf(documentOf(issuer.did, key));
const { credential } = await issue(key.signer);
const header = decodePart(credential, 0);
const payload = decodePart(credential, 1) as Record<string, unknown> & { nbf: number; exp: number };
const [h = '', p = '', s = ''] = credential.split('.');
const kid = `${issuer.did}#key-1`;

const reasonsOf = async (jwt: string, options = {}): Promise<VerdictReason[]> =>
  (await verifyCredential(jwt, bundle, { now, ...options })).reasons;
const codes = (verdict: Verdict) => verdict.reasons.map(({ code }) => code);
const DAMAGED = {
  code: 'malformed',
  message: 'The credential is damaged or incomplete and cannot be read.',
};
const NOT_A_JWT = {
  code: 'malformed',
  message: 'This is not a signed credential (a JWT of three parts).',
};

describe('Function: verifyJwtVc, through verifyCredential', () => {
  describe('malformed input: which of the two messages', () => {
    it.each([
      ['no text', undefined],
      ['two parts', `${h}.${p}`],
      ['four parts', `${credential}.x`],
    ])('%s: not a JWT of three parts', async (_name, jwt) => {
      expect(await reasonsOf(jwt as string)).toEqual([NOT_A_JWT]);
    });

    it.each([
      ['a header that is not base64url', `${h}*.${p}.${s}`],
      ['a header of a length no bytes encode to', `${h}A.${p}.${s}`],
      ['a header that is JSON null', `${base64url.encode('null')}.${p}.${s}`],
      ['a header that is a JSON array', `${encodePart(['ES256'])}.${p}.${s}`],
      ['a payload that is JSON null', `${h}.${base64url.encode('null')}.${s}`],
      ['a payload that is not JSON', `${h}.${base64url.encode('{')}.${s}`],
      ['no signature', `${h}.${p}.`],
      ['a signature of a length no bytes encode to', `${h}.${p}.${s}AAA`],
    ])('%s: damaged', async (_name, jwt) => {
      expect(await reasonsOf(jwt)).toEqual([DAMAGED]);
    });

    it('reads a JWT of exactly 16,384 characters, and refuses one character more', async () => {
      // An ES256 signature is 86 characters; the padding claim's length sets the rest.
      const lengthWith = (pad: string) =>
        h.length + 1 + encodePart({ ...payload, pad }).length + 1 + 86;
      let pad = 'x'.repeat(Math.floor(((16_384 - lengthWith('')) * 3) / 4) - 8);
      while (lengthWith(pad) < 16_384) pad += 'x';
      const atLimit = await signCompact(header, { ...payload, pad }, key.signer);
      expect(atLimit).toHaveLength(16_384);
      // Read: signed by the issuer, but not a certificate's claims.
      expect((await reasonsOf(atLimit)).map(({ code }) => code)).toEqual(['invalid-claims']);
      const over = `${atLimit.split('.').slice(0, 2).join('.')}.${s}A`;
      expect(over.length).toBeGreaterThan(16_384);
      expect(await reasonsOf(over)).toEqual([NOT_A_JWT]);
      // The kind a verifier picks is read under the same limit: at it, and one over.
      const typed = (filler: string) =>
        `${h}.${encodePart({ vc: { type: ['VerifiableCredential', 'InquiryResultLetter'] }, filler })}.${s}`;
      let filler = 'x'.repeat(Math.floor(((16_384 - typed('').length) * 3) / 4) - 8);
      while (typed(filler).length < 16_384) filler += 'x';
      expect(typed(filler)).toHaveLength(16_384);
      expect(claimedJwtVcType(typed(filler))).toBe('InquiryResultLetter');
      expect(claimedJwtVcType(`${typed(filler)}A`)).toBeUndefined();
    });
  });

  describe('header', () => {
    it('names the algorithm it refuses, quoted', async () => {
      expect(await reasonsOf(`${encodePart({ ...header, alg: 'none' })}.${p}.`)).toEqual([
        {
          code: 'unsupported-algorithm',
          message: 'The credential uses the signature algorithm "none"; only ES256 is accepted.',
        },
      ]);
      expect(await reasonsOf(`${encodePart({ typ: 'JWT', kid })}.${p}.${s}`)).toEqual([
        {
          code: 'unsupported-algorithm',
          message: 'The credential uses the signature algorithm undefined; only ES256 is accepted.',
        },
      ]);
    });

    it.each([
      ['no typ', { alg: 'ES256', kid }],
      ['no kid, another member instead', { alg: 'ES256', typ: 'JWT', x: kid }],
      ['a kid that is not text', { alg: 'ES256', typ: 'JWT', kid: 1 }],
      ['a fourth member', { alg: 'ES256', typ: 'JWT', kid, cty: 'vc' }],
    ])('refuses a header with %s', async (_name, badHeader) => {
      expect(await reasonsOf(await signCompact(badHeader, payload, key.signer))).toEqual([
        {
          code: 'invalid-header',
          message:
            'The credential header is not {"alg":"ES256","typ":"JWT","kid":…} as issued by this system.',
        },
      ]);
    });
  });

  describe('issuer and key: what each refusal says', () => {
    it('an issuer not named', async () => {
      const { iss: _none, ...anonymous } = payload;
      expect(await reasonsOf(await signCompact(header, anonymous, key.signer))).toEqual([
        { code: 'unknown-issuer', message: 'The credential does not name its issuer.' },
      ]);
      expect(
        await reasonsOf(await signCompact(header, { ...payload, iss: 7 }, key.signer)),
      ).toEqual([{ code: 'unknown-issuer', message: 'The credential does not name its issuer.' }]);
    });

    it('an issuer the bundle does not pin', async () => {
      const iss = 'did:web:impostor.example';
      const signed = await signCompact(
        { ...header, kid: `${iss}#key-1` },
        { ...payload, iss },
        key.signer,
      );
      expect(await reasonsOf(signed)).toEqual([
        {
          code: 'unknown-issuer',
          message:
            'The credential was issued by "did:web:impostor.example", which is not an issuer in the trust bundle.',
        },
      ]);
    });

    it('a pinned issuer that is not the expected one', async () => {
      expect(await reasonsOf(credential, { expectedIssuer: 'did:web:school.example' })).toEqual([
        {
          code: 'unknown-issuer',
          message: `The credential was issued by "${issuer.did}", not by the expected issuer "did:web:school.example".`,
        },
      ]);
    });

    it('a key the issuer does not list, or listed under another DID', async () => {
      const message = (k: string) =>
        `The credential was signed with key "${k}", which the trust bundle does not list for its issuer. If the issuer rotated keys recently, get a current trust bundle.`;
      const unlisted = `${issuer.did}#key-9`;
      expect(
        await reasonsOf(await signCompact({ ...header, kid: unlisted }, payload, key.signer)),
      ).toEqual([{ code: 'unknown-key', message: message(unlisted) }]);
      // The key's own fragment, but not under the issuer's DID: never looked up.
      expect(
        await reasonsOf(await signCompact({ ...header, kid: 'key-1' }, payload, key.signer)),
      ).toEqual([{ code: 'unknown-key', message: message('key-1') }]);
    });

    it('a key of the issuer that is not an assertion method', async () => {
      const authOnly = createTestKey('key-auth');
      const document = documentOf(issuer.did, key, authOnly);
      const restricted = bundleOf({ ...document, assertionMethod: [kid] });
      const verdict = await verifyCredential(
        (await issue(authOnly.signer)).credential,
        restricted,
        {
          now,
        },
      );
      expect(verdict.reasons).toEqual([
        {
          code: 'key-not-authorized',
          message: `The key "${issuer.did}#key-auth" belongs to the issuer but is not authorised to sign credentials.`,
        },
      ]);
    });

    it('a key of another kind of document', async () => {
      const letterKey = createTestKey('letter-1');
      const perKind = bundleOf(
        buildDidDocument({
          did: issuer.did,
          keys: [key.published],
          letterKeys: [letterKey.published],
        }),
      );
      const verdict = await verifyCredential((await issue(letterKey.signer)).credential, perKind, {
        now,
      });
      expect(verdict.reasons).toEqual([
        {
          code: 'key-not-authorized',
          message: `The key "${issuer.did}#letter-1" belongs to the issuer but does not sign no-criminal-record certificates: it signs another kind of document.`,
        },
      ]);
    });
  });

  describe('claims and validity', () => {
    it('names the kind it expected and where the claims differ, never their values', async () => {
      const signed = await signCompact(header, { ...payload, nbf: 'soon' }, key.signer);
      expect(await reasonsOf(signed)).toEqual([
        {
          code: 'invalid-claims',
          message:
            'The credential is signed but is not a no-criminal-record certificate in the expected form (nbf: Invalid input: expected number, received string).',
        },
      ]);
    });

    it('refuses a certificate and a letter whose exp is not after nbf', async () => {
      const signed = await signCompact(header, { ...payload, exp: payload.nbf }, key.signer);
      expect(await reasonsOf(signed)).toEqual([
        {
          code: 'invalid-claims',
          message:
            'The credential is signed but is not a no-criminal-record certificate in the expected form (exp: exp must be after nbf).',
        },
      ]);
      const letter = decodePart(await issueTestLetter(key.signer), 1) as { nbf: number };
      const sameInstant = await signCompact(header, { ...letter, exp: letter.nbf }, key.signer);
      expect((await verifyLetter(sameInstant, bundle, { now })).reasons).toEqual([
        {
          code: 'invalid-claims',
          message:
            'The credential is signed but is not an inquiry result letter in the expected form (exp: exp must be after nbf).',
        },
      ]);
    });

    it('reads an unsigned token as malformed, whatever its header says after alg', async () => {
      expect(await reasonsOf(`${encodePart({ alg: 'ES256', typ: 'vc+jwt' })}.${p}.`)).toEqual([
        DAMAGED,
      ]);
    });

    it('takes no time from nbf or exp that are not numbers, even numeric text', async () => {
      const farFuture = String(payload.exp * 10);
      const signed = await signCompact(
        header,
        { ...payload, nbf: farFuture, exp: '1' },
        key.signer,
      );
      const verdict = await verifyCredential(signed, bundle, { now });
      expect(codes(verdict)).toEqual(['invalid-claims']);
    });

    it('refuses a forged signature before it reports claims or time', async () => {
      const forged = `${h}.${encodePart({ ...payload, exp: 1, extra: true })}.${s}`;
      expect(await reasonsOf(forged)).toEqual([
        {
          code: 'bad-signature',
          message:
            'The signature does not match: the credential was altered after it was issued, or it is forged.',
        },
      ]);
    });

    it('with an asynchronous adapter too: the claims count only once the signature holds', async () => {
      const options = { now, signatureVerifier: webCryptoSignatureVerifier };
      const forged = `${h}.${encodePart({ ...payload, exp: 1 })}.${s}`;
      expect(codes(await verifyCredential(forged, bundle, options))).toEqual(['bad-signature']);
      const expired = await verifyCredential(credential, bundle, {
        ...options,
        now: new Date((payload.exp + 60) * 1000),
      });
      expect(codes(expired)).toEqual(['expired']);
      expect((await verifyCredential(credential, bundle, options)).valid).toBe(true);
    });
  });
});

describe('Function: validityReasons', () => {
  const nbf = 1_748_764_800; // 2025-06-01T08:00:00Z
  const exp = nbf + 90 * 86_400;
  const at = (seconds: number) => ({ now: new Date(seconds * 1000) });

  it('is valid from nbf minus the skew to exp plus the skew, exclusive', () => {
    expect(validityReasons(nbf, exp, at(nbf - 60))).toEqual([]);
    expect(validityReasons(nbf, exp, at(exp + 59))).toEqual([]);
    expect(validityReasons(nbf, exp, at(nbf - 61))).toEqual([
      {
        code: 'not-yet-valid',
        message: 'The credential is not valid until 2025-06-01 08:00:00 UTC.',
      },
    ]);
    expect(validityReasons(nbf, exp, at(exp + 60))).toEqual([
      {
        code: 'expired',
        message: 'The credential expired at 2025-08-30 08:00:00 UTC; ask the holder for a new one.',
      },
    ]);
  });

  it('takes the skew it is given, zero included', () => {
    const noSkew = (seconds: number) => ({ ...at(seconds), clockSkewSeconds: 0 });
    expect(validityReasons(nbf, exp, noSkew(nbf))).toEqual([]);
    expect(validityReasons(nbf, exp, noSkew(nbf - 1)).map(({ code }) => code)).toEqual([
      'not-yet-valid',
    ]);
    expect(validityReasons(nbf, exp, noSkew(exp - 1))).toEqual([]);
    expect(validityReasons(nbf, exp, noSkew(exp)).map(({ code }) => code)).toEqual(['expired']);
  });

  it('names both when a window is wrong both ways, and an instant no date can hold as a number', () => {
    expect(validityReasons(1e20, 1, at(nbf))).toEqual([
      {
        code: 'not-yet-valid',
        message: 'The credential is not valid until 100000000000000000000.',
      },
      {
        code: 'expired',
        message: 'The credential expired at 1970-01-01 00:00:01 UTC; ask the holder for a new one.',
      },
    ]);
  });

  it('ignores what is not a number', () => {
    expect(validityReasons(String(exp * 10), '1', at(nbf))).toEqual([]);
    expect(validityReasons(undefined, null, at(nbf))).toEqual([]);
  });

  it('uses the current time when it is given none', () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(validityReasons(nowSeconds - 10, nowSeconds + 3600, {})).toEqual([]);
    expect(
      validityReasons(nowSeconds - 7200, nowSeconds - 3600, {}).map(({ code }) => code),
    ).toEqual(['expired']);
  });
});

describe('Function: claimedJwtVcType', () => {
  const withVc = (vc: unknown) => `${h}.${encodePart({ ...payload, vc })}.${s}`;
  it.each([
    ['a certificate', credential, 'NoCriminalRecordCertificate'],
    [
      'a letter’s type',
      withVc({ type: ['VerifiableCredential', 'InquiryResultLetter'] }),
      'InquiryResultLetter',
    ],
    ['no vc', `${h}.${encodePart({})}.${s}`, undefined],
    ['vc null', withVc(null), undefined],
    ['vc text', withVc('NoCriminalRecordCertificate'), undefined],
    ['type text', withVc({ type: 'InquiryResultLetter' }), undefined],
    ['a second type that is not text', withVc({ type: ['VerifiableCredential', 1] }), undefined],
    ['one type only', withVc({ type: ['InquiryResultLetter'] }), undefined],
    ['a payload that is not JSON', `${h}.***.${s}`, undefined],
    ['one part', 'abc', undefined],
    ['no text', undefined, undefined],
    [
      'text over 16,384 characters',
      withVc({ type: ['VerifiableCredential', 'x'.repeat(16_384)] }),
      undefined,
    ],
  ])('%s', (_name, jwt, type) => {
    expect(claimedJwtVcType(jwt as string)).toBe(type);
  });
});

describe('Function: isBase64url / decodeJson', () => {
  it('accepts the unpadded alphabet at every length bytes encode to', () => {
    expect(['', 'AA', 'AAA', 'AAAA', 'Az09-_'].map(isBase64url)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
    expect(['A', 'AAAAA', 'AA==', 'A+/A', 'AA A'].map(isBase64url)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('reads only a JSON object', () => {
    const decode = (value: string) => decodeJson(base64url.encode(value), nodeSignatureVerifier);
    expect(decode('{"a":1}')).toEqual({ a: 1 });
    expect([decode('[1]'), decode('null'), decode('1'), decode('"x"'), decode('{')]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(decodeJson('A', nodeSignatureVerifier)).toBeUndefined();
  });
});

describe('Function: quote', () => {
  it('quotes untrusted text as JSON, cut to 80 characters', () => {
    expect(quote('did:web:x')).toBe('"did:web:x"');
    expect(quote(undefined)).toBe('undefined');
    expect(quote(7)).toBe('7');
    const exactly = 'x'.repeat(78);
    expect(quote(exactly)).toBe(`"${exactly}"`);
    expect(quote(`${exactly}y`)).toBe(`"${'x'.repeat(76)}…"`);
    expect(quote(`${exactly}y`)).toHaveLength(79);
  });
});

describe('Function: trustedIssuers, through the verifiers', () => {
  function counting(): { verifier: SignatureVerifier; imports: () => number } {
    let imports = 0;
    return {
      imports: () => imports,
      verifier: {
        ...nodeSignatureVerifier,
        async importKey(jwk) {
          imports += 1;
          return nodeSignatureVerifier.importKey(jwk);
        },
      },
    };
  }

  it('imports each key of a bundle once per adapter, however many documents it verifies', async () => {
    const other = createTestKey('key-2');
    const twoKeys = bundleOf(documentOf(issuer.did, key, other));
    const { verifier, imports } = counting();
    for (let i = 0; i < 3; i += 1) {
      expect(
        (await verifyCredential(credential, twoKeys, { now, signatureVerifier: verifier })).valid,
      ).toBe(true);
    }
    expect(imports()).toBe(2);
    // Another bundle object is imported anew.
    const copy = structuredClone(twoKeys);
    await verifyCredential(credential, copy, { now, signatureVerifier: verifier });
    expect(imports()).toBe(4);
  });

  it('does not keep an unusable bundle: once repaired, the same object verifies', async () => {
    const document = documentOf(issuer.did, key);
    const good = document.verificationMethod[0]?.publicKeyJwk;
    const broken = structuredClone(bundleOf(document)) as TrustBundle;
    const method = broken.didDocuments[0]?.verificationMethod[0];
    if (method === undefined || good === undefined) throw new Error('no method');
    method.publicKeyJwk = { ...good, y: base64url.encode(new Uint8Array(32).fill(7)) };
    const { verifier } = counting();
    await expect(
      verifyCredential(credential, broken, { now, signatureVerifier: verifier }),
    ).rejects.toThrow(
      new InvalidTrustBundleError(`invalid trust bundle: ${kid} is not a P-256 public key`),
    );
    const refusal = await verifyCredential(credential, broken, {
      signatureVerifier: verifier,
    }).catch((error: Error) => error);
    expect((refusal as Error).cause).toBeInstanceOf(Error);
    method.publicKeyJwk = good;
    expect(
      (await verifyCredential(credential, broken, { now, signatureVerifier: verifier })).valid,
    ).toBe(true);
  });
});

describe('Function: issuerKey', () => {
  it('without a kind, takes any assertion method of the issuer; with one, only that kind’s', async () => {
    const letterKey = createTestKey('letter-1');
    const perKind = bundleOf(
      buildDidDocument({
        did: issuer.did,
        keys: [key.published],
        letterKeys: [letterKey.published],
      }),
    );
    const issuers = await trustedIssuers(perKind, nodeSignatureVerifier);
    const letterKid = `${issuer.did}#letter-1`;
    expect(issuerKey(issuers, issuer.did, letterKid)).not.toHaveProperty('code');
    expect(issuerKey(issuers, issuer.did, letterKid, undefined, 'letter')).not.toHaveProperty(
      'code',
    );
    expect(issuerKey(issuers, issuer.did, letterKid, undefined, 'certificate')).toHaveProperty(
      'code',
      'key-not-authorized',
    );
    expect(issuerKey(issuers, issuer.did, letterKid, undefined, 'walletCredential')).toHaveProperty(
      'code',
      'key-not-authorized',
    );
  });
});
