/**
 * Wallets over real HTTP (API.md, Wallets): a wallet written on the client side of
 * `@openid4vc/openid4vci` runs the OpenID4VCI pre-authorized code flow against the local
 * stack; `@sd-jwt/sd-jwt-vc` verifies what it receives. Replayed codes, tokens, nonces and
 * proofs are refused; a conviction blocks the offer and, arriving later, the credential; and
 * sealed-only, related-only and no-record people get credentials of one structure and size.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import {
  DECOY_DIGESTS,
  NO_CRIMINAL_RECORD_VCT,
  SELECTIVELY_DISCLOSABLE_CLAIMS,
  sdJwtHasher,
} from '#shared/domain/credential/sdJwtVc.ts';
import { verifyPresentation } from '#shared/domain/credential/verifyPresentation.ts';
import { grantKeyOf, newGrantSecret, sealGrantState } from '#shared/domain/wallet/grants.ts';
import { judgment, type Person, relatedRecord, syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { createTestWallet } from '../support/wallet.ts';

let stack: TestStack;
let bundle: TrustBundle;

async function offerFor(person: Person, body: Record<string, unknown> = { purpose: 'employment' }) {
  const citizen = await stack.token('citizen', {
    person,
    sub: `citizen-${person.nationalId.slice(-6)}`,
  });
  return stack.post('/v1/certificates/offers', citizen, body);
}

async function offerUriFor(person: Person): Promise<string> {
  const offer = await offerFor(person);
  expect(offer.status, offer.text).toBe(201);
  return String(offer.json.credentialOfferUri);
}

function preAuthorizedCodeOf(credentialOfferUri: string): string {
  const offer = JSON.parse(
    new URL(credentialOfferUri).searchParams.get('credential_offer') ?? '{}',
  ) as { grants: Record<string, { 'pre-authorized_code': string }> };
  return Object.values(offer.grants)[0]?.['pre-authorized_code'] ?? '';
}

const tokenRequest = (code: string) =>
  stack.request('POST', '/v1/wallet/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    rawBody: new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
      'pre-authorized_code': code,
    }).toString(),
  });

const nonceRequest = async () => {
  const response = await stack.request('POST', '/v1/wallet/nonce');
  expect(response.status, response.text).toBe(200);
  return String(response.json.c_nonce);
};

const credentialRequest = (accessToken: string, jwt: string) =>
  stack.request('POST', '/v1/wallet/credential', {
    token: accessToken,
    body: {
      credential_configuration_id: 'NoCriminalRecordCertificate_dc+sd-jwt',
      proofs: { jwt: [jwt] },
    },
  });

/** `@sd-jwt/sd-jwt-vc` verifying with the issuer key the trust bundle publishes. */
async function verifierOf(trust: TrustBundle) {
  // The wallet credential's own key (DESIGN.md invariant 10), not the certificate's.
  const [document] = trust.didDocuments;
  const method = document?.verificationMethod.find(
    ({ id }) => id === document.walletCredentialMethod?.[0],
  );
  if (!method) throw new Error('no key in the trust bundle');
  const issuerKey = await importJWK(method.publicKeyJwk as JWK, 'ES256');
  const check = async (key: CryptoKey, data: string, signature: string) =>
    crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      key,
      Uint8Array.from(base64url.decode(signature)),
      new TextEncoder().encode(data),
    );
  return new SDJwtVcInstance({
    hasher: sdJwtHasher,
    verifier: (data, signature) => check(issuerKey as CryptoKey, data, signature),
    kbVerifier: async (data, signature, payload) =>
      check((await importJWK(payload.cnf?.jwk as JWK, 'ES256')) as CryptoKey, data, signature),
  });
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
});
afterAll(async () => stack?.close());

describe('metadata', () => {
  it('publishes issuer metadata with the dc+sd-jwt configuration and the endpoints', async () => {
    const response = await stack.request('GET', '/.well-known/openid-credential-issuer');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      credential_issuer: stack.url,
      credential_endpoint: `${stack.url}/v1/wallet/credential`,
      nonce_endpoint: `${stack.url}/v1/wallet/nonce`,
      credential_configurations_supported: {
        'NoCriminalRecordCertificate_dc+sd-jwt': {
          format: 'dc+sd-jwt',
          vct: NO_CRIMINAL_RECORD_VCT,
          proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
        },
      },
    });
    const as = await stack.request('GET', '/.well-known/oauth-authorization-server');
    expect(as.json).toMatchObject({
      issuer: stack.url,
      token_endpoint: `${stack.url}/v1/wallet/token`,
      grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    });
  });
});

