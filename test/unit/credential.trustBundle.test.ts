/**
 * The DID document and the trust bundle (didDocument.ts) as verifiers read them: every rule a
 * DID document must keep, each broken alone, refused with the path and rule named in the
 * error (never a key's value); one key per kind of document, whichever kinds have keys; the
 * audit keys a bundle publishes; and the did:web resolution rules.
 */
import { describe, expect, it } from 'vitest';
import {
  auditKeysOf,
  buildDidDocument,
  type DidDocument,
  didWebToUrl,
  InvalidDidError,
  InvalidTrustBundleError,
  parseTrustBundle,
} from '#shared/domain/credential/didDocument.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { verifyLetter } from '#shared/domain/credential/verifyLetter.ts';
import {
  bundleOf,
  createTestKey,
  issue,
  issuer,
  issueTestLetter,
  now,
} from './credential.fixtures.ts';

const did = issuer.did;
const ref = (id: string) => `${did}#${id}`;
const certificate = createTestKey('key-1');
const letter = createTestKey('letter-1');
const wallet = createTestKey('wallet-1');
const approval = createTestKey('approval-1');
const audit = createTestKey('audit-1');
const full = buildDidDocument({
  did,
  keys: [certificate.published],
  letterKeys: [letter.published],
  walletKeys: [wallet.published],
  approvalKeys: [approval.published],
  auditKeys: [audit.published],
});

const wrap = (...didDocuments: unknown[]) => ({
  type: 'NoCriminalRecordTrustBundle',
  version: 1,
  didDocuments,
});

