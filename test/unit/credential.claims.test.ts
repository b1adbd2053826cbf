/**
 * The forms of the signed documents (claims.ts, letterClaims.ts, letter.ts, issueCredential.ts):
 * the JSON-LD context documents served under the issuer's base URL, exactly; the letter as
 * issued, its recipient reduced to what the form has; what issuing refuses and how it says
 * so; and the signer adapter did-jwt calls, over text and bytes alike.
 */
import { createPublicKey, verify } from 'node:crypto';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  CredentialError,
  describeIssues,
  noCriminalRecordContext,
  noCriminalRecordContextUrl,
} from '#shared/domain/credential/claims.ts';
import { MalformedSignatureError } from '#shared/domain/credential/der.ts';
import { InvalidDidError, InvalidTrustBundleError } from '#shared/domain/credential/didDocument.ts';
import {
  didJwtSigner,
  InvalidCredentialInputError,
} from '#shared/domain/credential/issueCredential.ts';
import { letterContext, letterContextUrl } from '#shared/domain/credential/letter.ts';
import { verifyLetter } from '#shared/domain/credential/verifyLetter.ts';
import {
  bundleOf,
  convictions,
  createTestKey,
  decodePart,
  documentOf,
  issue,
  issuer,
  issueTestLetter,
  now,
} from './credential.fixtures.ts';

const key = createTestKey('key-1');
const base = 'https://records.example';

describe('Function: noCriminalRecordContext', () => {
  it('is exactly the context document, under the base URL without its trailing slashes', () => {
    expect(noCriminalRecordContextUrl(`${base}//`)).toBe(`${base}/contexts/no-criminal-record/v1`);
    const vocab = `${base}/contexts/no-criminal-record/v1#`;
    expect(noCriminalRecordContext(`${base}/`)).toStrictEqual({
      '@context': {
        '@version': 1.1,
        '@protected': true,
        NoCriminalRecordCertificate: `${vocab}NoCriminalRecordCertificate`,
        name: 'https://schema.org/name',
        nationalIdMasked: `${vocab}nationalIdMasked`,
        statement: `${vocab}statement`,
        purpose: `${vocab}purpose`,
        checkedAt: {
          '@id': `${vocab}checkedAt`,
          '@type': 'http://www.w3.org/2001/XMLSchema#dateTime',
        },
      },
    });
  });
});

describe('Function: letterContext', () => {
  it('is exactly the context document, under the base URL without its trailing slashes', () => {
    expect(letterContextUrl(`${base}///`)).toBe(`${base}/contexts/inquiry-result-letter/v1`);
    const vocab = `${base}/contexts/inquiry-result-letter/v1#`;
    expect(letterContext(base)).toStrictEqual({
      '@context': {
        '@version': 1.1,
        '@protected': true,
        InquiryResultLetter: `${vocab}InquiryResultLetter`,
        nameAsStated: `${vocab}nameAsStated`,
        recipient: `${vocab}recipient`,
        role: `${vocab}role`,
        org: `${vocab}org`,
        nationalIdMasked: `${vocab}nationalIdMasked`,
        statement: `${vocab}statement`,
        convictions: { '@id': `${vocab}convictions`, '@container': '@list' },
        offences: `${vocab}offences`,
        penalty: `${vocab}penalty`,
        months: `${vocab}months`,
        effectiveDate: {
          '@id': `${vocab}effectiveDate`,
          '@type': 'http://www.w3.org/2001/XMLSchema#date',
        },
        inquiryId: `${vocab}inquiryId`,
        legalBasis: `${vocab}legalBasis`,
        purpose: `${vocab}purpose`,
        checkedAt: {
          '@id': `${vocab}checkedAt`,
          '@type': 'http://www.w3.org/2001/XMLSchema#dateTime',
        },
      },
    });
  });
});