describe('POST /v1/certificates/offers', () => {
  it('answers 201 with an offer URI, its QR code and an expiry within 10 minutes', async () => {
    const before = Date.now();
    const response = await offerFor(syntheticPerson());
    expect(response.status, response.text).toBe(201);
    expect(Object.keys(response.json).sort()).toEqual(['credentialOfferUri', 'expiresAt', 'qrSvg']);
    expect(String(response.json.credentialOfferUri)).toMatch(
      /^openid-credential-offer:\/\/\?credential_offer=/,
    );
    expect(String(response.json.qrSvg)).toMatch(/^<svg [^>]*viewBox/);
    const expiresAt = Date.parse(String(response.json.expiresAt));
    expect(expiresAt).toBeGreaterThan(before);
    expect(expiresAt).toBeLessThanOrEqual(before + 10 * 60_000 + 1_000);
  });

  it('refuses 409 record-on-file when an unsealed conviction is on file, as certificates do', async () => {
    const person = syntheticPerson('1990-01-01');
    await submitRecord(
      stack,
      await stack.token('court'),
      judgment({ person, offenceDate: '2020-01-01' }),
      {
        sealed: false,
      },
    );
    const response = await offerFor(person);
    expect(response.status).toBe(409);
    expect(response.json.code).toBe('record-on-file');
    expect(response.text).not.toContain('credential_offer');
  });

  it('refuses a holder DID: the wallet binds its key by its proof', async () => {
    const response = await offerFor(syntheticPerson(), {
      purpose: 'employment',
      holderDid: 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169',
    });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path: 'holderDid' })]);
  });

  it('stores offers, tokens and nonces only as hashes, their state sealed', async () => {
    const person = syntheticPerson();
    const uri = await offerUriFor(person);
    const code = preAuthorizedCodeOf(uri);
    const token = await tokenRequest(code);
    const nonce = await nonceRequest();
    const stored = JSON.stringify(await stack.scan('WalletGrants'));
    for (const secret of [code, String(token.json.access_token), nonce]) {
      expect(secret.length).toBeGreaterThan(40);
      expect(stored).not.toContain(secret);
    }
    expect(stored).not.toContain(person.name);
    expect(stored).not.toContain(person.nationalId.slice(-4));
    expect(stored).toContain(grantKeyOf('nonce', nonce));
  });
});

describe('the pre-authorized code flow, driven by an independent OpenID4VCI client', () => {
  it('issues an SD-JWT VC that @sd-jwt/sd-jwt-vc verifies, bound to the wallet key', async () => {
    const person = syntheticPerson();
    const wallet = await createTestWallet();
    const { credential } = await wallet.receive(await offerUriFor(person));
    const verifier = await verifierOf(bundle);
    const { payload, header } = await verifier.verify(credential);
    expect(header).toEqual({
      typ: 'dc+sd-jwt',
      alg: 'ES256',
      kid: `${bundle.didDocuments[0]?.id}#wallet-1`,
    });
    expect(payload).toMatchObject({
      iss: bundle.didDocuments[0]?.id,
      vct: NO_CRIMINAL_RECORD_VCT,
      statement: 'no-criminal-record-on-file',
      name: person.name,
      nationalIdMasked: `${person.nationalId.slice(0, 6)}********${person.nationalId.slice(-4)}`,
      purpose: 'employment',
      cnf: { jwk: { kty: 'EC', crv: 'P-256', x: wallet.publicJwk.x, y: wallet.publicJwk.y } },
    });
    expect(Number(payload.exp) - Number(payload.nbf)).toBe(90 * 86_400);

    const presentation = await wallet.present(credential, ['purpose'], {
      audience: 'https://school.example',
      nonce: 'verifier-nonce-1',
    });
    const presented = await verifier.verify(presentation, {
      keyBindingNonce: 'verifier-nonce-1',
    });
    expect(presented.kb?.payload).toMatchObject({ aud: 'https://school.example' });
    expect(presented.payload.purpose).toBe('employment');
    expect(presented.payload.name).toBeUndefined();
  });

  it('audits the offer, the token and the issue as the citizen who asked', async () => {
    const person = syntheticPerson();
    const sub = `citizen-${person.nationalId.slice(-6)}`;
    const wallet = await createTestWallet();
    await wallet.receive(await offerUriFor(person));
    const events = (await stack.auditEvents()).filter(
      (entry) => (entry.actor as { sub?: string } | undefined)?.sub === sub,
    );
    expect(events.map((event) => event.action).sort()).toEqual([
      'certificate.issue',
      'certificate.offer',
      'certificate.offer-redeem',
    ]);
    expect(new Set(events.map((event) => event.target)).size).toBe(1);
    expect(JSON.stringify(events)).not.toContain(person.name);
    const issued = (await stack.scan('CertificateIssuanceLog')).filter(
      (entry) => entry.certificateId === events[0]?.target,
    );
    expect(issued).toHaveLength(1);
  });
});

