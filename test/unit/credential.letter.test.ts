/**
 * The inquiry result letter verified offline: signed like a certificate, checked against its
 * own strict claims, and never taken for a certificate (or a certificate for a letter).
 */
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { documentKind, verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import { type LetterVerdict, verifyLetter } from '#shared/domain/credential/verifyLetter.ts';
import {
  bundleOf,
  convictions,
  createTestKey,
  decodePart,
  documentOf,
  encodePart,
  inquiryId,
  issue,
  issuer,
  issueTestLetter,
  letterId,
  now,
  otherIssuer,
  signCompact,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const bundle = bundleOf(documentOf(issuer.did, key));
const noRecord = await issueTestLetter(key.signer);
const onFile = await issueTestLetter(key.signer, { convictions });
const { credential: certificate } = await issue(key.signer);
const DAY = 86_400_000;

type Payload = Record<string, unknown> & {
  vc: { '@context': string[]; type: string[]; credentialSubject: Record<string, unknown> };
};
const letterPayload = decodePart(onFile, 1) as Payload;
const certificatePayload = decodePart(certificate, 1) as Payload;
const header = decodePart(onFile, 0);

function codes(verdict: { reasons: { code: string }[] }): string[] {
  return verdict.reasons.map(({ code }) => code);
}

async function expectInvalid(jwt: string, code: string, options = {}): Promise<LetterVerdict> {
  const verdict = await verifyLetter(jwt, bundle, { now, ...options });
  expect(verdict.valid).toBe(false);
  expect(codes(verdict)).toEqual([code]);
  for (const { message } of verdict.reasons) {
    expect(message).not.toContain('测试甲');
    expect(message).not.toContain('990105');
    expect(message).not.toContain('盗窃');
  }
  return verdict;
}

describe('Function: verifyLetter', () => {
  it('accepts a no-record letter and returns its statement, with no convictions', async () => {
    expect(await verifyLetter(noRecord, bundle, { now })).toStrictEqual({
      valid: true,
      reasons: [],
      letter: {
        nameAsStated: '测试甲',
        recipient: { role: 'unit', org: 'kindergarten-1' },
        nationalIdMasked: '990105********123X',
        statement: 'no-criminal-record-on-file',
        convictions: [],
        inquiryId,
        legalBasis: 'teachers-law-14',
        purpose: 'Recruitment of a kindergarten teacher',
        checkedAt: now.toISOString(),
        issuer: issuer.did,
        notBefore: now,
        expires: new Date(now.getTime() + 30 * DAY),
        letterId,
      },
    });
  });

  it('accepts a letter with convictions and returns each, in order, as signed', async () => {
    const verdict = await verifyLetter(onFile, bundle, { now });
    expect(verdict.valid).toBe(true);
    if (!verdict.valid) return;
    expect(verdict.letter.statement).toBe('criminal-record-on-file');
    expect(verdict.letter.convictions).toEqual(convictions);
    expect(verdict.letter.convictions[2]).not.toHaveProperty('months');
  });

  describe('signature', () => {
    it('rejects a letter whose convictions were removed after signing', async () => {
      const [h, , s] = onFile.split('.');
      const { convictions: _removed, ...subject } = letterPayload.vc.credentialSubject;
      const cleared = {
        ...letterPayload,
        vc: {
          ...letterPayload.vc,
          credentialSubject: { ...subject, statement: 'no-criminal-record-on-file' },
        },
      };
      await expectInvalid(`${h}.${encodePart(cleared)}.${s}`, 'bad-signature');
    });

    it('rejects a tampered signature, and a signature by another key under the listed kid', async () => {
      const [h, p, s = ''] = noRecord.split('.');
      const bytes = base64url.decode(s);
      bytes[3] = (bytes[3] ?? 0) ^ 0x01;
      await expectInvalid(`${h}.${p}.${base64url.encode(bytes)}`, 'bad-signature');
      const impostor = createTestKey('key-1');
      await expectInvalid(await issueTestLetter(impostor.signer), 'bad-signature');
    });
  });

  describe('issuer and key', () => {
    it('rejects a letter from an issuer that is not in the bundle', async () => {
      const stranger = createTestKey('key-1');
      await expectInvalid(
        await issueTestLetter(stranger.signer, { issuer: otherIssuer }),
        'unknown-issuer',
      );
    });

    it('rejects a letter of a pinned issuer that is not the expected one', async () => {
      await expectInvalid(noRecord, 'unknown-issuer', { expectedIssuer: otherIssuer.did });
    });

    it('rejects a key the issuer publishes but not for signing (assertionMethod)', async () => {
      const authOnly = createTestKey('key-auth');
      const document = documentOf(issuer.did, key, authOnly);
      const restricted = bundleOf({ ...document, assertionMethod: [`${issuer.did}#key-1`] });
      const verdict = await verifyLetter(await issueTestLetter(authOnly.signer), restricted, {
        now,
      });
      expect(codes(verdict)).toEqual(['key-not-authorized']);
    });
  });

  describe('validity period', () => {
    it('rejects an expired letter once the clock skew has passed, and one not yet valid', async () => {
      const exp = letterPayload.exp as number;
      expect((await verifyLetter(onFile, bundle, { now: new Date((exp - 1) * 1000) })).valid).toBe(
        true,
      );
      const verdict = await expectInvalid(onFile, 'expired', { now: new Date((exp + 60) * 1000) });
      expect(verdict.reasons[0]?.message).toContain('2025-07-01 08:00:00 UTC');
      await expectInvalid(onFile, 'not-yet-valid', { now: new Date(now.getTime() - DAY) });
    });
  });

  describe('claims', () => {
    const subject = letterPayload.vc.credentialSubject;
    it.each([
      [
        'a certificate’s claims under the letter’s type',
        {
          ...certificatePayload,
          vc: { ...certificatePayload.vc, type: [...letterPayload.vc.type] },
        },
      ],
      [
        'a certificate’s subject in a letter',
        {
          ...letterPayload,
          vc: { ...letterPayload.vc, credentialSubject: certificatePayload.vc.credentialSubject },
        },
      ],
      [
        'a record on file without convictions',
        {
          ...letterPayload,
          vc: {
            ...letterPayload.vc,
            credentialSubject: { ...subject, convictions: [] },
          },
        },
      ],
      [
        'no record on file with convictions',
        {
          ...letterPayload,
          vc: {
            ...letterPayload.vc,
            credentialSubject: { ...subject, statement: 'no-criminal-record-on-file' },
          },
        },
      ],
      [
        'a conviction with an unknown penalty',
        {
          ...letterPayload,
          vc: {
            ...letterPayload.vc,
            credentialSubject: {
              ...subject,
              convictions: [{ ...convictions[0], penalty: 'caning' }],
            },
          },
        },
      ],
      [
        'an extra subject field',
        {
          ...letterPayload,
          vc: { ...letterPayload.vc, credentialSubject: { ...subject, sealed: false } },
        },
      ],
      [
        'the certificate’s @context',
        {
          ...letterPayload,
          vc: { ...letterPayload.vc, '@context': certificatePayload.vc['@context'] },
        },
      ],
    ])('rejects %s with invalid-claims, even signed by the issuer', async (_label, claims) => {
      const signed = await signCompact(header, claims, key.signer);
      const verdict = await expectInvalid(signed, 'invalid-claims');
      expect(verdict.reasons[0]?.message).toContain('not an inquiry result letter');
      // The dispatcher reads it as a letter, and refuses it the same way.
      expect(documentKind(signed)).toBe('letter');
      expect(codes(await verifyDocument(signed, bundle, { now }))).toEqual(['invalid-claims']);
    });

    it('refuses a genuine certificate as a letter', async () => {
      await expectInvalid(certificate, 'invalid-claims');
    });
  });
});

describe('Function: verifyCredential, given a letter', () => {
  it('refuses even a genuine no-record letter: a valid certificate verdict means only a certificate', async () => {
    const verdict = await verifyCredential(noRecord, bundle, { now });
    expect(codes(verdict)).toEqual(['invalid-claims']);
    const swapped = await signCompact(
      header,
      { ...letterPayload, vc: { ...letterPayload.vc, type: certificatePayload.vc.type } },
      key.signer,
    );
    expect(codes(await verifyCredential(swapped, bundle, { now }))).toEqual(['invalid-claims']);
  });
});

describe('Function: verifyDocument', () => {
  it('verifies each kind as itself and says which it was', async () => {
    const ofCertificate = await verifyDocument(certificate, bundle, { now });
    expect(ofCertificate).toMatchObject({ kind: 'certificate', valid: true });
    const ofLetter = await verifyDocument(onFile, bundle, { now });
    expect(ofLetter).toMatchObject({
      kind: 'letter',
      valid: true,
      letter: { statement: 'criminal-record-on-file', convictions },
    });
  });

  it('reads anything that is not a presentation or a letter as a certificate', async () => {
    expect(documentKind('not a credential')).toBe('certificate');
    expect(documentKind(`${encodePart({})}.${encodePart({ vc: { type: 'x' } })}.x`)).toBe(
      'certificate',
    );
    expect(await verifyDocument('x', bundle)).toMatchObject({
      kind: 'certificate',
      valid: false,
      reasons: [{ code: 'malformed' }],
    });
  });

  it('refuses a presentation without a nonce and an audience to check it against', async () => {
    const verdict = await verifyDocument(`${certificate}~`, bundle, { now });
    expect(verdict.kind).toBe('presentation');
    expect(codes(verdict)).toEqual(['nonce-required']);
    expect(codes(await verifyDocument(`${certificate}~`, bundle, { nonce: 'n' }))).toEqual([
      'nonce-required',
    ]);
  });
});
