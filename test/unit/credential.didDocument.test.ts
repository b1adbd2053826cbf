import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  buildTrustBundle,
  didWebToUrl,
  InvalidDidError,
  InvalidTrustBundleError,
  parseTrustBundle,
} from '#shared/domain/credential/didDocument.ts';
import { createTestKey, issuer } from './credential.fixtures.ts';

const active = createTestKey('key-2', 'active');
const retired = createTestKey('key-1', 'retired');

describe('Function: buildDidDocument', () => {
  it('lists every active and retired key as a JsonWebKey2020 assertion method', () => {
    const document = buildDidDocument({
      did: issuer.did,
      keys: [active.published, retired.published],
    });
    expect(Object.keys(document)).toEqual([
      '@context',
      'id',
      'verificationMethod',
      'assertionMethod',
    ]);
    expect(document['@context']).toEqual([
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/suites/jws-2020/v1',
    ]);
    expect(document.id).toBe(issuer.did);
    expect(document.verificationMethod).toStrictEqual([
      {
        id: `${issuer.did}#key-2`,
        type: 'JsonWebKey2020',
        controller: issuer.did,
        publicKeyJwk: active.published.publicKeyJwk,
      },
      {
        id: `${issuer.did}#key-1`,
        type: 'JsonWebKey2020',
        controller: issuer.did,
        publicKeyJwk: retired.published.publicKeyJwk,
      },
    ]);
    expect(document.assertionMethod).toEqual([`${issuer.did}#key-2`, `${issuer.did}#key-1`]);
  });

  it('publishes only kty, crv, x and y of a key', () => {
    const withExtras = {
      ...active.published,
      publicKeyJwk: { ...active.published.publicKeyJwk, d: 'secret', kid: 'k', alg: 'ES256' },
    };
    const [method] = buildDidDocument({ did: issuer.did, keys: [withExtras] }).verificationMethod;
    expect(Object.keys(method?.publicKeyJwk ?? {})).toEqual(['kty', 'crv', 'x', 'y']);
  });
});

describe('Function: buildTrustBundle / parseTrustBundle', () => {
  const document = buildDidDocument({ did: issuer.did, keys: [active.published] });

  it('wraps DID documents in the versioned bundle format and round-trips through JSON', () => {
    const bundle = buildTrustBundle([document]);
    expect(bundle).toStrictEqual({
      type: 'NoCriminalRecordTrustBundle',
      version: 1,
      didDocuments: [document],
    });
    expect(parseTrustBundle(JSON.parse(JSON.stringify(bundle)))).toStrictEqual(bundle);
  });

  const method = document.verificationMethod[0];
  it.each([
    ['another type', { type: 'Other', version: 1, didDocuments: [document] }],
    [
      'another version',
      { type: 'NoCriminalRecordTrustBundle', version: 2, didDocuments: [document] },
    ],
    ['no documents', { type: 'NoCriminalRecordTrustBundle', version: 1, didDocuments: [] }],
    [
      'a duplicate DID',
      { type: 'NoCriminalRecordTrustBundle', version: 1, didDocuments: [document, document] },
    ],
    [
      'a method of another DID',
      { ...wrap({ ...document, verificationMethod: [{ ...method, id: 'did:web:x#key-2' }] }) },
    ],
    ['a dangling assertionMethod', wrap({ ...document, assertionMethod: [`${issuer.did}#nope`] })],
    [
      'a non-P-256 key',
      wrap({
        ...document,
        verificationMethod: [{ ...method, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: 'AA' } }],
      }),
    ],
    ['a non-did:web issuer', wrap({ ...document, id: 'did:key:z6Mk' })],
    ['not an object', 'bundle'],
  ])('rejects %s', (_label, json) => {
    expect(() => parseTrustBundle(json)).toThrow(InvalidTrustBundleError);
  });

  function wrap(didDocument: unknown) {
    return { type: 'NoCriminalRecordTrustBundle', version: 1, didDocuments: [didDocument] };
  }
});

describe('Function: didWebToUrl', () => {
  it.each([
    ['did:web:127.0.0.1%3A3000', 'http://127.0.0.1:3000/.well-known/did.json'],
    ['did:web:localhost%3a8080', 'http://localhost:8080/.well-known/did.json'],
    ['did:web:records.example.gov.cn', 'https://records.example.gov.cn/.well-known/did.json'],
    [
      'did:web:records.example.gov.cn%3A8443',
      'https://records.example.gov.cn:8443/.well-known/did.json',
    ],
    ['did:web:example.com:issuers:beijing', 'https://example.com/issuers/beijing/did.json'],
    ['did:web:127.0.0.1.example.com', 'https://127.0.0.1.example.com/.well-known/did.json'],
  ])('%s → %s', (did, url) => {
    expect(didWebToUrl(did)).toBe(url);
  });

  it.each([
    'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    'did:web:',
    'did:web:exa mple.com',
    'did:web:example.com%2Fevil',
    'did:web:example.com:..:secret',
    'did:web:user@example.com',
  ])('rejects %s', (did) => {
    expect(() => didWebToUrl(did)).toThrow(InvalidDidError);
  });
});