describe('replays and bad proofs are refused', () => {
  it('a pre-authorized code works once', async () => {
    const code = preAuthorizedCodeOf(await offerUriFor(syntheticPerson()));
    expect((await tokenRequest(code)).status).toBe(200);
    const again = await tokenRequest(code);
    expect(again.status).toBe(400);
    expect(again.json).toMatchObject({ error: 'invalid_grant', status: 400 });
    expect(again.headers.get('content-type')).toBe('application/problem+json');
  });

  it('an unknown or expired pre-authorized code gets nothing', async () => {
    expect((await tokenRequest(newGrantSecret())).json.error).toBe('invalid_grant');
    const code = newGrantSecret();
    const { DynamoDbWalletGrants } = await import('#shared/adapters/dynamodb/walletGrants.ts');
    const { createDocumentClient, createDynamoDbClient } = await import(
      '#shared/adapters/dynamodb/client.ts'
    );
    const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: stack.dynamoDbEndpoint });
    await new DynamoDbWalletGrants(createDocumentClient(client), 'WalletGrants').put({
      grantKey: grantKeyOf('offer', code),
      // Expired a second ago; DynamoDB's TTL has not removed it yet.
      expiresAt: Math.floor(Date.now() / 1000) - 1,
      sealed: sealGrantState('offer', code, {}),
    });
    client.destroy();
    expect((await tokenRequest(code)).json.error).toBe('invalid_grant');
  });

  it('an access token gets one credential', async () => {
    const wallet = await createTestWallet();
    const received = await wallet.receive(await offerUriFor(syntheticPerson()));
    const proof = await wallet.proof(received.issuerMetadata, await nonceRequest());
    const again = await credentialRequest(received.accessToken, proof);
    expect(again.status).toBe(401);
    expect(again.json.error).toBe('invalid_token');
    expect(again.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
  });

  it('a nonce, and so a proof, works once', async () => {
    const wallet = await createTestWallet();
    const received = await wallet.receive(await offerUriFor(syntheticPerson()));
    const token = await tokenRequest(preAuthorizedCodeOf(await offerUriFor(syntheticPerson())));
    // The same proof (and its nonce) with a fresh token:
    const replayed = await credentialRequest(String(token.json.access_token), received.proofJwt);
    expect(replayed.status).toBe(400);
    expect(replayed.json.error).toBe('invalid_nonce');
    // The token is still good for a proof with a fresh nonce.
    const fresh = await wallet.proof(received.issuerMetadata, await nonceRequest());
    expect((await credentialRequest(String(token.json.access_token), fresh)).status).toBe(200);
  });

  it('a proof with an old iat, a nonce not from the nonce endpoint, or another audience is refused', async () => {
    const wallet = await createTestWallet();
    const { issuerMetadata } = await wallet.receive(await offerUriFor(syntheticPerson()));
    const token = String(
      (await tokenRequest(preAuthorizedCodeOf(await offerUriFor(syntheticPerson())))).json
        .access_token,
    );
    const stale = await wallet.proof(issuerMetadata, await nonceRequest(), {
      issuedAt: new Date(Date.now() - 10 * 60_000),
    });
    expect((await credentialRequest(token, stale)).json.error).toBe('invalid_proof');
    const invented = await wallet.proof(issuerMetadata, newGrantSecret());
    expect((await credentialRequest(token, invented)).json.error).toBe('invalid_nonce');
    const elsewhere = await wallet.proof(
      {
        ...issuerMetadata,
        credentialIssuer: {
          ...issuerMetadata.credentialIssuer,
          credential_issuer: 'https://other.example',
        },
      },
      await nonceRequest(),
    );
    expect((await credentialRequest(token, elsewhere)).json.error).toBe('invalid_proof');
    // A proof signed by another key than its header names:
    const [header, payload] = (await wallet.proof(issuerMetadata, await nonceRequest())).split('.');
    const forged = `${header}.${payload}.${base64url.encode(new Uint8Array(64).fill(7))}`;
    expect((await credentialRequest(token, forged)).json.error).toBe('invalid_proof');
    // None of these used the token up.
    const good = await wallet.proof(issuerMetadata, await nonceRequest());
    expect((await credentialRequest(token, good)).status).toBe(200);
  });

  it('a conviction that arrives after the offer blocks the credential', async () => {
    const person = syntheticPerson('1990-01-01');
    const token = String(
      (await tokenRequest(preAuthorizedCodeOf(await offerUriFor(person)))).json.access_token,
    );
    await submitRecord(
      stack,
      await stack.token('court'),
      judgment({ person, offenceDate: '2020-03-01' }),
      { sealed: false },
    );
    const wallet = await createTestWallet();
    const { issuerMetadata } = await wallet.receive(await offerUriFor(syntheticPerson()));
    const refused = await credentialRequest(
      token,
      await wallet.proof(issuerMetadata, await nonceRequest()),
    );
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('record-on-file');
    expect(refused.text).not.toContain('~');
  });
});

