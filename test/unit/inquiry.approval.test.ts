/**
 * The approval of an inquiry as a signed act (API.md, POST /v1/inquiries/{id}/decision;
 * DESIGN.md invariant 10; RULES.md §5, who decides): signed under the approval key, bound to
 * one application as the decider read it, by an official of the organisation it was addressed
 * to and never by the applicant; whoever discloses refuses anything else before a record is
 * read, each refusal naming the check that failed.
 */
import { createHash } from 'node:crypto';
import { base64url, compactVerify, importJWK, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { derToJose } from '#shared/domain/credential/der.ts';
import {
  APPROVAL_TYPE,
  type ApplicationFacts,
  type ApprovalClaims,
  applicationDigest,
  approvalRefusals,
  grantedScope,
  signApproval,
  verifyApproval,
} from '#shared/domain/inquiry/approval.ts';
import type { InquiryScope } from '#shared/domain/inquiry/inquiry.ts';
import { createTestKey, decodePart, signCompact } from './credential.fixtures.ts';

const DID = 'did:web:records.example';
const approvalKey = createTestKey('approval-1');
const otherKey = createTestKey('approval-2');
const KID = `${DID}#approval-1`;
const keys: ReadonlyMap<string, JWK> = new Map([
  [KID, approvalKey.published.publicKeyJwk],
  [`${DID}#approval-2`, otherKey.published.publicKeyJwk],
]);

/** A judicial full-file application by a police officer, addressed to a court. */
const stored = {
  inquiryId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  subjectIndex: 'a'.repeat(64),
  legalBasis: 'cpl-286-case-handling',
  disclosure: 'full-file' as const,
  scope: { details: true },
  inquirer: { subject: 'officer-a', role: 'police' as const, org: 'psb-0105' },
  agency: { role: 'court' as const, org: 'court-0105' },
  granted: { details: true } as InquiryScope | undefined,
};
const CASE_NUMBER = '（2026）京0105刑初1号';
const facts: ApplicationFacts = { ...stored, caseNumber: CASE_NUMBER };

function claimsFor(
  application: ApplicationFacts = facts,
  overrides: Partial<ApprovalClaims> = {},
): ApprovalClaims {
  return {
    iss: DID,
    iat: 1_767_225_600,
    inquiryId: application.inquiryId,
    decision: 'approve',
    application: applicationDigest(application),
    decider: { role: 'court', org: 'court-0105', sub: 'judge-1' },
    granted: { details: true },
    ...overrides,
  };
}

const header = { alg: 'ES256', typ: APPROVAL_TYPE, kid: KID };

/** Signs any claims, even ones `signApproval` would refuse, with a well-formed header. */
const signRaw = (payload: unknown, head: unknown = header, key = approvalKey) =>
  signCompact(head, payload, key.signer);

function verify(
  jws: string | undefined,
  application: Omit<ApplicationFacts, 'caseNumber'> & { granted?: InquiryScope } = stored,
  caseNumber: string | undefined = CASE_NUMBER,
) {
  return verifyApproval(jws, keys, application, async () => caseNumber);
}

const refusalOf = async (...args: Parameters<typeof verify>) => {
  const verdict = await verify(...args);
  return verdict.valid ? 'valid' : verdict.refusal;
};

describe('Function: applicationDigest', () => {
  it('is the SHA-256 of the canonical JSON of what the decider read, the case number null when none', () => {
    const canonical =
      '{"addressee":{"org":"court-0105","role":"court"},' +
      '"applicant":{"org":"psb-0105","role":"police","sub":"officer-a"},' +
      `"caseNumber":"${CASE_NUMBER}","disclosure":"full-file",` +
      `"inquiryId":"${stored.inquiryId}","legalBasis":"cpl-286-case-handling",` +
      `"scope":{"details":true},"subjectIndex":"${'a'.repeat(64)}"}`;
    const hex = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(applicationDigest(facts)).toBe(hex(canonical));
    const withoutCase = canonical.replace(`"${CASE_NUMBER}"`, 'null');
    expect(applicationDigest({ ...facts, caseNumber: undefined })).toBe(hex(withoutCase));
  });

  it('binds nothing else: the state, the decision and the stored grant do not change it', () => {
    const extra = { ...facts, status: 'approved', granted: { details: false }, version: 7 };
    expect(applicationDigest(extra as ApplicationFacts)).toBe(applicationDigest(facts));
  });
});

describe('Function: signApproval', () => {
  it('signs ES256 under the approval key, typ inquiry-approval+jws, kid the issuer DID and key ID', async () => {
    const claims = claimsFor();
    const jws = await signApproval(claims, approvalKey.signer, DID);
    expect(decodePart(jws, 0)).toEqual({
      alg: 'ES256',
      typ: 'inquiry-approval+jws',
      kid: 'did:web:records.example#approval-1',
    });
    const { payload } = await compactVerify(
      jws,
      await importJWK(approvalKey.published.publicKeyJwk, 'ES256'),
    );
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(claims);
  });

  it('refuses to sign anything but an approval of the schema', async () => {
    const bad = { ...claimsFor(), decision: 'refuse' } as unknown as ApprovalClaims;
    await expect(signApproval(bad, approvalKey.signer, DID)).rejects.toThrow();
  });
});

describe('Function: verifyApproval', () => {
  it('accepts the approval the decider signed, and gives its claims', async () => {
    const claims = claimsFor();
    const jws = await signApproval(claims, approvalKey.signer, DID);
    expect(await verify(jws)).toEqual({ valid: true, claims });
  });

  it('names ten refusals, one per check', () => {
    expect(approvalRefusals).toEqual([
      'approval-missing',
      'approval-malformed',
      'approval-key-unknown',
      'approval-signature-invalid',
      'approval-for-another-inquiry',
      'approval-for-another-application',
      'approval-not-by-addressed-organisation',
      'approval-by-applicant',
      'approval-scope-exceeds-application',
      'approval-scope-differs-from-stored',
    ]);
  });

  it('refuses a missing approval, an empty one included', async () => {
    expect(await refusalOf(undefined)).toBe('approval-missing');
    expect(await refusalOf('')).toBe('approval-missing');
  });

  it.each([
    ['not a JWS', 'garbage'],
    ['a header that is not JSON', `${base64url.encode('nope')}.e30.AA`],
    ['a header that is JSON null', `${base64url.encode('null')}.e30.AA`],
  ])('refuses %s as malformed', async (_why, jws) => {
    expect(await refusalOf(jws)).toBe('approval-malformed');
  });

  it.each([
    ['another algorithm', { ...header, alg: 'ES384' }],
    ['another type', { ...header, typ: 'vc+jwt' }],
    ['no type', { alg: 'ES256', kid: KID }],
    ['a kid that is not a string', { ...header, kid: 1 }],
    ['no kid', { alg: 'ES256', typ: APPROVAL_TYPE }],
  ])('refuses a header with %s as malformed', async (_why, head) => {
    expect(await refusalOf(await signRaw(claimsFor(), head))).toBe('approval-malformed');
  });

  it('refuses a key it does not know as an approval key', async () => {
    const jws = await signRaw(claimsFor(), { ...header, kid: `${DID}#certificate-1` });
    expect(await refusalOf(jws)).toBe('approval-key-unknown');
  });

  it('refuses a signature by another key, or over other claims', async () => {
    expect(await refusalOf(await signRaw(claimsFor(), header, otherKey))).toBe(
      'approval-signature-invalid',
    );
    const jws = await signRaw(claimsFor());
    const [head, , signature] = jws.split('.');
    const other = base64url.encode(JSON.stringify({ ...claimsFor(), iat: 1_767_225_601 }));
    expect(await refusalOf(`${head}.${other}.${signature}`)).toBe('approval-signature-invalid');
  });

  it('checks each approval under the key its kid names, whichever keys were used before', async () => {
    const otherHeader = { ...header, kid: `${DID}#approval-2` };
    // Both keys imported and used once…
    expect(await refusalOf(await signRaw(claimsFor()))).toBe('valid');
    expect(await refusalOf(await signRaw(claimsFor(), otherHeader, otherKey))).toBe('valid');
    // …and neither stands in for the other afterwards.
    expect(await refusalOf(await signRaw(claimsFor(), header, otherKey))).toBe(
      'approval-signature-invalid',
    );
    expect(await refusalOf(await signRaw(claimsFor(), otherHeader, approvalKey))).toBe(
      'approval-signature-invalid',
    );
  });

  it.each([
    ['an empty issuer', { iss: '' }],
    ['a time of zero', { iat: 0 }],
    ['a fractional time', { iat: 1.5 }],
    ['an inquiry ID that is no UUID', { inquiryId: 'inquiry-1' }],
    ['a refusal', { decision: 'refuse' }],
    ['a digest in upper case', { application: 'A'.repeat(64) }],
    ['a digest one digit short', { application: 'a'.repeat(63) }],
    ['a digest with something after it', { application: `${'a'.repeat(64)}0` }],
    ['a digest with something before it', { application: `0${'a'.repeat(64)}` }],
    ['a decider without a role', { decider: { role: '', org: 'court-0105', sub: 'judge-1' } }],
    ['a decider without an org', { decider: { role: 'court', org: '', sub: 'judge-1' } }],
    ['a decider without a subject', { decider: { role: 'court', org: 'court-0105', sub: '' } }],
    [
      'a decider with more to say',
      { decider: { role: 'court', org: 'court-0105', sub: 'judge-1', name: 'x' } },
    ],
    ['a grant with more in it', { granted: { details: true, records: true } }],
    ['a grant that is no boolean', { granted: { details: 'yes' } }],
    ['a claim of its own', { note: 'also this' }],
  ])('refuses claims with %s as malformed', async (_why, change) => {
    const jws = await signRaw({ ...claimsFor(), ...change });
    expect(await refusalOf(jws)).toBe('approval-malformed');
  });

  it('refuses a payload that is not JSON as malformed', async () => {
    const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode('{')}`;
    const signature = derToJose(await approvalKey.signer.sign(Buffer.from(signingInput)));
    expect(await refusalOf(`${signingInput}.${base64url.encode(signature)}`)).toBe(
      'approval-malformed',
    );
  });

  it('refuses an approval copied onto another inquiry', async () => {
    const jws = await signApproval(claimsFor(), approvalKey.signer, DID);
    const other = { ...stored, inquiryId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' };
    expect(await refusalOf(jws, other)).toBe('approval-for-another-inquiry');
  });

  it('refuses an approval by another organisation: another role, or another organisation of the role', async () => {
    for (const decider of [
      { role: 'procuratorate', org: 'court-0105', sub: 'judge-1' },
      { role: 'court', org: 'court-0106', sub: 'judge-1' },
      { role: 'police', org: 'psb-0105', sub: 'officer-b' },
    ]) {
      const jws = await signApproval(claimsFor(facts, { decider }), approvalKey.signer, DID);
      expect(await refusalOf(jws), JSON.stringify(decider)).toBe(
        'approval-not-by-addressed-organisation',
      );
    }
  });

  it('refuses an approval by the applicant, even one the holding organisation could sign', async () => {
    // The applicant's subject, under the addressed organisation: the same official.
    const decider = { role: 'court', org: 'court-0105', sub: 'officer-a' };
    const jws = await signApproval(claimsFor(facts, { decider }), approvalKey.signer, DID);
    expect(await refusalOf(jws)).toBe('approval-by-applicant');
  });

  it('refuses an approval granting more than was asked', async () => {
    const narrow = { ...stored, scope: { details: false }, granted: { details: true } };
    const jws = await signApproval(
      claimsFor({ ...narrow, caseNumber: CASE_NUMBER }),
      approvalKey.signer,
      DID,
    );
    expect(await refusalOf(jws, narrow)).toBe('approval-scope-exceeds-application');
  });

  it('accepts an approval granting less than was asked, when the stored grant says the same', async () => {
    const claims = claimsFor(facts, { granted: { details: false } });
    const jws = await signApproval(claims, approvalKey.signer, DID);
    expect(await verify(jws, { ...stored, granted: { details: false } })).toEqual({
      valid: true,
      claims,
    });
    // No stored grant is the narrowest one.
    expect(await verify(jws, { ...stored, granted: undefined })).toEqual({ valid: true, claims });
  });

  it('refuses an approval whose grant differs from the one stored, either way', async () => {
    const wide = await signApproval(claimsFor(), approvalKey.signer, DID);
    expect(await refusalOf(wide, { ...stored, granted: { details: false } })).toBe(
      'approval-scope-differs-from-stored',
    );
    expect(await refusalOf(wide, { ...stored, granted: undefined })).toBe(
      'approval-scope-differs-from-stored',
    );
    const narrow = await signApproval(
      claimsFor(facts, { granted: { details: false } }),
      approvalKey.signer,
      DID,
    );
    expect(await refusalOf(narrow, stored)).toBe('approval-scope-differs-from-stored');
  });

  it.each([
    ['another subject', { subjectIndex: 'b'.repeat(64) }],
    ['another legal basis', { legalBasis: 'judges-law-13' }],
    [
      'another applicant of the same organisation',
      {
        inquirer: { ...stored.inquirer, subject: 'officer-c' },
      },
    ],
    ['another applying organisation', { inquirer: { ...stored.inquirer, org: 'psb-0106' } }],
  ])('refuses an approval signed over %s', async (_why, change) => {
    const jws = await signApproval(claimsFor(), approvalKey.signer, DID);
    expect(await refusalOf(jws, { ...stored, ...change })).toBe('approval-for-another-application');
  });

  it('refuses an approval signed over another case number, or none', async () => {
    const jws = await signApproval(claimsFor(), approvalKey.signer, DID);
    expect(await refusalOf(jws, stored, '（2026）京0105刑初2号')).toBe(
      'approval-for-another-application',
    );
    // (A default parameter would swallow `undefined`: call the verifier itself.)
    expect(await verifyApproval(jws, keys, stored, async () => undefined)).toEqual({
      valid: false,
      refusal: 'approval-for-another-application',
    });
  });

  it('opens the application only after the signature and every plain binding hold', async () => {
    const opened: string[] = [];
    const open = (why: string) => async () => {
      opened.push(why);
      return CASE_NUMBER;
    };
    const good = await signApproval(claimsFor(), approvalKey.signer, DID);
    const byApplicant = await signApproval(
      claimsFor(facts, { decider: { role: 'court', org: 'court-0105', sub: 'officer-a' } }),
      approvalKey.signer,
      DID,
    );
    await verifyApproval(undefined, keys, stored, open('missing'));
    await verifyApproval(
      await signRaw(claimsFor(), header, otherKey),
      keys,
      stored,
      open('forged'),
    );
    await verifyApproval(byApplicant, keys, stored, open('applicant'));
    await verifyApproval(good, keys, { ...stored, granted: undefined }, open('differs'));
    expect(opened).toEqual([]);
    await verifyApproval(good, keys, stored, open('good'));
    expect(opened).toEqual(['good']);
  });
});

describe('Function: grantedScope', () => {
  it.each([
    [true, true, true],
    [true, false, false],
    [false, true, false],
    [false, false, false],
  ])('asked details %s, granted %s → %s', (asked, granted, details) => {
    expect(grantedScope({ details: asked }, { details: granted })).toEqual({ details });
  });

  it('grants no details when the decider granted nothing', () => {
    expect(grantedScope({ details: true }, undefined)).toEqual({ details: false });
  });
});