describe('Function: issueLetter', () => {
  it('writes exactly the header and claims of the letter, with convictions only when on file', async () => {
    const nbf = Math.floor(now.getTime() / 1000);
    const onFile = await issueTestLetter(key.signer, { convictions });
    expect(decodePart(onFile, 0)).toStrictEqual({
      alg: 'ES256',
      typ: 'JWT',
      kid: `${issuer.did}#key-1`,
    });
    const payload = decodePart(onFile, 1) as Record<string, unknown> & {
      vc: { credentialSubject: Record<string, unknown> };
    };
    expect({ ...payload, vc: { ...payload.vc, credentialSubject: undefined } }).toStrictEqual({
      iss: issuer.did,
      nbf,
      exp: nbf + 30 * 86_400,
      jti: 'urn:uuid:7d2e4f10-3b5c-4a6d-8e9f-0a1b2c3d4e5f',
      vc: {
        '@context': [
          'https://www.w3.org/2018/credentials/v1',
          'http://127.0.0.1:3000/contexts/inquiry-result-letter/v1',
        ],
        type: ['VerifiableCredential', 'InquiryResultLetter'],
        credentialSubject: undefined,
      },
    });
    expect(payload.vc.credentialSubject).toMatchObject({
      statement: 'criminal-record-on-file',
      convictions,
    });
    const none = decodePart(await issueTestLetter(key.signer), 1) as typeof payload;
    expect(none.vc.credentialSubject).toStrictEqual({
      nameAsStated: '测试甲',
      nationalIdMasked: '990105********123X',
      inquiryId: '5b0e2c1d-9f8a-4b7c-a6d5-e4f3a2b1c0d9',
      recipient: { role: 'unit', org: 'kindergarten-1' },
      legalBasis: 'teachers-law-14',
      purpose: 'Recruitment of a kindergarten teacher',
      checkedAt: now.toISOString(),
      statement: 'no-criminal-record-on-file',
    });
  });

  it('names the recipient by role and organisation only, whatever else the caller holds', async () => {
    const recipient = { role: 'court', org: 'court-1', contact: 'someone' } as never;
    const letter = await issueTestLetter(key.signer, { recipient });
    const verdict = await verifyLetter(letter, bundleOf(documentOf(issuer.did, key)), { now });
    expect(verdict.valid && verdict.letter.recipient).toStrictEqual({
      role: 'court',
      org: 'court-1',
    });
  });

  it('refuses a letter not of the form, naming the field, never its value', async () => {
    const refused = issueTestLetter(key.signer, { inquiryId: 'not-an-inquiry' });
    await expect(refused).rejects.toThrow(InvalidCredentialInputError);
    await expect(refused).rejects.toThrow(/^invalid letter: vc\.credentialSubject\.inquiryId: .+$/);
    const message = await refused.catch((error: Error) => error.message);
    expect(message).not.toContain('not-an-inquiry');
  });
});

describe('Function: issueCredential', () => {
  it('refuses a validity that is not a whole number of days, before anything else', async () => {
    for (const validityDays of [0, 0.5, -3]) {
      await expect(issue(key.signer, { validityDays })).rejects.toThrow(
        new InvalidCredentialInputError('validityDays must be a positive integer'),
      );
    }
    const oneDay = await issue(key.signer, { validityDays: 1 });
    expect(oneDay.expires.getTime() - oneDay.notBefore.getTime()).toBe(86_400_000);
  });

  it('refuses a credential not of the form as "invalid credential", naming the field', async () => {
    await expect(issue(key.signer, { purpose: 'dating' as never })).rejects.toThrow(
      /^invalid credential: vc\.credentialSubject\.purpose: /,
    );
  });
});

describe('Function: didJwtSigner', () => {
  it('signs SHA-256 of the signing input, given as text or as bytes', async () => {
    const sign = didJwtSigner(key.signer);
    const publicKey = createPublicKey(key.privateKeyPem);
    const input = 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0';
    for (const data of [input, new TextEncoder().encode(input)]) {
      const signature = (await sign(data)) as string;
      expect(signature).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(
        verify(
          'sha256',
          Buffer.from(input),
          { key: publicKey, dsaEncoding: 'ieee-p1363' },
          base64url.decode(signature),
        ),
      ).toBe(true);
    }
  });
});

describe('Function: describeIssues', () => {
  it('names each issue by its path, (root) for the whole, never the value', () => {
    const schema = z
      .strictObject({ a: z.object({ b: z.string() }), c: z.number() })
      .refine(() => false, { message: 'whole' });
    const error = schema.safeParse({ a: { b: 7 }, c: 'secret' }).error as z.ZodError;
    expect(describeIssues(error)).toBe(
      'a.b: Invalid input: expected string, received number; c: Invalid input: expected number, received string',
    );
    const whole = z.string().refine(() => false, { message: 'whole' });
    expect(describeIssues(whole.safeParse('secret').error as z.ZodError)).toBe('(root): whole');
  });
});

describe('the errors of the credential module', () => {
  it('name their class, so that a log or an error table can tell them apart', () => {
    expect(
      [
        new CredentialError('x'),
        new InvalidTrustBundleError('x'),
        new InvalidDidError('x'),
        new MalformedSignatureError('x'),
        new InvalidCredentialInputError('x'),
      ].map((error) => [error.name, error instanceof CredentialError]),
    ).toEqual([
      ['CredentialError', true],
      ['InvalidTrustBundleError', true],
      ['InvalidDidError', true],
      ['MalformedSignatureError', true],
      ['InvalidCredentialInputError', true],
    ]);
  });
});