describe('uniformity: sealed-only, related-only and no record (DESIGN.md invariant 1)', () => {
  it('gives credentials with the same disclosures, digests, header, claims and size class', async () => {
    const court = await stack.token('court');
    const none = syntheticPerson('2004-06-15');
    const sealed = syntheticPerson('2004-06-15');
    const related = syntheticPerson('2004-06-15');
    await submitRecord(
      stack,
      court,
      judgment({ person: sealed, offenceDate: '2020-05-01', months: 36, suspended: true }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      await stack.token('procuratorate'),
      relatedRecord(related, 'non-prosecution', '2021-01-01'),
      { sealed: true },
    );
    await stack.drainSealingQueue();

    const shapes = [];
    for (const person of [none, sealed, related]) {
      const offer = await offerFor(person);
      expect(offer.status, offer.text).toBe(201);
      const wallet = await createTestWallet();
      const { credential } = await wallet.receive(String(offer.json.credentialOfferUri));
      const [jwt = '', ...rest] = credential.split('~');
      const disclosures = rest.filter((part) => part !== '');
      const { header, payload } = decodeJwt(jwt);
      shapes.push({
        offerKeys: Object.keys(offer.json).sort(),
        offerUriLength: String(offer.json.credentialOfferUri).length,
        headerKeys: Object.keys(header).sort(),
        payloadKeys: Object.keys(payload).sort(),
        digests: (payload._sd as string[]).length,
        disclosures: disclosures.length,
        disclosedClaims: disclosures
          .map((d) => JSON.parse(Buffer.from(d, 'base64url').toString('utf8'))[1])
          .sort(),
        lifetime: Number(payload.exp) - Number(payload.nbf),
        // Equal-length names and the same purpose: the lengths must then be equal.
        jwtLength: jwt.length,
        disclosuresLength: disclosures.join('~').length,
      });
    }
    expect(shapes[0]).toMatchObject({
      digests: SELECTIVELY_DISCLOSABLE_CLAIMS.length + DECOY_DIGESTS,
      disclosures: SELECTIVELY_DISCLOSABLE_CLAIMS.length,
      disclosedClaims: [...SELECTIVELY_DISCLOSABLE_CLAIMS].sort(),
    });
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
  });
});

describe('presentations verified offline (the verifier library and npm run verify)', () => {
  const audience = 'https://school.example';
  const nonce = 'verifier-nonce-7';
  let person: Person;
  let wallet: Awaited<ReturnType<typeof createTestWallet>>;
  let credential: string;

  beforeAll(async () => {
    person = syntheticPerson();
    wallet = await createTestWallet();
    ({ credential } = await wallet.receive(await offerUriFor(person)));
  });

  it('accepts a fresh presentation for this nonce and audience, showing exactly the disclosed claims', async () => {
    const presentation = await wallet.present(credential, ['name', 'purpose'], { audience, nonce });
    const verdict = await verifyPresentation(presentation, bundle, { nonce, audience });
    expect(verdict).toMatchObject({ valid: true, reasons: [] });
    if (verdict.valid) {
      expect(verdict.presentation.disclosed).toEqual({ name: person.name, purpose: 'employment' });
      expect(verdict.presentation.statement).toBe('no-criminal-record-on-file');
    }
    const nothing = await wallet.present(credential, [], { audience, nonce });
    const bare = await verifyPresentation(nothing, bundle, { nonce, audience });
    expect(bare.valid && bare.presentation.disclosed).toEqual({});
  });

  it('refuses another nonce, another audience, an old key binding, and no key binding', async () => {
    const presentation = await wallet.present(credential, ['purpose'], { audience, nonce });
    const codes = async (value: string, options = { nonce, audience }) =>
      (await verifyPresentation(value, bundle, options)).reasons.map((r) => r.code);
    expect(await codes(presentation, { nonce: 'other', audience })).toEqual(['wrong-nonce']);
    expect(await codes(presentation, { nonce, audience: 'https://else.example' })).toEqual([
      'wrong-audience',
    ]);
    const old = await wallet.present(credential, ['purpose'], {
      audience,
      nonce,
      issuedAt: new Date(Date.now() - 3_600_000),
    });
    expect(await codes(old)).toEqual(['stale-presentation']);
    const withoutBinding = presentation.slice(0, presentation.lastIndexOf('~') + 1);
    expect(await codes(withoutBinding)).toEqual(['invalid-key-binding']);
  });

  it('refuses a presentation bound by another wallet, or with a disclosure added after binding', async () => {
    const thief = await createTestWallet();
    const stolen = await thief.present(credential, ['purpose'], { audience, nonce });
    expect((await verifyPresentation(stolen, bundle, { nonce, audience })).reasons).toEqual([
      expect.objectContaining({ code: 'invalid-key-binding' }),
    ]);
    const bound = await wallet.present(credential, ['purpose'], { audience, nonce });
    const allDisclosures = credential.split('~').slice(1, -1);
    const [jwt, ...rest] = bound.split('~');
    const kb = rest.pop();
    const widened = [jwt, ...allDisclosures, kb].join('~');
    expect((await verifyPresentation(widened, bundle, { nonce, audience })).reasons).toEqual([
      expect.objectContaining({ code: 'invalid-key-binding' }),
    ]);
    const forged = `${Buffer.from(JSON.stringify(['salt', 'name', 'someone else'])).toString('base64url')}`;
    const injected = [jwt, ...rest, forged, kb].join('~');
    const verdict = await verifyPresentation(injected, bundle, { nonce, audience });
    expect(verdict.reasons.map((r) => r.code)).toContain('invalid-disclosure');
  });

  it('npm run verify checks a presentation with --nonce and --audience', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wallet-verify-'));
    const bundlePath = join(dir, 'bundle.json');
    writeFileSync(bundlePath, JSON.stringify(bundle));
    const presentation = await wallet.present(credential, ['purpose'], { audience, nonce });
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['scripts/verify.ts', ...args],
          { cwd: join(import.meta.dirname, '../..'), env: { ...process.env, DATA_DIR: dir } },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
        );
      });
    const valid = await run([
      presentation,
      '--trust',
      bundlePath,
      '--nonce',
      nonce,
      '--audience',
      audience,
    ]);
    expect(valid.code, valid.stderr).toBe(0);
    expect(valid.stdout).toMatch(/^VALID/);
    expect(valid.stdout).toContain('employment');
    expect(valid.stdout).not.toContain(person.name);
    const replayed = await run([
      presentation,
      '--trust',
      bundlePath,
      '--nonce',
      'x',
      '--audience',
      audience,
    ]);
    expect(replayed.code).toBe(1);
    expect(replayed.stdout).toContain('[wrong-nonce]');
    const usage = await run([presentation, '--trust', bundlePath]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--nonce and --audience');
  }, 90_000);
});
