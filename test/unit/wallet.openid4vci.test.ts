/**
 * The issuer's side of OpenID4VCI 1.0, pre-authorized code flow (API.md, Wallets): the
 * metadata a wallet resolves, the offer it scans, and the OAuth 2.0 / OpenID4VCI error code
 * each refused request gets — a wallet acts on the code, so the code is the contract.
 */
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CREDENTIAL_CONFIGURATION_ID,
  WalletProtocol,
  WalletProtocolError,
} from '#shared/domain/wallet/openid4vci.ts';
import { qrSvgOf } from '#shared/domain/wallet/qrCode.ts';

const ISSUER = 'https://issuer.example';
const PRE_AUTHORIZED = 'urn:ietf:params:oauth:grant-type:pre-authorized_code';
/** Built afresh for each test: what the constructor decides is then part of what each test reads. */
let protocol: WalletProtocol;
beforeEach(() => {
  protocol = new WalletProtocol(`${ISSUER}/`);
});

/** The refusal a call ends in: its protocol error code and HTTP status; it is described. */
async function refusal(call: () => unknown): Promise<{ error: string; status: number }> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(WalletProtocolError);
    const { error: code, status, description } = error as WalletProtocolError;
    // RFC 6749 §5.2: the error_description says what was wrong, for the wallet's developer.
    expect(description).toMatch(/[a-z]{3}/);
    return { error: code, status };
  }
  throw new Error('expected a refusal');
}

