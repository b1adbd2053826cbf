/**
 * Our offline verifier and did-jwt-vc's own `verifyCredential` must agree. did-jwt-vc resolves
 * the issuer through a did-resolver `Resolver` backed by the trust bundle: no network.
 */

import { verifyCredential as didJwtVcVerify } from 'did-jwt-vc';
import { Resolver } from 'did-resolver';
import { describe, expect, it } from 'vitest';
import { buildDidDocument, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import {
  bundleOf,
  createTestKey,
  decodePart,
  documentOf,
  encodePart,
  issue,
  issuer,
  now,
  otherIssuer,
} from './credential.fixtures.ts';

const SKEW = 60;

function resolverOf(bundle: TrustBundle): Resolver {
  return new Resolver({
    web: async (did) => {
      const didDocument = bundle.didDocuments.find(({ id }) => id === did) ?? null;
      return {
        didDocument,
        didDocumentMetadata: {},
        didResolutionMetadata: didDocument
          ? { contentType: 'application/did+json' }
          : { error: 'notFound' },
      };
    },
  });
}

async function verdicts(jwt: string, bundle: TrustBundle, at: Date = now) {
  const ours = await verifyCredential(jwt, bundle, { now: at, clockSkewSeconds: SKEW });
  let theirs: boolean;
  try {
    await didJwtVcVerify(jwt, resolverOf(bundle) as never, {
      proofPurpose: 'assertionMethod',
      skewTime: SKEW,
      policies: { now: Math.floor(at.getTime() / 1000) },
    });
    theirs = true;
  } catch {
    theirs = false;
  }
  return { ours: ours.valid, theirs, codes: ours.reasons.map(({ code }) => code) };
}

const key1 = createTestKey('key-1', 'retired');
const key2 = createTestKey('key-2');
const bundle = bundleOf(documentOf(issuer.did, key2, key1));
const { credential } = await issue(key2.signer);
const seconds = (jwt: string, claim: 'nbf' | 'exp') => decodePart(jwt, 1)[claim] as number;

describe('Interop: our verifier and did-jwt-vc agree', () => {
  it('valid credential', async () => {
    expect(await verdicts(credential, bundle)).toEqual({ ours: true, theirs: true, codes: [] });
  });

  it('valid holder-bound credential signed with a retired key', async () => {
    const bound = await issue(key1.signer, {
      holderDid: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    });
    expect(await verdicts(bound.credential, bundle)).toEqual({
      ours: true,
      theirs: true,
      codes: [],
    });
  });

  it('tampered payload', async () => {
    const [h, , s] = credential.split('.');
    const payload = decodePart(credential, 1) as { vc: { credentialSubject: object } };
    const forged = {
      ...payload,
      vc: {
        ...payload.vc,
        credentialSubject: { ...payload.vc.credentialSubject, purpose: 'other' },
      },
    };
    expect(await verdicts(`${h}.${encodePart(forged)}.${s}`, bundle)).toEqual({
      ours: false,
      theirs: false,
      codes: ['bad-signature'],
    });
  });

  it('expired, just past the skew; and still valid just inside it', async () => {
    const exp = seconds(credential, 'exp');
    expect(await verdicts(credential, bundle, new Date((exp + SKEW) * 1000))).toEqual({
      ours: false,
      theirs: false,
      codes: ['expired'],
    });
    expect((await verdicts(credential, bundle, new Date((exp + SKEW - 1) * 1000))).theirs).toBe(
      true,
    );
    expect((await verdicts(credential, bundle, new Date((exp + SKEW - 1) * 1000))).ours).toBe(true);
  });

  it('not yet valid beyond the skew', async () => {
    const nbf = seconds(credential, 'nbf');
    expect(await verdicts(credential, bundle, new Date((nbf - SKEW - 1) * 1000))).toEqual({
      ours: false,
      theirs: false,
      codes: ['not-yet-valid'],
    });
  });

  it('wrong issuer (a DID the bundle does not pin)', async () => {
    const stranger = createTestKey('key-1');
    const foreign = await issue(stranger.signer, { issuer: otherIssuer });
    expect(await verdicts(foreign.credential, bundle)).toEqual({
      ours: false,
      theirs: false,
      codes: ['unknown-issuer'],
    });
  });

  it('wrong key: signed by a key the issuer does not list', async () => {
    const unlisted = createTestKey('key-3');
    const signed = await issue(unlisted.signer);
    expect(await verdicts(signed.credential, bundle)).toEqual({
      ours: false,
      theirs: false,
      codes: ['unknown-key'],
    });
  });

  it('wrong key: a verification method that is not an assertion method', async () => {
    const document = buildDidDocument({ did: issuer.did, keys: [key2.published, key1.published] });
    const restricted = bundleOf({ ...document, assertionMethod: [`${issuer.did}#key-2`] });
    const signed = await issue(key1.signer);
    expect(await verdicts(signed.credential, restricted)).toEqual({
      ours: false,
      theirs: false,
      codes: ['key-not-authorized'],
    });
  });
});
