import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  CREDENTIAL_TYPE,
  credentialPayloadSchema,
  noCriminalRecordContext,
  purposes,
} from '#shared/domain/credential/claims.ts';
import {
  InvalidCredentialInputError,
  isValidHolderDid,
} from '#shared/domain/credential/issueCredential.ts';
import {
  base58btc,
  certificateId,
  createTestKey,
  decodePart,
  issue,
  issuer,
  now,
  validityDays,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const holderDid = 'did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169';

describe('Function: issueCredential', () => {
  it('produces exactly the header of API.md', async () => {
    const { credential } = await issue(key.signer);
    expect(decodePart(credential, 0)).toStrictEqual({
      alg: 'ES256',
      typ: 'JWT',
      kid: 'did:web:127.0.0.1%3A3000#key-1',
    });
    expect(Object.keys(decodePart(credential, 0))).toEqual(['alg', 'typ', 'kid']);
  });

  it('produces exactly the claims of API.md, without sub when no holder DID is given', async () => {
    const { credential } = await issue(key.signer);
    const payload = decodePart(credential, 1);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iss', 'jti', 'nbf', 'vc']);
    const nbf = Math.floor(now.getTime() / 1000);
    expect(payload).toStrictEqual({
      iss: issuer.did,
      nbf,
      exp: nbf + validityDays * 86_400,
      jti: certificateId,
      vc: {
        '@context': [
          'https://www.w3.org/2018/credentials/v1',
          'http://127.0.0.1:3000/contexts/no-criminal-record/v1',
        ],
        type: ['VerifiableCredential', 'NoCriminalRecordCertificate'],
        credentialSubject: {
          name: '测试甲',
          nationalIdMasked: '990105********123X',
          statement: 'no-criminal-record-on-file',
          purpose: 'employment',
          checkedAt: '2025-06-01T08:00:00.000Z',
        },
      },
    });
    expect(Object.keys(payload.vc as object).sort()).toEqual([
      '@context',
      'credentialSubject',
      'type',
    ]);
  });

  it('adds sub, and only sub, for a holder DID', async () => {
    const { credential } = await issue(key.signer, { holderDid });
    const payload = decodePart(credential, 1);
    expect(Object.keys(payload).sort()).toEqual(['exp', 'iss', 'jti', 'nbf', 'sub', 'vc']);
    expect(payload.sub).toBe(holderDid);
  });

  it('returns the validity window and floors sub-second times for nbf', async () => {
    const at = new Date('2025-06-01T08:00:00.999Z');
    const issued = await issue(key.signer, { now: at, validityDays: 30 });
    expect(issued.certificateId).toBe(certificateId);
    expect(issued.notBefore).toEqual(new Date('2025-06-01T08:00:00.000Z'));
    expect(issued.expires).toEqual(new Date('2025-07-01T08:00:00.000Z'));
    const { vc } = credentialPayloadSchema.parse(decodePart(issued.credential, 1));
    expect(vc.credentialSubject.checkedAt).toBe('2025-06-01T08:00:00.999Z');
  });

  it('signs SHA-256 of the signing input with the signer key (verifiable by OpenSSL)', async () => {
    const { credential } = await issue(key.signer);
    const [header, payload, signature] = credential.split('.') as [string, string, string];
    const publicKey = createPublicKey(key.privateKeyPem);
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        base64url.decode(signature),
      ),
    ).toBe(true);
  });

  it('has the same form for every subject: only request-dependent values differ', async () => {
    const a = await issue(key.signer, {
      subject: { name: '测试乙', nationalIdMasked: '990301********0012' },
    });
    const b = await issue(key.signer, {
      subject: { name: '测试丙', nationalIdMasked: '990101********5678' },
    });
    expect(decodePart(a.credential, 0)).toStrictEqual(decodePart(b.credential, 0));
    const shape = (jwt: string) =>
      JSON.stringify(decodePart(jwt, 1), (_, v) => (typeof v === 'string' ? '' : v));
    expect(shape(a.credential)).toBe(shape(b.credential));
  });

  it.each([
    ['a bad masked ID', { subject: { name: '测试甲', nationalIdMasked: '990105199001011234' } }],
    ['an empty name', { subject: { name: ' ', nationalIdMasked: '990105********1234' } }],
    ['an unknown purpose', { purpose: 'dating' as never }],
    ['a holder DID that is not a did:key', { holderDid: 'did:web:example.com' }],
    ['a certificate ID that is not urn:uuid v4', { certificateId: 'urn:uuid:not-a-uuid' }],
    ['zero validity days', { validityDays: 0 }],
  ])('refuses %s without calling the signer', async (_label, overrides) => {
    let calls = 0;
    const signer = {
      keyId: 'key-1',
      sign: async () => {
        calls++;
        return new Uint8Array();
      },
    };
    await expect(issue(signer, overrides)).rejects.toThrow(InvalidCredentialInputError);
    expect(calls).toBe(0);
  });

  it('does not echo personal data in its validation errors', async () => {
    const error = (await issue(key.signer, {
      subject: { name: '测试甲', nationalIdMasked: '990105199001011234' },
    }).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('nationalIdMasked');
    expect(error.message).not.toContain('990105199001011234');
    expect(error.message).not.toContain('测试甲');
  });
});