describe('metadata (OpenID4VCI 1.0 §12; RFC 8414)', () => {
  it('the issuer identifier has no trailing slash, and every endpoint hangs off it', () => {
    expect(protocol.credentialIssuer).toBe(ISSUER);
    expect(protocol.authorizationServerMetadata).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/v1/wallet/token`,
      grant_types_supported: [PRE_AUTHORIZED],
      token_endpoint_auth_methods_supported: ['none'],
      'pre-authorized_grant_anonymous_access_supported': true,
    });
    expect(protocol.issuerMetadata).toMatchObject({
      credential_issuer: ISSUER,
      credential_endpoint: `${ISSUER}/v1/wallet/credential`,
      nonce_endpoint: `${ISSUER}/v1/wallet/nonce`,
    });
  });

  it('trims every trailing slash of the identifier', () => {
    expect(new WalletProtocol(`${ISSUER}//`).credentialIssuer).toBe(ISSUER);
  });

  it('a loopback stack may speak plain HTTP (the libraries refuse it unless told)', async () => {
    const local = new WalletProtocol('http://127.0.0.1:3000');
    expect(local.issuerMetadata.credential_endpoint).toBe(
      'http://127.0.0.1:3000/v1/wallet/credential',
    );
    expect(await local.credentialOfferUri('code')).toMatch(/^openid-credential-offer:/);
    // And the issuer of a real deployment is HTTPS again.
    expect(new WalletProtocol(ISSUER).credentialIssuer).toBe(ISSUER);
  });

  it('offers one SD-JWT VC configuration, bound to an ES256 key proven by a jwt proof', () => {
    expect(Object.keys(protocol.issuerMetadata.credential_configurations_supported)).toEqual([
      CREDENTIAL_CONFIGURATION_ID,
    ]);
    expect(
      protocol.issuerMetadata.credential_configurations_supported[CREDENTIAL_CONFIGURATION_ID],
    ).toMatchObject({
      format: 'dc+sd-jwt',
      vct: 'urn:sealed-records:vct:no-criminal-record:1',
      cryptographic_binding_methods_supported: ['jwk'],
      credential_signing_alg_values_supported: ['ES256'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
      credential_metadata: {
        claims: [
          { path: ['statement'] },
          { path: ['name'] },
          { path: ['nationalIdMasked'] },
          { path: ['purpose'] },
          { path: ['checkedAt'] },
        ],
      },
    });
  });

  it('names itself and the credential in Chinese and English', () => {
    expect(protocol.issuerMetadata.display?.map((d) => d.locale)).toEqual(['zh-CN', 'en']);
    expect(protocol.issuerMetadata.display?.every((d) => (d.name ?? '').length > 0)).toBe(true);
  });

  it('resolves as a wallet would: the one authorization server and the configuration', () => {
    const resolved = protocol.resolvedMetadata;
    expect(resolved.authorizationServers).toEqual([protocol.authorizationServerMetadata]);
    expect(Object.keys(resolved.knownCredentialConfigurations)).toEqual([
      CREDENTIAL_CONFIGURATION_ID,
    ]);
  });
});

describe('the credential offer (OpenID4VCI 1.0 §4.1)', () => {
  it('is an openid-credential-offer URI carrying the code for the one configuration', async () => {
    const uri = await protocol.credentialOfferUri('the-code');
    expect(uri.startsWith('openid-credential-offer://?credential_offer=')).toBe(true);
    expect(JSON.parse(new URL(uri).searchParams.get('credential_offer') ?? '')).toEqual({
      credential_issuer: ISSUER,
      credential_configuration_ids: [CREDENTIAL_CONFIGURATION_ID],
      grants: { [PRE_AUTHORIZED]: { 'pre-authorized_code': 'the-code' } },
    });
  });

  it('as a QR code: SVG, error correction M, a quiet zone of four modules', () => {
    // 15 bytes: version 1 holds 14 at level M (17 at L), so level M needs version 2: 25 modules.
    expect(qrSvgOf('abcdefghijklmno')).toMatch(/^<svg viewBox="0 0 33 33" /);
    // Version 1 (21 modules) and the border: 29.
    expect(qrSvgOf('hello')).toMatch(/^<svg viewBox="0 0 29 29" /);
    expect(qrSvgOf('hello')).toContain('<path d="M4 4h1v1H4Z');
  });
});

describe('the token request (OpenID4VCI 1.0 §6; RFC 6749 §5.2)', () => {
  const form = (fields: Record<string, string>) => protocol.preAuthorizedCodeOf(fields, {});

  it('returns the pre-authorized code it presents', () => {
    expect(form({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': 'abc' })).toBe('abc');
  });

  it.each([
    [
      'authorization_code',
      { grant_type: 'authorization_code', code: 'x', redirect_uri: 'https://a' },
    ],
    ['refresh_token', { grant_type: 'refresh_token', refresh_token: 'x' }],
    ['client_credentials', { grant_type: 'client_credentials' }],
  ])('grant %s → unsupported_grant_type', async (_name, fields) => {
    expect(await refusal(() => form(fields))).toEqual({
      error: 'unsupported_grant_type',
      status: 400,
    });
  });

  it('a tx_code nobody asked for → invalid_request', async () => {
    expect(
      await refusal(() =>
        form({ grant_type: PRE_AUTHORIZED, 'pre-authorized_code': 'abc', tx_code: '1234' }),
      ),
    ).toEqual({ error: 'invalid_request', status: 400 });
  });

  it('a refusal by the protocol library passes on the library’s own description', async () => {
    try {
      form({ grant_type: PRE_AUTHORIZED });
    } catch (error) {
      expect((error as WalletProtocolError).description).toContain('pre-authorized_code');
    }
    expect.assertions(1);
  });

  it.each([
    ['no code', { grant_type: PRE_AUTHORIZED }],
    ['no grant type', {}],
  ])('%s → invalid_request', async (_name, fields) => {
    expect(await refusal(() => form(fields))).toEqual({ error: 'invalid_request', status: 400 });
  });

  it.each([
    ['a header value beyond Latin-1 (API Gateway passes it decoded)', { 'x-device': '测试' }],
    ['a header name with a space', { 'x device': 'a' }],
  ])('%s → invalid_request, never an unexpected error', async (_name, headers) => {
    // Whatever the protocol library throws that is not its own refusal still ends as the
    // protocol's invalid_request, with a description: never a 500 for what a client sent.
    const fields = { grant_type: PRE_AUTHORIZED, 'pre-authorized_code': 'abc' };
    expect(await refusal(() => protocol.preAuthorizedCodeOf(fields, headers))).toEqual({
      error: 'invalid_request',
      status: 400,
    });
  });
});

describe('the credential request (OpenID4VCI 1.0 §8)', () => {
  const request = (body: Record<string, unknown>) => () => protocol.proofOf(body);
  const id = { credential_configuration_id: CREDENTIAL_CONFIGURATION_ID };

  it('returns its one jwt proof', () => {
    expect(protocol.proofOf({ ...id, proofs: { jwt: ['a.b.c'] } })).toBe('a.b.c');
  });

  it.each([
    ['another configuration', { credential_configuration_id: 'Other', proofs: { jwt: ['a.b.c'] } }],
    [
      'a format instead of the configuration',
      { format: 'dc+sd-jwt', vct: 'x', proofs: { jwt: ['a.b.c'] } },
    ],
  ])('%s → invalid_credential_request', async (_name, body) => {
    expect(await refusal(request(body))).toEqual({
      error: 'invalid_credential_request',
      status: 400,
    });
  });

  it.each([
    ['no proof', id],
    ['no jwt proof in the list', { ...id, proofs: { jwt: [] } }],
    ['two proofs', { ...id, proofs: { jwt: ['a.b.c', 'd.e.f'] } }],
  ])('%s → invalid_proof', async (_name, body) => {
    expect(await refusal(request(body))).toEqual({ error: 'invalid_proof', status: 400 });
  });
});

describe('the key proof (OpenID4VCI 1.0 §8.2.1.1, Appendix F.1)', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  let privateKey: CryptoKey;
  let jwk: JWK;
  /** Another P-256 key, and a P-384 key: public halves only. */
  let otherJwk: JWK;
  let p384Jwk: JWK;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    jwk = await exportJWK(pair.publicKey);
    otherJwk = await exportJWK((await generateKeyPair('ES256')).publicKey);
    p384Jwk = await exportJWK((await generateKeyPair('ES384')).publicKey);
  });

  const proof = (payload: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
    new SignJWT({ aud: ISSUER, nonce: 'nonce-1', iat: nowSeconds, ...payload })
      .setProtectedHeader({ alg: 'ES256', typ: 'openid4vci-proof+jwt', jwk, ...header })
      .sign(privateKey);

  it('the nonce a proof claims is read before its signature is checked', async () => {
    expect(protocol.claimedNonceOf(await proof())).toBe('nonce-1');
    expect(protocol.claimedNonceOf(await proof({ nonce: 'n'.repeat(100) }))).toBe('n'.repeat(100));
  });

  it.each([
    ['no nonce', { nonce: undefined }],
    ['an empty nonce', { nonce: '' }],
    ['a nonce longer than any the endpoint gives', { nonce: 'n'.repeat(101) }],
    ['a nonce that is not a string', { nonce: 42 }],
    // Both have a length in range: only the type tells them from a nonce.
    ['a nonce that is a list', { nonce: ['nonce-1'] }],
    ['a nonce that is an object with a length', { nonce: { length: 7 } }],
  ])('%s → invalid_nonce', async (_name, payload) => {
    const jwt = await proof(payload);
    expect(await refusal(() => protocol.claimedNonceOf(jwt))).toEqual({
      error: 'invalid_nonce',
      status: 400,
    });
  });

  it('a proof that is no JWT → invalid_nonce', async () => {
    expect(await refusal(() => protocol.claimedNonceOf('not-a-jwt'))).toEqual({
      error: 'invalid_nonce',
      status: 400,
    });
  });

  it('a valid proof yields the holder’s P-256 key, and nothing more', async () => {
    expect(await protocol.verifyKeyProof(await proof(), 'nonce-1', now)).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: jwk.x,
      y: jwk.y,
    });
  });

  it('a header key with more members (alg, use) still yields only the P-256 key', async () => {
    const jwt = await proof({}, { jwk: { ...jwk, alg: 'ES256', use: 'sig' } });
    expect(await protocol.verifyKeyProof(jwt, 'nonce-1', now)).toEqual({
      kty: 'EC',
      crv: 'P-256',
      x: jwk.x,
      y: jwk.y,
    });
  });

  it.each([
    ['issued 60 s ahead of the clock (the skew allowed)', 60],
    ['issued 300 s ago', -300],
  ])('%s: accepted', async (_name, offset) => {
    const jwt = await proof({ iat: nowSeconds + offset });
    await expect(protocol.verifyKeyProof(jwt, 'nonce-1', now)).resolves.toMatchObject({
      kty: 'EC',
    });
  });

  it.each([
    ['issued 61 s ahead', 61],
    ['issued 301 s ago', -301],
  ])('%s → invalid_proof (not fresh)', async (_name, offset) => {
    const jwt = await proof({ iat: nowSeconds + offset });
    expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
  });

  it('another nonce than the one used up → invalid_proof', async () => {
    const jwt = await proof();
    expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-2', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
  });

  it('another audience → invalid_proof', async () => {
    const jwt = await proof({ aud: 'https://other.example' });
    expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
  });

  it('signed by another key than the one in its header → invalid_proof', async () => {
    const other = await exportJWK((await generateKeyPair('ES256')).publicKey);
    const jwt = await proof({}, { jwk: other });
    expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
  });

  it('ES384 → invalid_proof: only ES256 is accepted', async () => {
    const pair = await generateKeyPair('ES384');
    const jwt = await new SignJWT({ aud: ISSUER, nonce: 'nonce-1', iat: nowSeconds })
      .setProtectedHeader({
        alg: 'ES384',
        typ: 'openid4vci-proof+jwt',
        jwk: await exportJWK(pair.publicKey),
      })
      .sign(pair.privateKey);
    expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
  });

  it.each([
    ['P-384', 'ES384'],
    ['Ed25519', 'EdDSA'],
  ] as const)(
    'an ES256 proof whose header carries a %s key → invalid_proof',
    async (_name, alg) => {
      // Signed with a P-256 key, so only the type of the key in its header is wrong.
      const { publicKey } = await generateKeyPair(alg);
      const jwt = await proof({}, { jwk: await exportJWK(publicKey) });
      expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
        error: 'invalid_proof',
        status: 400,
      });
    },
  );

  /** The error_description of the refusal of `jwt`. */
  async function descriptionOfRefusal(jwt: string): Promise<string> {
    try {
      await protocol.verifyKeyProof(jwt, 'nonce-1', now);
    } catch (error) {
      expect(error).toBeInstanceOf(WalletProtocolError);
      return (error as WalletProtocolError).description;
    }
    throw new Error('expected a refusal');
  }

  it.each([
    ['signed by another key than the one in its header', async () => proof({}, { jwk: otherJwk })],
    ['an ES256 header carrying a P-384 key', async () => proof({}, { jwk: p384Jwk })],
    [
      'a key named by kid, which the issuer does not resolve',
      async () => proof({}, { jwk: undefined, kid: 'did:example:1#k' }),
    ],
    [
      'ES384',
      async () => {
        const pair = await generateKeyPair('ES384');
        return new SignJWT({ aud: ISSUER, nonce: 'nonce-1', iat: nowSeconds })
          .setProtectedHeader({
            alg: 'ES384',
            typ: 'openid4vci-proof+jwt',
            jwk: await exportJWK(pair.publicKey),
          })
          .sign(pair.privateKey);
      },
    ],
  ])('%s: refused by the signature check, and the description says so', async (_name, make) => {
    // The wallet's developer learns that the signature did not verify — not a later, vaguer
    // complaint about the key, which would mean the signature check had let the proof pass.
    expect(await descriptionOfRefusal(await make())).toMatch(/verif/i);
  });

  it('an HTTPS issuer takes no plain-HTTP URL in a proof, even after a loopback issuer was built', async () => {
    // The libraries' "allow http" switch is process-wide: each issuer sets it for itself.
    new WalletProtocol('http://127.0.0.1:3000');
    const secure = new WalletProtocol(ISSUER);
    const withHttp = await proof({ aud: [ISSUER, 'http://issuer.example'] });
    expect(await refusal(() => secure.verifyKeyProof(withHttp, 'nonce-1', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
    // The same list with HTTPS only: the scheme alone was refused.
    const withHttps = await proof({ aud: [ISSUER, 'https://other.example'] });
    await expect(secure.verifyKeyProof(withHttps, 'nonce-1', now)).resolves.toMatchObject({
      x: jwk.x,
    });
  });

  describe('a key attestation in the proof header (OpenID4VCI 1.0 Appendix D)', () => {
    // Not asked for and not trusted (no attester is known): a wallet may add one, and then it
    // must at least attest the key that signed the proof — compared by JWK thumbprint
    // (RFC 7638, SHA-256), the one hash the issuer computes for the protocol library.
    const attestation = async (attested: JWK[]) => {
      const attester = await generateKeyPair('ES256');
      // The library checks an attestation's `exp` against the wall clock, not `now`.
      const wallClock = Math.floor(Date.now() / 1000);
      return new SignJWT({ iat: wallClock, exp: wallClock + 600, attested_keys: attested })
        .setProtectedHeader({
          alg: 'ES256',
          typ: 'key-attestation+jwt',
          jwk: await exportJWK(attester.publicKey),
        })
        .sign(attester.privateKey);
    };

    it('one that attests the proof’s key: the proof is accepted', async () => {
      const jwt = await proof({}, { key_attestation: await attestation([otherJwk, jwk]) });
      expect(await protocol.verifyKeyProof(jwt, 'nonce-1', now)).toEqual({
        kty: 'EC',
        crv: 'P-256',
        x: jwk.x,
        y: jwk.y,
      });
    });

    it('one that attests other keys only → invalid_proof, for that reason', async () => {
      const jwt = await proof({}, { key_attestation: await attestation([otherJwk]) });
      expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
        error: 'invalid_proof',
        status: 400,
      });
      expect(await descriptionOfRefusal(jwt)).toMatch(/attested_keys/);
    });
  });

  it.each([
    ['a plain JWT typ', { typ: 'JWT' }],
    ['a key named by kid instead of carried', { jwk: undefined, kid: 'did:example:1#k' }],
  ])('%s → invalid_proof', async (_name, header) => {
    const jwt = await proof({}, header);
    expect(await refusal(() => protocol.verifyKeyProof(jwt, 'nonce-1', now))).toEqual({
      error: 'invalid_proof',
      status: 400,
    });
  });
});

describe('WalletProtocolError', () => {
  it('carries the code, a description and 400 unless told otherwise', () => {
    const error = new WalletProtocolError('invalid_nonce', 'stale');
    expect(error).toMatchObject({
      name: 'WalletProtocolError',
      error: 'invalid_nonce',
      description: 'stale',
      status: 400,
      message: 'invalid_nonce: stale',
    });
    expect(new WalletProtocolError('invalid_token', 'expired', 401).status).toBe(401);
  });
});
