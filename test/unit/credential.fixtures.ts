/** Shared fixtures for the credential tests: keys, issuance, trust bundles, hand-made JWS. */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url } from 'jose';
import { afterAll } from 'vitest';
import { LocalFileSigner } from '#shared/adapters/local/localSigner.ts';
import { derToJose } from '#shared/domain/credential/der.ts';
import {
  buildDidDocument,
  buildTrustBundle,
  type DidDocument,
} from '#shared/domain/credential/didDocument.ts';
import {
  type IssueCredentialInput,
  issueCredential,
} from '#shared/domain/credential/issueCredential.ts';
import {
  type IssueLetterInput,
  issueLetter,
  type LetterConviction,
} from '#shared/domain/credential/letter.ts';
import type { PublishedKey, Signer } from '#shared/ports/signer.ts';

export const issuer = { did: 'did:web:127.0.0.1%3A3000', baseUrl: 'http://127.0.0.1:3000' };
export const otherIssuer = { did: 'did:web:impostor.example', baseUrl: 'https://impostor.example' };
export const now = new Date('2025-06-01T08:00:00.000Z');
export const validityDays = 90;
export const certificateId = 'urn:uuid:3f1c2b6e-8d4a-4c1e-9b7f-2a5d6e8f9a0b';

export type TestKey = { signer: LocalFileSigner; published: PublishedKey; privateKeyPem: string };

export function createTestKey(keyId: string, status: PublishedKey['status'] = 'active'): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const { x, y } = publicKey.export({ format: 'jwk' });
  return {
    signer: new LocalFileSigner(keyId, privateKeyPem),
    published: { keyId, status, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: x ?? '', y: y ?? '' } },
    privateKeyPem,
  };
}

export function bundleOf(...documents: DidDocument[]) {
  return buildTrustBundle(documents);
}

export function documentOf(did: string, ...keys: TestKey[]): DidDocument {
  return buildDidDocument({ did, keys: keys.map(({ published }) => published) });
}

export async function issue(signer: Signer, overrides: Partial<IssueCredentialInput> = {}) {
  return issueCredential({
    issuer,
    signer,
    subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
    purpose: 'employment',
    now,
    validityDays,
    certificateId,
    ...overrides,
  });
}

export const letterId = 'urn:uuid:7d2e4f10-3b5c-4a6d-8e9f-0a1b2c3d4e5f';
export const inquiryId = '5b0e2c1d-9f8a-4b7c-a6d5-e4f3a2b1c0d9';
export const convictions: LetterConviction[] = [
  {
    offences: ['盗窃', '诈骗'],
    penalty: 'fixed-term-imprisonment',
    months: 30,
    effectiveDate: '2019-11-20',
  },
  { offences: ['危险驾驶'], penalty: 'criminal-detention', months: 3, effectiveDate: '2024-05-06' },
  { offences: ['寻衅滋事'], penalty: 'exempted', effectiveDate: '2024-09-30' },
];

/** An inquiry result letter, issued by the same code the letter function runs. */
export async function issueTestLetter(
  signer: Signer,
  overrides: Partial<IssueLetterInput> = {},
): Promise<string> {
  const { letter } = await issueLetter({
    issuer,
    signer,
    subject: { name: '测试甲', nationalIdMasked: '990105********123X' },
    inquiryId,
    recipient: { role: 'unit', org: 'kindergarten-1' },
    legalBasis: 'teachers-law-14',
    purpose: 'Recruitment of a kindergarten teacher',
    convictions: [],
    now,
    validityDays: 30,
    letterId,
    ...overrides,
  });
  return letter;
}

export function decodePart(jwt: string, index: 0 | 1): Record<string, unknown> {
  return JSON.parse(new TextDecoder().decode(base64url.decode(jwt.split('.')[index] ?? '')));
}

export function encodePart(value: unknown): string {
  return base64url.encode(JSON.stringify(value));
}

/** Signs any header and payload through the Signer port, for credentials the issuer would refuse. */
export async function signCompact(header: unknown, payload: unknown, signer: Signer) {
  const signingInput = `${encodePart(header)}.${encodePart(payload)}`;
  const der = await signer.sign(new TextEncoder().encode(signingInput));
  return `${signingInput}.${base64url.encode(derToJose(der))}`;
}

/** A fresh directory, removed after the test file. */
export function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'credential-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

export function base58btc(bytes: Uint8Array): string {
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let text = '';
  while (value > 0n) {
    text = (BASE58[Number(value % 58n)] ?? '') + text;
    value /= 58n;
  }
  for (const byte of bytes) {
    if (byte !== 0) break;
    text = `1${text}`;
  }
  return text;
}