function didKey(prefix: number[], raw: Uint8Array): string {
  return `did:key:z${base58btc(Uint8Array.from([...prefix, ...raw]))}`;
}

function compressedPoint(curve: string): Uint8Array {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const point = spki.subarray(spki.length - 65);
  return Uint8Array.from([0x02 + ((point[64] ?? 0) & 1), ...point.subarray(1, 33)]);
}

function ed25519Key(): Uint8Array {
  const { publicKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return Uint8Array.from(spki.subarray(spki.length - 32));
}

describe('Function: isValidHolderDid', () => {
  it.each([
    ['P-256 (did:key spec vector)', holderDid],
    ['Ed25519 (did:key spec vector)', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'],
    [
      'secp256k1 (did:key spec vector)',
      'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme',
    ],
    ['a fresh P-256 key', didKey([0x80, 0x24], compressedPoint('P-256'))],
    ['a fresh secp256k1 key', didKey([0xe7, 0x01], compressedPoint('secp256k1'))],
    ['a fresh Ed25519 key', didKey([0xed, 0x01], ed25519Key())],
  ])('accepts %s', (_label, did) => {
    expect(isValidHolderDid(did)).toBe(true);
  });

  const p256 = compressedPoint('P-256');
  it.each([
    ['another DID method', 'did:web:example.com'],
    ['a non-base58btc multibase', 'did:key:fed01aabbcc'],
    ['a fragment', `${holderDid}#key-1`],
    ['whitespace', ` ${holderDid}`],
    ['characters outside base58', holderDid.replace('D', '0')],
    ['an unknown multicodec (X25519)', didKey([0xec, 0x01], ed25519Key())],
    ['a P-256 key one byte short', didKey([0x80, 0x24], p256.subarray(0, 32))],
    ['a P-256 key one byte long', didKey([0x80, 0x24], Uint8Array.from([...p256, 0]))],
    [
      'an uncompressed P-256 key',
      didKey([0x80, 0x24], Uint8Array.from([0x04, ...new Uint8Array(64).fill(7)])),
    ],
    ['a bad SEC1 prefix', didKey([0x80, 0x24], Uint8Array.from([0x05, ...p256.subarray(1)]))],
    ['an Ed25519 key with the P-256 codec length', didKey([0xed, 0x01], p256)],
    ['an empty string', ''],
    ['just the method', 'did:key:z'],
    ['a P-256 key under a codec of another second byte', didKey([0x80, 0x25], p256)],
    ['an Ed25519 key under a codec of another second byte', didKey([0xed, 0x02], ed25519Key())],
    ['a secp256k1 key under a codec of another first byte', didKey([0xe6, 0x01], p256)],
  ])('rejects %s', (_label, did) => {
    expect(isValidHolderDid(did)).toBe(false);
  });
});

describe('Function: noCriminalRecordContext', () => {
  it('defines every credentialSubject term and the type under the issuer base URL', () => {
    const context = noCriminalRecordContext('http://127.0.0.1:3000/')['@context'];
    expect(context[CREDENTIAL_TYPE]).toBe(
      'http://127.0.0.1:3000/contexts/no-criminal-record/v1#NoCriminalRecordCertificate',
    );
    for (const term of ['name', 'nationalIdMasked', 'statement', 'purpose', 'checkedAt']) {
      expect(context).toHaveProperty(term);
    }
    expect(purposes).toEqual([
      'employment',
      'education',
      'military-service',
      'licensing',
      'travel',
      'other',
    ]);
  });
});
