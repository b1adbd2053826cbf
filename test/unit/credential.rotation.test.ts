import { describe, expect, it } from 'vitest';
import {
  ensureLocalSigningKey,
  LocalFileSigner,
  LocalKeyPublicKeySource,
  rotateLocalSigningKey,
} from '#shared/adapters/local/localSigner.ts';
import { buildDidDocument, buildTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { decodePart, issue, issuer, now, temporaryDirectory } from './credential.fixtures.ts';

describe('Key rotation', () => {
  const dir = temporaryDirectory();
  const fresh = temporaryDirectory();

  it('keeps credentials of a retired key verifiable while the bundle lists it', async () => {
    ensureLocalSigningKey(dir);
    const before = await issue(LocalFileSigner.fromDirectory(dir));
    expect(decodePart(before.credential, 0).kid).toBe(`${issuer.did}#key-1`);

    expect(rotateLocalSigningKey(dir)).toEqual({ active: 'key-2', retired: ['key-1'] });
    const after = await issue(LocalFileSigner.fromDirectory(dir));
    expect(decodePart(after.credential, 0).kid).toBe(`${issuer.did}#key-2`);

    const keys = await new LocalKeyPublicKeySource(dir).listKeys();
    expect(keys.map(({ keyId, status }) => [keyId, status])).toEqual([
      ['key-2', 'active'],
      ['key-1', 'retired'],
    ]);
    const both = buildTrustBundle([buildDidDocument({ did: issuer.did, keys })]);
    expect((await verifyCredential(before.credential, both, { now })).valid).toBe(true);
    expect((await verifyCredential(after.credential, both, { now })).valid).toBe(true);

    const withoutKey1 = buildTrustBundle([
      buildDidDocument({ did: issuer.did, keys: keys.filter(({ keyId }) => keyId !== 'key-1') }),
    ]);
    const old = await verifyCredential(before.credential, withoutKey1, { now });
    expect(old.valid).toBe(false);
    expect(old.reasons.map(({ code }) => code)).toEqual(['unknown-key']);
    expect((await verifyCredential(after.credential, withoutKey1, { now })).valid).toBe(true);
  });

  it('a credential of the new key fails against a bundle pinned before the rotation', async () => {
    ensureLocalSigningKey(fresh);
    const pinned = buildTrustBundle([
      buildDidDocument({
        did: issuer.did,
        keys: await new LocalKeyPublicKeySource(fresh).listKeys(),
      }),
    ]);
    rotateLocalSigningKey(fresh);
    const after = await issue(LocalFileSigner.fromDirectory(fresh));
    const verdict = await verifyCredential(after.credential, pinned, { now });
    expect(verdict.reasons.map(({ code }) => code)).toEqual(['unknown-key']);
    expect(verdict.reasons[0]?.message).toContain('get a current trust bundle');
  });
});