/** The error a bundle with this one document is refused with. */
function refusal(document: unknown): string {
  try {
    parseTrustBundle(wrap(document));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTrustBundleError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('Function: buildDidDocument, kind by kind', () => {
  it('writes every member, in this order, when every kind has keys', () => {
    const built = buildDidDocument({
      did,
      keys: [certificate.published],
      letterKeys: [letter.published],
      walletKeys: [wallet.published],
      approvalKeys: [approval.published],
      auditKeys: [audit.published],
    });
    expect(built).toStrictEqual(full);
    expect(built).toStrictEqual({
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [certificate, letter, wallet, approval, audit].map(({ published }) => ({
        id: ref(published.keyId),
        type: 'JsonWebKey2020',
        controller: did,
        publicKeyJwk: published.publicKeyJwk,
      })),
      assertionMethod: [ref('key-1'), ref('letter-1'), ref('wallet-1')],
      certificateMethod: [ref('key-1')],
      letterMethod: [ref('letter-1')],
      walletCredentialMethod: [ref('wallet-1')],
      approvalMethod: [ref('approval-1')],
      auditCheckpointMethod: [ref('audit-1')],
    });
    expect(parseTrustBundle(wrap(full)).didDocuments[0]).toStrictEqual(full);
  });

  it('names every kind’s keys as soon as one kind besides certificates has its own', () => {
    const lettersOnly = buildDidDocument({
      did,
      keys: [certificate.published],
      letterKeys: [letter.published],
    });
    expect(lettersOnly).toMatchObject({
      certificateMethod: [ref('key-1')],
      letterMethod: [ref('letter-1')],
      walletCredentialMethod: [],
    });
    const walletOnly = buildDidDocument({
      did,
      keys: [certificate.published],
      walletKeys: [wallet.published],
    });
    expect(walletOnly).toMatchObject({
      certificateMethod: [ref('key-1')],
      letterMethod: [],
      walletCredentialMethod: [ref('wallet-1')],
    });
  });

  it('writes no approval or audit member without such keys, nor kind members without kinds', () => {
    expect(Object.keys(buildDidDocument({ did, keys: [certificate.published] }))).toEqual([
      '@context',
      'id',
      'verificationMethod',
      'assertionMethod',
    ]);
    expect(
      Object.keys(
        buildDidDocument({ did, keys: [certificate.published], approvalKeys: [], auditKeys: [] }),
      ),
    ).toEqual(['@context', 'id', 'verificationMethod', 'assertionMethod']);
  });
});

describe('Function: parseTrustBundle, the rules of a DID document', () => {
  const [certificateMethod] = full.verificationMethod as [DidDocument['verificationMethod'][0]];
  const [, ...otherMethods] = full.verificationMethod;
  const firstMethod = (change: object) => [{ ...certificateMethod, ...change }, ...otherMethods];
  const at = (path: string, rule: string) =>
    `invalid trust bundle: didDocuments.0.${path}: ${rule}`;

  it.each([
    [
      'a method id under another DID',
      { ...full, verificationMethod: firstMethod({ id: 'did:web:x#key-1' }) },
      'verificationMethod.0',
      'id must be <DID>#<key id> and controller the DID',
      '; didDocuments.0.assertionMethod.0: does not reference a verification method of this document',
    ],
    [
      'a method id without a fragment',
      { ...full, verificationMethod: firstMethod({ id: did }) },
      'verificationMethod.0',
      'id must be <DID>#<key id> and controller the DID',
      '; didDocuments.0.assertionMethod.0: does not reference a verification method of this document',
    ],
    [
      'a method controlled by another DID',
      { ...full, verificationMethod: firstMethod({ controller: 'did:web:x' }) },
      'verificationMethod.0',
      'id must be <DID>#<key id> and controller the DID',
    ],
    [
      'a method listed twice',
      {
        ...full,
        verificationMethod: [...full.verificationMethod, certificateMethod],
      },
      'verificationMethod.5.id',
      'duplicate verification method',
    ],
    [
      'an audit key that is no method of the document',
      { ...full, auditCheckpointMethod: [ref('nope')] },
      'auditCheckpointMethod.0',
      'must reference a verification method of this document that signs no credential',
    ],
    [
      'an audit key that signs credentials',
      { ...full, auditCheckpointMethod: [ref('key-1')] },
      'auditCheckpointMethod.0',
      'must reference a verification method of this document that signs no credential',
    ],
    [
      'an approval key that is no method of the document',
      { ...full, approvalMethod: [ref('approval-1'), ref('nope')] },
      'approvalMethod.1',
      'must reference a verification method of this document that signs no credential',
    ],
    [
      'an approval key that signs credentials',
      { ...full, approvalMethod: [ref('wallet-1')] },
      'approvalMethod.0',
      'must reference a verification method of this document that signs no credential',
    ],
    [
      'a certificate key that is no assertion method',
      { ...full, certificateMethod: [ref('key-1'), ref('approval-1')] },
      'certificateMethod.1',
      'must reference an assertionMethod key of no other kind of document',
    ],
    [
      'a wallet key that is also a letter key',
      { ...full, walletCredentialMethod: [ref('letter-1')] },
      'walletCredentialMethod.0',
      'must reference an assertionMethod key of no other kind of document',
    ],
    [
      'an assertion method that is no method of the document',
      { ...full, assertionMethod: [...full.assertionMethod, ref('nope')] },
      'assertionMethod.3',
      'does not reference a verification method of this document',
    ],
  ])('refuses %s, naming where and which rule', (_name, document, path, rule, also = '') => {
    expect(refusal(document)).toBe(`${at(path, rule)}${also}`);
  });

  it('lets a key be listed twice under the same kind', () => {
    const twice = { ...full, letterMethod: [ref('letter-1'), ref('letter-1')] };
    expect(parseTrustBundle(wrap(twice)).didDocuments[0]?.letterMethod).toEqual([
      ref('letter-1'),
      ref('letter-1'),
    ]);
  });

  it('accepts a document with no approval or audit keys and no kinds', () => {
    const { approvalMethod, auditCheckpointMethod, ...plain } = full;
    expect(approvalMethod).toBeDefined();
    expect(auditCheckpointMethod).toBeDefined();
    expect(() => parseTrustBundle(wrap(plain))).not.toThrow();
  });

  it.each([
    ['an empty @context', { ...full, '@context': [] }, '@context'],
    [
      'a key coordinate of another length',
      {
        ...full,
        verificationMethod: [
          {
            ...certificateMethod,
            publicKeyJwk: { ...certificateMethod.publicKeyJwk, x: 'A'.repeat(42) },
          },
        ],
      },
      'verificationMethod.0.publicKeyJwk.x',
    ],
    [
      'another method type',
      { ...full, verificationMethod: [{ ...certificateMethod, type: 'Multikey' }] },
      'verificationMethod.0.type',
    ],
  ])('refuses %s', (_name, document, path) => {
    expect(refusal(document)).toContain(`didDocuments.0.${path}: `);
  });

  it('refuses the same DID twice, and a bundle of no documents', () => {
    expect(() => parseTrustBundle(wrap(full, full))).toThrow(
      new InvalidTrustBundleError(
        'invalid trust bundle: didDocuments: a DID appears more than once',
      ),
    );
    const other = buildDidDocument({ did: 'did:web:other.example', keys: [certificate.published] });
    expect(parseTrustBundle(wrap(full, other)).didDocuments).toHaveLength(2);
    expect(() => parseTrustBundle(wrap())).toThrow(/^invalid trust bundle: didDocuments: /);
  });
});

describe('Function: auditKeysOf', () => {
  it('gives the audit checkpoint keys of every document, by kid, and no other key', () => {
    const other = createTestKey('audit-2');
    const second = buildDidDocument({
      did: 'did:web:other.example',
      keys: [createTestKey('key-1').published],
      auditKeys: [other.published],
    });
    const keys = auditKeysOf(parseTrustBundle(wrap(full, second)));
    expect([...keys]).toEqual([
      [ref('audit-1'), audit.published.publicKeyJwk],
      ['did:web:other.example#audit-2', other.published.publicKeyJwk],
    ]);
  });

  it('gives none for a bundle without audit keys', () => {
    const plain = buildDidDocument({ did, keys: [certificate.published] });
    expect(auditKeysOf(parseTrustBundle(wrap(plain))).size).toBe(0);
  });
});

describe('Function: didWebToUrl, more cases', () => {
  it.each([
    ['did:web:LOCALHOST%3A8080', 'http://LOCALHOST:8080/.well-known/did.json'],
    ['did:web:127.0.0.1', 'http://127.0.0.1/.well-known/did.json'],
    ['did:web:localhost.example', 'https://localhost.example/.well-known/did.json'],
    ['did:web:example.com:a.b:c_d-1', 'https://example.com/a.b/c_d-1/did.json'],
    // Only a segment of dots alone is refused: a leading or trailing dot is a name.
    ['did:web:example.com:.hidden:dir.', 'https://example.com/.hidden/dir./did.json'],
  ])('%s → %s', (input, url) => {
    expect(didWebToUrl(input)).toBe(url);
  });

  it.each([
    ['another method', 'did:webs:example.com'],
    ['another scheme', 'uri:web:example.com'],
    ['a port of six digits', 'did:web:example.com%3A123456'],
    ['a path segment of dots', 'did:web:example.com:.'],
    ['an empty path segment', 'did:web:example.com::a'],
    ['a path segment with a slash', 'did:web:example.com:a%2Fb'],
  ])('rejects %s', (_name, input) => {
    expect(() => didWebToUrl(input)).toThrow(new InvalidDidError('not a did:web DID'));
  });
});

describe('a DID document that names the keys of some kinds only', () => {
  it('reads every kind by its own member: a kind it does not name has no keys', async () => {
    const document = buildDidDocument({ did, keys: [certificate.published, letter.published] });
    const lettersNamed = bundleOf({ ...document, letterMethod: [ref('letter-1')] });
    const codesOf = (verdict: { reasons: { code: string }[] }) =>
      verdict.reasons.map((r) => r.code);
    expect(
      (await verifyLetter(await issueTestLetter(letter.signer), lettersNamed, { now })).valid,
    ).toBe(true);
    expect(
      codesOf(await verifyLetter(await issueTestLetter(certificate.signer), lettersNamed, { now })),
    ).toEqual(['key-not-authorized']);
    expect(
      codesOf(
        await verifyCredential((await issue(certificate.signer)).credential, lettersNamed, { now }),
      ),
    ).toEqual(['key-not-authorized']);
  });
});
