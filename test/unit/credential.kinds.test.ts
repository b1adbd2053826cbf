/**
 * One key per kind of signed document (DESIGN.md invariant 10): a DID document that names
 * each kind's keys lets a verifier accept a certificate only under a certificate key and a
 * letter only under a letter key; approval and audit keys sign no credential at all.
 */
import { describe, expect, it } from 'vitest';
import {
  buildDidDocument,
  didDocumentSchema,
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

const certificateKey = createTestKey('key-1');
const letterKey = createTestKey('letter-1');
const walletKey = createTestKey('wallet-1');
const approvalKey = createTestKey('approval-1');
const auditKey = createTestKey('audit-1');
const document = buildDidDocument({
  did: issuer.did,
  keys: [certificateKey.published],
  letterKeys: [letterKey.published],
  walletKeys: [walletKey.published],
  approvalKeys: [approvalKey.published],
  auditKeys: [auditKey.published],
});
const bundle = bundleOf(document);

describe('Function: buildDidDocument, one key per kind', () => {
  it('names each kind’s keys in its own member; only credential kinds in assertionMethod', () => {
    const ref = (id: string) => `${issuer.did}#${id}`;
    expect(document).toMatchObject({
      assertionMethod: [ref('key-1'), ref('letter-1'), ref('wallet-1')],
      certificateMethod: [ref('key-1')],
      letterMethod: [ref('letter-1')],
      walletCredentialMethod: [ref('wallet-1')],
      approvalMethod: [ref('approval-1')],
      auditCheckpointMethod: [ref('audit-1')],
    });
  });

  it.each([
    ['a letter key that is not an assertion method', { assertionMethod: [`${issuer.did}#key-1`] }],
    ['one key under two kinds', { letterMethod: [`${issuer.did}#key-1`] }],
    [
      'an approval key among the assertion methods',
      {
        assertionMethod: [...document.assertionMethod, `${issuer.did}#approval-1`],
      },
    ],
  ])('refuses %s', (_name, change) => {
    expect(didDocumentSchema.safeParse({ ...document, ...change }).success).toBe(false);
  });
});

describe('verifiers accept each kind only under its own keys', () => {
  it('a certificate under the certificate key, a letter under the letter key: valid', async () => {
    expect(
      (await verifyCredential((await issue(certificateKey.signer)).credential, bundle, { now }))
        .valid,
    ).toBe(true);
    expect(
      (await verifyLetter(await issueTestLetter(letterKey.signer), bundle, { now })).valid,
    ).toBe(true);
  });

  it.each([
    [
      'a certificate signed with the letter key',
      async () => (await issue(letterKey.signer)).credential,
      'certificate',
    ],
    [
      'a certificate signed with the wallet key',
      async () => (await issue(walletKey.signer)).credential,
      'certificate',
    ],
    [
      'a certificate signed with the approval key',
      async () => (await issue(approvalKey.signer)).credential,
      'certificate',
    ],
    [
      'a letter signed with the certificate key',
      () => issueTestLetter(certificateKey.signer),
      'letter',
    ],
    ['a letter signed with the audit key', () => issueTestLetter(auditKey.signer), 'letter'],
  ] as const)('%s: key-not-authorized', async (_name, make, kind) => {
    const jwt = await make();
    const verdict =
      kind === 'certificate'
        ? await verifyCredential(jwt, bundle, { now })
        : await verifyLetter(jwt, bundle, { now });
    expect(verdict.valid).toBe(false);
    expect(verdict.reasons.map((r) => r.code)).toEqual(['key-not-authorized']);
  });

  it('a trust bundle of before the kinds had keys of their own is read as then', async () => {
    const legacy = parseTrustBundle(
      bundleOf(buildDidDocument({ did: issuer.did, keys: [certificateKey.published] })),
    );
    expect(
      (await verifyLetter(await issueTestLetter(certificateKey.signer), legacy, { now })).valid,
    ).toBe(true);
  });
});
