/**
 * The certificate as an SD-JWT VC for wallets (sdJwtVc.ts, API.md Wallets): exactly the header
 * and claims of the form, the four selectively disclosable claims each in a disclosure of its
 * own with a 16-byte salt, four decoys — eight digests for everyone (DESIGN.md invariant 1) —
 * and the input it refuses before anything is signed.
 */
import { createHash } from 'node:crypto';
import { SDJwtVcInstance } from '@sd-jwt/sd-jwt-vc';
import { base64url, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { InvalidCredentialInputError } from '#shared/domain/credential/issueCredential.ts';
import {
  type HolderJwk,
  type IssueSdJwtVcInput,
  issueSdJwtVc,
  sdJwtHasher,
} from '#shared/domain/credential/sdJwtVc.ts';
import { createTestKey, issuer, now } from './credential.fixtures.ts';

const key = createTestKey('wallet-1');
const { publicKey } = await generateKeyPair('ES256', { extractable: true });
const { kty, crv, x, y } = await exportJWK(publicKey);
const holderJwk = { kty, crv, x, y } as HolderJwk;
const nbf = Math.floor(now.getTime() / 1000);

const input = (change: Partial<IssueSdJwtVcInput> = {}): IssueSdJwtVcInput => ({
  issuer,
  signer: key.signer,
  subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
  purpose: 'education',
  holderJwk,
  now,
  validityDays: 90,
  ...change,
});

const decode = (segment: string) =>
  JSON.parse(new TextDecoder().decode(base64url.decode(segment))) as unknown;
const digestOf = (text: string) =>
  base64url.encode(createHash('sha256').update(text, 'utf8').digest());

describe('Function: issueSdJwtVc', () => {
  it('writes exactly the header and issuer-signed claims of the form, and its validity', async () => {
    const issued = await issueSdJwtVc(input());
    expect(issued.notBefore).toEqual(new Date(nbf * 1000));
    expect(issued.expires).toEqual(new Date((nbf + 90 * 86_400) * 1000));
    const [jwt = '', ...rest] = issued.credential.split('~');
    const [header = '', payload = ''] = jwt.split('.');
    expect(decode(header)).toStrictEqual({
      typ: 'dc+sd-jwt',
      alg: 'ES256',
      kid: `${issuer.did}#wallet-1`,
    });
    const claims = decode(payload) as Record<string, unknown> & { _sd: string[] };
    expect({ ...claims, _sd: undefined }).toStrictEqual({
      iss: issuer.did,
      vct: 'urn:sealed-records:vct:no-criminal-record:1',
      nbf,
      exp: nbf + 90 * 86_400,
      cnf: { jwk: holderJwk },
      statement: 'no-criminal-record-on-file',
      _sd: undefined,
      _sd_alg: 'sha-256',
    });
    // Four disclosures and an empty key-binding part: `<jwt>~d1~d2~d3~d4~`.
    expect(rest).toHaveLength(5);
    expect(rest.at(-1)).toBe('');
    const disclosures = rest.slice(0, 4);
    expect(claims._sd).toHaveLength(8);
    expect([...claims._sd].sort()).toEqual(claims._sd);
    expect(disclosures.map((d) => claims._sd.includes(digestOf(d)))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const decoded = disclosures.map((d) => decode(d) as [string, string, unknown]);
    expect(Object.fromEntries(decoded.map(([, name, value]) => [name, value]))).toStrictEqual({
      name: '测试甲',
      nationalIdMasked: '990105********123X',
      purpose: 'education',
      checkedAt: now.toISOString(),
    });
    for (const [salt] of decoded) expect(base64url.decode(salt)).toHaveLength(16);
    expect(new Set(decoded.map(([salt]) => salt)).size).toBe(4);
  });

  it('is signed over the issuer-signed JWT by the issuer key, as a verifier reads it', async () => {
    const { credential } = await issueSdJwtVc(input({ now: new Date() }));
    const verifier = new SDJwtVcInstance({
      hasher: sdJwtHasher,
      verifier: async (data, signature) => {
        const jwk = { ...key.published.publicKeyJwk };
        const cryptoKey = await crypto.subtle.importKey(
          'jwk',
          jwk,
          { name: 'ECDSA', namedCurve: 'P-256' },
          false,
          ['verify'],
        );
        return crypto.subtle.verify(
          { name: 'ECDSA', hash: 'SHA-256' },
          cryptoKey,
          Uint8Array.from(base64url.decode(signature)),
          new TextEncoder().encode(data),
        );
      },
    });
    const { payload } = await verifier.verify(credential);
    expect(payload).toMatchObject({ purpose: 'education', name: '测试甲' });
  });

  it.each([
    ['zero days', 0],
    ['a fraction of days', 1.5],
    ['negative days', -1],
  ])('refuses a validity of %s', async (_name, validityDays) => {
    await expect(issueSdJwtVc(input({ validityDays }))).rejects.toThrow(
      new InvalidCredentialInputError('validityDays must be a positive integer'),
    );
  });

  it('issues for a validity of one day', async () => {
    const issued = await issueSdJwtVc(input({ validityDays: 1 }));
    expect(issued.expires.getTime() - issued.notBefore.getTime()).toBe(86_400_000);
  });

  it('refuses a subject or a holder key not of the form, naming each field, never its value', async () => {
    const rejected = issueSdJwtVc(
      input({
        subject: { name: ' ', nationalIdMasked: '990105199001011234' },
        holderJwk: { ...holderJwk, crv: 'P-384' } as unknown as HolderJwk,
      }),
    );
    await expect(rejected).rejects.toThrow(InvalidCredentialInputError);
    const message = await rejected.catch((error: Error) => error.message);
    expect(message).toMatch(
      /^invalid credential: name: .+; nationalIdMasked: .+; cnf\.jwk: crv: .+$/,
    );
    expect(message).not.toContain('990105199001011234');
  });

  it('refuses a subject alone when it is the only problem', async () => {
    const subject = { name: '测试甲', nationalIdMasked: '990105199001011234' };
    await expect(issueSdJwtVc(input({ subject }))).rejects.toThrow(
      /^invalid credential: nationalIdMasked: [^;]+$/,
    );
  });

  it('refuses a holder key alone when it is the only problem', async () => {
    const { x: _x, ...noX } = holderJwk;
    await expect(issueSdJwtVc(input({ holderJwk: noX as HolderJwk }))).rejects.toThrow(
      /^invalid credential: cnf\.jwk: x: /,
    );
  });
});

describe('Function: sdJwtHasher', () => {
  it('hashes text and bytes with SHA-256, under the name in either case', async () => {
    const expected = createHash('sha256').update('abc').digest();
    expect(Buffer.from(await sdJwtHasher('abc', 'sha-256'))).toEqual(expected);
    expect(Buffer.from(await sdJwtHasher('abc', 'SHA-256'))).toEqual(expected);
    const bytes = new TextEncoder().encode('abc');
    expect(Buffer.from(await sdJwtHasher(bytes.buffer as ArrayBuffer, 'sha-256'))).toEqual(
      expected,
    );
  });

  it('refuses any other algorithm', async () => {
    await expect(sdJwtHasher('abc', 'sha-512')).rejects.toThrow(
      new InvalidCredentialInputError('unsupported sha-512'),
    );
  });
});
