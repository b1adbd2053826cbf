/**
 * Inquiries over real HTTP (API.md, Inquiries; IM arts. 16–17): applications on a legal
 * basis, review by the addressed agency, the notice, and results — a letter identical in form
 * for a person with only sealed records and a person with none; the judicial full file with
 * sealed records and the minor withheld from a marked record; the person's access log.
 */
import { generateKeyPairSync } from 'node:crypto';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { signingKeysDir } from '#shared/adapters/local/localKeys.ts';
import { LocalFileSigner } from '#shared/adapters/local/localSigner.ts';
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import {
  type ApplicationFacts,
  applicationDigest,
  signApproval,
} from '#shared/domain/inquiry/approval.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { decodeJwt, shapeOf } from '../support/jwt.ts';
import { submitRecord } from '../support/records.ts';
import { type ApiResponse, startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let bundle: TrustBundle;
const tokens = {} as Record<
  | 'school'
  | 'otherSchool'
  | 'police'
  | 'police2'
  | 'otherPolice'
  | 'court'
  | 'court2'
  | 'procuratorate'
  | 'justice',
  string
>;

beforeAll(async () => {
  stack = await startTestStack();
  tokens.school = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
  tokens.otherSchool = await stack.token('unit', { org: 'kindergarten-2', sub: 'hr-officer-2' });
  tokens.police = await stack.token('police', { org: 'psb-1', sub: 'police-officer-1' });
  tokens.police2 = await stack.token('police', { org: 'psb-1', sub: 'police-officer-2' });
  // Same role, another organisation: an unrelated county's public security bureau.
  tokens.otherPolice = await stack.token('police', { org: 'psb-9999', sub: 'police-officer-9' });
  tokens.court = await stack.token('court', { org: 'court-1', sub: 'judge-1' });
  // A colleague in the same court: decides applications addressed to court-1.
  tokens.court2 = await stack.token('court', { org: 'court-1', sub: 'judge-2' });
  tokens.procuratorate = await stack.token('procuratorate', { org: 'spp-1', sub: 'procurator-1' });
  tokens.justice = await stack.token('justice', { org: 'justice-1', sub: 'justice-officer-1' });
  bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
});
afterAll(async () => stack.close());

function application(person: Person, overrides: Record<string, unknown> = {}) {
  return {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: { role: 'police', org: 'psb-1' },
    legalBasis: 'teachers-law-14',
    reason: 'Applicant for a teaching post at our kindergarten.',
    purpose: 'Recruitment of a kindergarten teacher',
    ...overrides,
  };
}

async function apply(token: string, body: unknown): Promise<string> {
  const response = await stack.post('/v1/inquiries', token, body);
  expect(response.status, response.text).toBe(202);
  return String(response.json.inquiryId);
}

/** Apply, approve (another official), accept the notice: ready for the result. */
async function approvedInquiry(
  person: Person,
  overrides: Record<string, unknown> = {},
  inquirer = tokens.school,
  decider = tokens.police,
): Promise<string> {
  const inquiryId = await apply(inquirer, application(person, overrides));
  const decided = await stack.post(`/v1/inquiries/${inquiryId}/decision`, decider, {
    decision: 'approve',
  });
  expect(decided.status, decided.text).toBe(200);
  const accepted = await stack.post(`/v1/inquiries/${inquiryId}/acknowledgement`, inquirer, {
    accepted: true,
  });
  expect(accepted.status, accepted.text).toBe(200);
  return inquiryId;
}

async function letterFor(person: Person, overrides: Record<string, unknown> = {}) {
  const inquiryId = await approvedInquiry(person, overrides);
  const response = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
    token: tokens.school,
  });
  expect(response.status, response.text).toBe(200);
  return { inquiryId, response, letter: String(response.json.letter) };
}

describe('GET /v1/legal-bases', () => {
  it('lists the versioned registry to any authenticated role, and no one else', async () => {
    const response = await stack.request('GET', '/v1/legal-bases', { token: tokens.school });
    expect(response.status).toBe(200);
    const bases = response.json.bases as { id: string; disclosure: string; inquirers: string[] }[];
    expect(bases.map((b) => b.id)).toEqual(
      expect.arrayContaining([
        'teachers-law-14',
        'minors-protection-law-62',
        'cpl-286-case-handling',
      ]),
    );
    expect(bases.some((b) => b.disclosure === 'letter' && b.inquirers.includes('unit'))).toBe(true);
    expect(bases.some((b) => b.disclosure === 'full-file' && b.inquirers.includes('court'))).toBe(
      true,
    );
    expect(response.json.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
    expect((await stack.request('GET', '/v1/legal-bases')).status).toBe(401);
  });
});

describe('POST /v1/inquiries', () => {
  it('accepts an application, due on the third PRC working day, storing nothing in the clear', async () => {
    const person = syntheticPerson();
    const response = await stack.post('/v1/inquiries', tokens.school, application(person));
    expect(response.status, response.text).toBe(202);
    expect(response.json).toMatchObject({ status: 'pending' });
    expect(response.json.decideBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const stored = (await stack.scan('Inquiries')).find(
      (item) => item.inquiryId === response.json.inquiryId,
    );
    const text = JSON.stringify(stored);
    expect(text).not.toContain(person.nationalId);
    expect(text).not.toContain(person.name);
    expect(text).not.toContain('kindergarten teacher');
  });

  it.each([
    ['an unknown basis', { legalBasis: 'no-such-law' }, 'school'],
    [
      'a judicial basis invoked by a unit',
      { legalBasis: 'cpl-286-case-handling', caseNumber: 'X' },
      'school',
    ],
    ['a unit basis invoked by a court', {}, 'court'],
    [
      'a basis not addressed to that agency',
      { legalBasis: 'minors-protection-law-62', agency: { role: 'court', org: 'court-1' } },
      'school',
    ],
  ] as const)(
    'refuses %s with 422 no-legal-basis, storing nothing',
    async (_name, overrides, who) => {
      const before = (await stack.scan('Inquiries')).length;
      const token = tokens[who];
      const response = await stack.post(
        '/v1/inquiries',
        token,
        application(syntheticPerson(), overrides),
      );
      expect(response.status, response.text).toBe(422);
      expect(response.json.code).toBe('no-legal-basis');
      expect((await stack.scan('Inquiries')).length).toBe(before);
    },
  );

  it('names each bad field, and requires a case number for a judicial basis', async () => {
    const response = await stack.post('/v1/inquiries', tokens.court, {
      ...application(syntheticPerson(), { legalBasis: 'cpl-286-case-handling' }),
      purpose: '',
    });
    expect(response.status).toBe(400);
    expect((response.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'caseNumber',
      'purpose',
    ]);
  });

  it('replays the first answer for a repeated Idempotency-Key', async () => {
    const body = application(syntheticPerson());
    const headers = { 'idempotency-key': 'inquiry-retry-1' };
    const first = await stack.post('/v1/inquiries', tokens.school, body, headers);
    const second = await stack.post('/v1/inquiries', tokens.school, body, headers);
    expect(second.text).toBe(first.text);
  });
});

describe('review by the addressed organisation', () => {
  it('shows the application to the inquirer’s organisation and the addressed organisation, 404 to others', async () => {
    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    const status = async (token: string) =>
      (await stack.request('GET', `/v1/inquiries/${inquiryId}`, { token })).status;
    expect(await status(tokens.school)).toBe(200);
    expect(await status(tokens.police)).toBe(200);
    expect(await status(tokens.otherPolice)).toBe(404);
    expect(await status(tokens.otherSchool)).toBe(404);
    expect(await status(tokens.court)).toBe(404);
    expect(await status(tokens.justice)).toBe(404);
    expect(
      (await stack.request('GET', '/v1/inquiries/not-an-id', { token: tokens.school })).status,
    ).toBe(404);
  });

  it('lists pending applications to officials of the agency, by deadline', async () => {
    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    const list = await stack.request('GET', '/v1/inquiries?status=pending', {
      token: tokens.police2,
    });
    expect(list.status).toBe(200);
    const items = list.json.inquiries as {
      inquiryId: string;
      decideBy: string;
      overdue: boolean;
    }[];
    expect(items.map((i) => i.inquiryId)).toContain(inquiryId);
    expect(items.map((i) => i.decideBy)).toEqual([...items.map((i) => i.decideBy)].sort());
    const court = await stack.request('GET', '/v1/inquiries', { token: tokens.court });
    expect((court.json.inquiries as { inquiryId: string }[]).map((i) => i.inquiryId)).not.toContain(
      inquiryId,
    );
    const otherPolice = await stack.request('GET', '/v1/inquiries', { token: tokens.otherPolice });
    expect(
      (otherPolice.json.inquiries as { inquiryId: string }[]).map((i) => i.inquiryId),
    ).not.toContain(inquiryId);
  });

  it('pages the list with cursor and limit, and refuses a cursor it did not hand out', async () => {
    const police = await stack.token('police', { org: 'psb-paged', sub: 'paging-officer' });
    const made = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      made.add(
        await apply(
          tokens.school,
          application(syntheticPerson(), { agency: { role: 'police', org: 'psb-paged' } }),
        ),
      );
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const query = `/v1/inquiries?status=pending&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await stack.request('GET', query, { token: police });
      expect(page.status, page.text).toBe(200);
      const items = page.json.inquiries as { inquiryId: string }[];
      expect(items.length).toBeLessThanOrEqual(2);
      seen.push(...items.map((i) => i.inquiryId));
      cursor = page.json.cursor as string | undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(new Set(seen)).toEqual(made);
    expect(pages).toBeGreaterThanOrEqual(3);
    const bad = await stack.request('GET', '/v1/inquiries?cursor=bm90LWEtY3Vyc29y', {
      token: police,
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([expect.objectContaining({ path: 'cursor' })]);
  });

  it('lets no official of another organisation of the same role decide (404)', async () => {
    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    const other = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.otherPolice, {
      decision: 'approve',
    });
    expect(other.status).toBe(404);
    const view = await stack.request('GET', `/v1/inquiries/${inquiryId}`, { token: tokens.school });
    expect(view.json.status).toBe('pending');
  });

  it('shows the deciding organisation who applies, on what statute, why, for what and about whom', async () => {
    const person = syntheticPerson();
    const inquiryId = await apply(
      tokens.court,
      application(person, {
        legalBasis: 'cpl-286-case-handling',
        caseNumber: '(2099)测刑查9号',
        scope: { details: true },
      }),
    );
    const view = await stack.request('GET', `/v1/inquiries/${inquiryId}`, {
      token: tokens.police2,
    });
    expect(view.status, view.text).toBe(200);
    expect(view.json).toMatchObject({
      applicant: { role: 'court', org: 'court-1', sub: 'judge-1' },
      legalBasis: 'cpl-286-case-handling',
      legalBasisReference: {
        statute: expect.stringContaining('Criminal Procedure Law'),
        article: 'art. 286',
      },
      reason: 'Applicant for a teaching post at our kindergarten.',
      purpose: 'Recruitment of a kindergarten teacher',
      caseNumber: '(2099)测刑查9号',
      subject: {
        name: person.name,
        nationalIdMasked: `${person.nationalId.slice(0, 6)}********${person.nationalId.slice(14)}`,
      },
      scope: { details: true },
      decideBy: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(view.text).not.toContain(person.nationalId);
    // The applying organisation sees its application, not the reviewer's page.
    const own = await stack.request('GET', `/v1/inquiries/${inquiryId}`, { token: tokens.court });
    expect(own.json).not.toHaveProperty('applicant');
  });

  it('an official may not decide their own application; refusal needs reasons; decided once', async () => {
    const own = await apply(
      tokens.police,
      application(syntheticPerson(), {
        legalBasis: 'cpl-286-case-handling',
        caseNumber: '(2099)测刑1号',
      }),
    );
    const self = await stack.post(`/v1/inquiries/${own}/decision`, tokens.police, {
      decision: 'approve',
    });
    expect(self.status).toBe(403);
    expect(self.json.code).toBe('own-application');

    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    const court = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.court, {
      decision: 'approve',
    });
    expect(court.status).toBe(404);
    const bare = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.police, {
      decision: 'refuse',
    });
    expect(bare.status).toBe(400);
    expect(bare.json.errors).toEqual([expect.objectContaining({ path: 'reasons' })]);
    const refused = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.police, {
      decision: 'refuse',
      reasons: 'The post is not one the Teachers Law covers.',
    });
    expect(refused.status, refused.text).toBe(200);
    expect(refused.json).toMatchObject({ status: 'refused', reasons: expect.any(String) });
    const again = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.police2, {
      decision: 'approve',
    });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('inquiry-already-decided');
    const result = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: tokens.school,
    });
    expect(result.status).toBe(409);
    expect(result.json.code).toBe('inquiry-refused');
  });

  it('withholds the result until approved, then until the notice is accepted', async () => {
    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    const result = () =>
      stack.request('GET', `/v1/inquiries/${inquiryId}/result`, { token: tokens.school });
    expect((await result()).json.code).toBe('inquiry-not-approved');
    await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.police, { decision: 'approve' });
    const view = await stack.request('GET', `/v1/inquiries/${inquiryId}`, { token: tokens.school });
    expect(view.json.notice).toMatchObject({ accepted: false, basis: 'IM art. 17' });
    expect((await result()).json.code).toBe('acknowledgement-required');
    const otherOrg = await stack.post(
      `/v1/inquiries/${inquiryId}/acknowledgement`,
      tokens.otherSchool,
      {
        accepted: true,
      },
    );
    expect(otherOrg.status).toBe(404);
    expect(
      (
        await stack.post(`/v1/inquiries/${inquiryId}/acknowledgement`, tokens.school, {
          accepted: false,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await stack.post(`/v1/inquiries/${inquiryId}/acknowledgement`, tokens.school, {
          accepted: true,
        })
      ).status,
    ).toBe(200);
    expect((await result()).status).toBe(200);
  });
});

describe('the letter (uniform: sealed records only ≡ no record)', () => {
  const outcomes = {} as Record<'none' | 'sealed' | 'related' | 'convicted', ApiResponse>;
  const deciderViews = {} as Record<'none' | 'sealed' | 'related' | 'convicted', ApiResponse>;

  beforeAll(async () => {
    const court = tokens.court;
    const none = syntheticPerson('2004-06-15');
    const sealed = syntheticPerson('2004-06-15');
    const related = syntheticPerson('2004-06-15');
    const convicted = syntheticPerson('2004-06-15');
    await submitRecord(
      stack,
      court,
      judgment({ person: sealed, offenceDate: '2020-05-01', months: 36 }),
      {
        sealed: true,
      },
    );
    await submitRecord(
      stack,
      tokens.procuratorate,
      relatedRecord(related, 'non-prosecution', '2021-01-01'),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      judgment({ person: convicted, offenceDate: '2023-05-01', months: 18 }),
      { sealed: false },
    );
    for (const [kind, person] of Object.entries({ none, sealed, related, convicted })) {
      const pending = await apply(tokens.school, application(person));
      deciderViews[kind as keyof typeof deciderViews] = await stack.request(
        'GET',
        `/v1/inquiries/${pending}`,
        { token: tokens.police2 },
      );
      outcomes[kind as keyof typeof outcomes] = (await letterFor(person)).response;
    }
  });

  it.each(['sealed', 'related', 'convicted'] as const)(
    'the decider’s view of %s: same status, headers, shape and byte length as none',
    (kind) => {
      const a = deciderViews.none;
      const b = deciderViews[kind];
      expect(a.status, a.text).toBe(200);
      expect(b.status).toBe(a.status);
      expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
      expect(shapeOf(b.json)).toEqual(shapeOf(a.json));
      expect(b.text.length).toBe(a.text.length);
      expect(a.json).toHaveProperty('subject');
    },
  );

  it.each(['sealed', 'related'] as const)(
    '%s: same status, headers, claims and byte length as none',
    (kind) => {
      const a = outcomes.none;
      const b = outcomes[kind];
      expect(b.status).toBe(a.status);
      expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
      expect(b.text.length).toBe(a.text.length);
      const la = decodeJwt(String(a.json.letter));
      const lb = decodeJwt(String(b.json.letter));
      expect(lb.header).toEqual(la.header);
      expect(shapeOf(lb.payload)).toEqual(shapeOf(la.payload));
      expect(Buffer.byteLength(String(b.json.letter))).toBe(
        Buffer.byteLength(String(a.json.letter)),
      );
      const subject = (lb.payload.vc as { credentialSubject: Record<string, unknown> })
        .credentialSubject;
      expect(subject.statement).toBe('no-criminal-record-on-file');
      expect(subject).not.toHaveProperty('convictions');
    },
  );

  it('is bound: names its recipient and inquiry, and the name as the applicant stated it', async () => {
    const person = syntheticPerson();
    const { inquiryId, letter } = await letterFor(person);
    const subject = (decodeJwt(letter).payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    expect(subject).toMatchObject({
      inquiryId,
      recipient: { role: 'unit', org: 'kindergarten-1' },
      nameAsStated: person.name,
    });
    expect(subject).not.toHaveProperty('name');
  });

  it('is issued once: every fetch returns the same letter, each fetch audited', async () => {
    const { inquiryId, letter } = await letterFor(syntheticPerson());
    const again = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: tokens.school,
    });
    expect(again.status).toBe(200);
    expect(again.json.letter).toBe(letter);
    const stored = (await stack.scan('InquiryLetters')).filter((i) => i.inquiryId === inquiryId);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(letter.split('.')[1]);
    const events = (await stack.auditEvents()).filter(
      (e) => e.action === 'inquiry.letter' && e.target === inquiryId,
    );
    expect(events).toHaveLength(2);
  });

  it('lists an unsealed conviction (the comparison can fail)', () => {
    const payload = decodeJwt(String(outcomes.convicted.json.letter)).payload;
    const subject = (payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    expect(subject.statement).toBe('criminal-record-on-file');
    expect(subject.convictions).toEqual([
      {
        offences: ['测试罪名'],
        penalty: 'fixed-term-imprisonment',
        months: 18,
        effectiveDate: '2024-05-01',
      },
    ]);
    expect(outcomes.convicted.text.length).not.toBe(outcomes.none.text.length);
  });

  it('is signed like a certificate: a JOSE library verifies it against the trust bundle', async () => {
    const letter = String(outcomes.none.json.letter);
    const { kid } = decodeProtectedHeader(letter);
    const methods = bundle.didDocuments.flatMap((d) => d.verificationMethod);
    const method = methods.find((m) => m.id === kid);
    expect(method).toBeDefined();
    const key = await importJWK(method?.publicKeyJwk as never, 'ES256');
    const { payload } = await jwtVerify(letter, key, { algorithms: ['ES256'] });
    expect((payload.vc as { type: string[] }).type).toEqual([
      'VerifiableCredential',
      'InquiryResultLetter',
    ]);
  });

  /** The statement and listed offences of a letter about a person with one unsealed conviction. */
  async function letterOf(legalBasis: string, conviction: Record<string, unknown>) {
    const person = syntheticPerson('1990-01-01');
    await submitRecord(
      stack,
      tokens.court,
      { ...judgment({ person, offenceDate: '2023-01-01', months: 30 }), ...conviction },
      { sealed: false },
    );
    const { letter } = await letterFor(person, { legalBasis });
    const subject = (decodeJwt(letter).payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    const convictions = (subject.convictions ?? []) as { offences: string[] }[];
    return { statement: subject.statement, offences: convictions.flatMap((c) => c.offences) };
  }

  it.each([
    // Minors Protection Law art. 62, by article: the review's two cases first.
    [
      'minors-protection-law-62',
      '强制猥亵、侮辱罪 (237)',
      { offences: [{ name: '强制猥亵、侮辱罪', intentional: true }] },
      ['强制猥亵、侮辱罪'],
    ],
    [
      'minors-protection-law-62',
      '引诱、容留、介绍卖淫罪 (359(1)), not sexual assault by its reading',
      { offences: [{ name: '引诱、容留、介绍卖淫罪', intentional: true }] },
      [],
    ],
    [
      'minors-protection-law-62',
      '虐待罪 (260)',
      { offences: [{ name: '虐待罪', intentional: true }] },
      ['虐待罪'],
    ],
    ['minors-protection-law-62', 'theft (264)', {}, []],
    [
      'minors-protection-law-62',
      'of theft and abuse, only the abuse',
      {
        offences: [
          { name: '盗窃罪', intentional: true },
          { name: '虐待罪', intentional: true },
        ],
      },
      ['虐待罪'],
    ],
    // Teachers Law art. 14 and Lawyers Law art. 7: neither bars a negligent crime …
    [
      'teachers-law-14',
      'a negligent crime (133)',
      { offences: [{ name: '交通肇事罪', intentional: false }] },
      [],
    ],
    [
      'lawyers-law-7',
      'a negligent crime (133)',
      { offences: [{ name: '交通肇事罪', intentional: false }] },
      [],
    ],
    // … and the Teachers Law no 4-month criminal detention, which the Lawyers Law does bar.
    [
      'teachers-law-14',
      'a 4-month criminal detention',
      { sentence: { penalty: 'criminal-detention', months: 4 } },
      [],
    ],
    [
      'lawyers-law-7',
      'a 4-month criminal detention',
      { sentence: { penalty: 'criminal-detention', months: 4 } },
      ['测试罪名'],
    ],
    ['teachers-law-14', '30 months for an intentional crime', {}, ['测试罪名']],
    [
      'civil-servants-law-26',
      'an exemption from punishment',
      { sentence: { penalty: 'exempted' } },
      [],
    ],
    [
      'school-bus-safety-regulations-23',
      'an exemption from punishment (无犯罪记录)',
      { sentence: { penalty: 'exempted' } },
      ['测试罪名'],
    ],
  ] as const)(
    'under %s, a conviction for %s: letter lists %j',
    async (basis, _what, conviction, listed) => {
      const { statement, offences } = await letterOf(basis, conviction);
      expect(offences).toEqual(listed);
      expect(statement).toBe(
        listed.length > 0 ? 'criminal-record-on-file' : 'no-criminal-record-on-file',
      );
    },
  );
});

describe('letters under a flagged basis (Minors Protection Law art. 62): uniform, and flagged to the decider', () => {
  const outcomes = {} as Record<'none' | 'sealed', ApiResponse>;
  const views = {} as Record<'none' | 'sealed', ApiResponse>;
  const toPolice = { legalBasis: 'minors-protection-law-62' };

  beforeAll(async () => {
    const none = syntheticPerson('2004-06-15');
    const sealed = syntheticPerson('2004-06-15');
    // A sexual offence at 16, sealed: the statute does not say it is reached, and it is not.
    await submitRecord(
      stack,
      tokens.court,
      {
        ...judgment({ person: sealed, offenceDate: '2020-09-01', months: 36 }),
        offences: [{ name: '强制猥亵、侮辱罪', intentional: true }],
      },
      { sealed: true },
    );
    for (const [kind, person] of Object.entries({ none, sealed })) {
      const pending = await apply(tokens.school, application(person, toPolice));
      views[kind as 'none'] = await stack.request('GET', `/v1/inquiries/${pending}`, {
        token: tokens.police2,
      });
      outcomes[kind as 'none'] = (await letterFor(person, toPolice)).response;
    }
  });

  it('shows the deciding official the flag and the reading the registry takes', () => {
    expect(views.none.json.legalBasisReference).toMatchObject({
      article: 'art. 62',
      flags: ['sealed-records-unclear'],
      readings: expect.arrayContaining([
        expect.objectContaining({
          reading: expect.stringMatching(/sealed records are not reported/),
        }),
      ]),
    });
  });

  it('gives sealed-only and none the same decider view and the same letter, byte for byte in length', () => {
    expect(shapeOf(views.sealed.json)).toEqual(shapeOf(views.none.json));
    expect(views.sealed.text.length).toBe(views.none.text.length);
    const a = decodeJwt(String(outcomes.none.json.letter));
    const b = decodeJwt(String(outcomes.sealed.json.letter));
    expect(shapeOf(b.payload)).toEqual(shapeOf(a.payload));
    expect(outcomes.sealed.text.length).toBe(outcomes.none.text.length);
    const subject = (b.payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    expect(subject.statement).toBe('no-criminal-record-on-file');
  });
});

describe('the judicial full file (CPL art. 286)', () => {
  const toCourt1 = { role: 'court', org: 'court-1' };

  /** A judicial application to the court that holds the records, approved by a colleague. */
  async function fullFile(
    person: Person,
    inquirer: string,
    options: { details?: boolean; grant?: boolean; caseNumber?: string } = {},
  ) {
    const inquiryId = await apply(
      inquirer,
      application(person, {
        legalBasis: 'cpl-286-case-handling',
        caseNumber: options.caseNumber ?? syntheticCaseNumber(),
        agency: toCourt1,
        ...(options.details ? { scope: { details: true } } : {}),
      }),
    );
    const decided = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.court2, {
      decision: 'approve',
      ...(options.grant ? { scope: { details: true } } : {}),
    });
    expect(decided.status, decided.text).toBe(200);
    await stack.post(`/v1/inquiries/${inquiryId}/acknowledgement`, inquirer, { accepted: true });
    const file = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: inquirer,
    });
    expect(file.status, file.text).toBe(200);
    return { inquiryId, records: file.json.records as Record<string, unknown>[], file };
  }

  it('shows the holder’s records, sealed ones included, and withholds the minor from a marked record', async () => {
    const minor = syntheticPerson('2005-01-01');
    const adult = syntheticPerson('1990-01-01');
    const caseNumber = syntheticCaseNumber();
    const sealed = await submitRecord(
      stack,
      tokens.court,
      {
        ...judgment({
          person: minor,
          offenceDate: '2021-06-01',
          caseNumber,
          months: 24,
          coDefendants: [adult],
        }),
        details: { note: 'minor details' },
      },
      { sealed: true },
    );
    const adultRecord = await submitRecord(
      stack,
      tokens.court,
      {
        ...judgment({
          person: adult,
          offenceDate: '2021-06-01',
          caseNumber,
          months: 36,
          coDefendants: [minor],
        }),
        details: { witness: 'names the minor' },
      },
      { sealed: false },
    );
    // A court applying to itself: a colleague other than the applicant decides.
    const { records } = await fullFile(minor, tokens.court, { details: true, grant: true });
    expect(records).toEqual([
      expect.objectContaining({
        recordId: sealed.recordId,
        sealed: true,
        caseNumber,
        details: { note: 'minor details' },
      }),
    ]);

    const { records: adultRecords, file } = await fullFile(adult, tokens.procuratorate, {
      details: true,
      grant: true,
    });
    const [entry] = adultRecords;
    expect(entry).toMatchObject({
      recordId: adultRecord.recordId,
      sealed: false,
      containsSealedInformation: true,
      mark: '含犯罪记录封存信息',
    });
    expect(entry).not.toHaveProperty('details');
    expect(file.text).not.toContain(minor.nationalId);
    expect(file.text).not.toContain(minor.name);
  });

  it('gives free-form details only where the application asked for them and the approval granted them', async () => {
    const person = syntheticPerson('2005-01-01');
    await submitRecord(
      stack,
      tokens.court,
      { ...judgment({ person, offenceDate: '2021-06-01' }), details: { counselling: 'notes' } },
      { sealed: true },
    );
    const askedNotGranted = await fullFile(person, tokens.procuratorate, { details: true });
    expect(askedNotGranted.records).toHaveLength(1);
    expect(askedNotGranted.records[0]).not.toHaveProperty('details');
    const notAsked = await fullFile(person, tokens.procuratorate);
    expect(notAsked.records[0]).not.toHaveProperty('details');
    const granted = await fullFile(person, tokens.procuratorate, { details: true, grant: true });
    expect(granted.records[0]).toMatchObject({ details: { counselling: 'notes' } });

    // Granting what was not asked for is refused, naming the field.
    const inquiryId = await apply(
      tokens.procuratorate,
      application(person, {
        legalBasis: 'cpl-286-case-handling',
        caseNumber: syntheticCaseNumber(),
        agency: toCourt1,
      }),
    );
    const overreach = await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.court2, {
      decision: 'approve',
      scope: { details: true },
    });
    expect(overreach.status).toBe(400);
    expect(overreach.json.errors).toEqual([expect.objectContaining({ path: 'scope.details' })]);
    // …and a letter basis cannot ask for details at all.
    const letterScope = await stack.post(
      '/v1/inquiries',
      tokens.school,
      application(person, { scope: { details: true } }),
    );
    expect(letterScope.status).toBe(400);
    expect(letterScope.json.errors).toEqual([expect.objectContaining({ path: 'scope' })]);
  });

  it('excludes another organisation’s records: those need an application to it', async () => {
    const person = syntheticPerson('2005-01-01');
    const own = await submitRecord(
      stack,
      tokens.court,
      judgment({ person, offenceDate: '2021-06-01' }),
      { sealed: true },
    );
    const otherCourt = await stack.token('court', { org: 'court-2', sub: 'judge-9' });
    const other = await submitRecord(
      stack,
      otherCourt,
      judgment({ person, offenceDate: '2022-02-01' }),
      { sealed: true },
    );
    const { records, file } = await fullFile(person, tokens.procuratorate);
    expect(records.map((r) => r.recordId)).toEqual([own.recordId]);
    expect(file.text).not.toContain(other.recordId);
  });

  it('is audited before it is returned, naming the records disclosed', async () => {
    const person = syntheticPerson('2005-01-01');
    const record = await submitRecord(
      stack,
      tokens.court,
      judgment({ person, offenceDate: '2021-06-01' }),
      {
        sealed: true,
      },
    );
    const { inquiryId } = await fullFile(person, tokens.procuratorate);
    const events = (await stack.auditEvents()).filter(
      (e) => e.action === 'inquiry.full-file' && e.target === inquiryId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { sub: 'procurator-1', role: 'procuratorate', org: 'spp-1' },
      details: { disclosedRecordIds: [record.recordId] },
      legalBasis: ['cpl-286-case-handling'],
    });
  });
});

describe('signed approvals (DESIGN.md invariant 10)', () => {
  let documents: DynamoDBDocumentClient;
  let did: string;
  beforeAll(() => {
    documents = DynamoDBDocumentClient.from(
      createDynamoDbClient({ region: 'cn-north-1', endpoint: stack.dynamoDbEndpoint }),
    );
    did = bundle.didDocuments[0]?.id ?? '';
  });
  afterAll(() => documents.destroy());

  const stored = async (inquiryId: string) =>
    (await stack.scan('Inquiries')).find((item) => item.inquiryId === inquiryId) ?? {};

  /** Writes straight into the table, as a compromised function holding its grants could. */
  async function overwrite(inquiryId: string, attributes: Record<string, unknown>) {
    const names = Object.keys(attributes);
    await documents.send(
      new UpdateCommand({
        TableName: 'Inquiries',
        Key: { inquiryId },
        UpdateExpression: `SET ${names.map((_, i) => `#a${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#a${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          names.map((name, i) => [`:v${i}`, attributes[name]]),
        ),
      }),
    );
  }

  /** A sealed record for a person and a pending full-file application about them. */
  async function pendingFullFile(caseNumber = syntheticCaseNumber()) {
    const person = syntheticPerson('2005-01-01');
    await submitRecord(stack, tokens.court, judgment({ person, offenceDate: '2021-06-01' }), {
      sealed: true,
    });
    const inquiryId = await apply(
      tokens.court,
      application(person, { legalBasis: 'cpl-286-case-handling', caseNumber }),
    );
    return { person, inquiryId, caseNumber };
  }

  const approvedAndAcknowledged = (inquiryId: string, approval: string | undefined) =>
    overwrite(inquiryId, {
      status: 'approved',
      agencyStatus: 'police#psb-1#approved',
      decidedBy: 'police-officer-1',
      decidedAt: new Date().toISOString(),
      acknowledgedAt: new Date().toISOString(),
      acknowledgedBy: 'judge-1',
      granted: { details: false },
      ...(approval === undefined ? {} : { approval }),
    });

  async function refusedResult(inquiryId: string, refusal: string) {
    const result = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: tokens.court,
    });
    expect(result.status, result.text).toBe(403);
    expect(result.json.code).toBe('approval-not-verified');
    expect(result.json).not.toHaveProperty('records');
    const events = (await stack.auditEvents()).filter((e) => e.target === inquiryId);
    expect(events.filter((e) => e.action === 'inquiry.full-file')).toEqual([]);
    expect(events.filter((e) => e.action === 'inquiry.result-refused')).toEqual([
      expect.objectContaining({ outcome: refusal }),
    ]);
  }

  async function facts(inquiryId: string, caseNumber: string): Promise<ApplicationFacts> {
    const item = await stored(inquiryId);
    return {
      inquiryId,
      subjectIndex: String(item.subjectIndex),
      legalBasis: String(item.legalBasis),
      disclosure: item.disclosure as ApplicationFacts['disclosure'],
      scope: item.scope as ApplicationFacts['scope'],
      inquirer: item.inquirer as ApplicationFacts['inquirer'],
      agency: item.agency as ApplicationFacts['agency'],
      caseNumber,
    };
  }

  it('stores a decision as an ES256 JWS under the approval key, binding the application', async () => {
    const { inquiryId } = await pendingFullFile();
    await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.police, {
      decision: 'approve',
    });
    const approval = String((await stored(inquiryId)).approval);
    const header = decodeProtectedHeader(approval);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'inquiry-approval+jws' });
    expect(String(header.kid)).toMatch(/#approval-\d+$/);
    const payload = JSON.parse(Buffer.from(approval.split('.')[1] ?? '', 'base64url').toString());
    expect(payload).toMatchObject({
      inquiryId,
      decision: 'approve',
      decider: { role: 'police', org: 'psb-1', sub: 'police-officer-1' },
      granted: { details: false },
      application: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('a forged approval written straight into the table releases nothing, audited as refused', async () => {
    const { inquiryId } = await pendingFullFile();
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forger = new LocalFileSigner(
      'approval-1',
      privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    const item = await stored(inquiryId);
    const forged = await signApproval(
      {
        iss: did,
        iat: Math.floor(Date.now() / 1000),
        inquiryId,
        decision: 'approve',
        application: applicationDigest({
          ...(item as unknown as ApplicationFacts),
          caseNumber: undefined,
        }),
        decider: { role: 'police', org: 'psb-1', sub: 'police-officer-1' },
        granted: { details: false },
      },
      forger,
      did,
    );
    await approvedAndAcknowledged(inquiryId, forged);
    await refusedResult(inquiryId, 'approval-signature-invalid');
  });

  it('an approved item with no approval at all releases nothing', async () => {
    const { inquiryId } = await pendingFullFile();
    await approvedAndAcknowledged(inquiryId, undefined);
    await refusedResult(inquiryId, 'approval-missing');
  });

  it('an approval replayed onto another inquiry releases nothing', async () => {
    const first = await pendingFullFile();
    await stack.post(`/v1/inquiries/${first.inquiryId}/decision`, tokens.police, {
      decision: 'approve',
    });
    const approval = String((await stored(first.inquiryId)).approval);
    const second = await pendingFullFile();
    await approvedAndAcknowledged(second.inquiryId, approval);
    await refusedResult(second.inquiryId, 'approval-for-another-inquiry');
  });

  it('an approval of an application rewritten afterwards (another person) releases nothing', async () => {
    const { inquiryId } = await pendingFullFile();
    const other = await pendingFullFile();
    await stack.post(`/v1/inquiries/${inquiryId}/decision`, tokens.police, {
      decision: 'approve',
    });
    await stack.post(`/v1/inquiries/${inquiryId}/acknowledgement`, tokens.court, {
      accepted: true,
    });
    await overwrite(inquiryId, { subjectIndex: (await stored(other.inquiryId)).subjectIndex });
    await refusedResult(inquiryId, 'approval-for-another-application');
  });

  it.each([
    [
      'an official of another organisation',
      { role: 'police', org: 'psb-9999', sub: 'x-1' },
      'approval-not-by-addressed-organisation',
    ],
    ['the applicant', { role: 'police', org: 'psb-1', sub: 'judge-1' }, 'approval-by-applicant'],
  ] as const)(
    'an approval signed with the real key by %s releases nothing',
    async (_who, decider, refusal) => {
      const { inquiryId, caseNumber } = await pendingFullFile();
      const signer = LocalFileSigner.fromDirectory(
        signingKeysDir(stack.dataDir, 'approvalSigningKey'),
      );
      const approval = await signApproval(
        {
          iss: did,
          iat: Math.floor(Date.now() / 1000),
          inquiryId,
          decision: 'approve',
          application: applicationDigest(await facts(inquiryId, caseNumber)),
          decider: { ...decider },
          granted: { details: false },
        },
        signer,
        did,
      );
      await approvedAndAcknowledged(inquiryId, approval);
      await refusedResult(inquiryId, refusal);
    },
  );

  it('the same, signed by an official of the addressed organisation, releases the file (the checks can pass)', async () => {
    const { inquiryId, caseNumber } = await pendingFullFile();
    const signer = LocalFileSigner.fromDirectory(
      signingKeysDir(stack.dataDir, 'approvalSigningKey'),
    );
    const approval = await signApproval(
      {
        iss: did,
        iat: Math.floor(Date.now() / 1000),
        inquiryId,
        decision: 'approve',
        application: applicationDigest(await facts(inquiryId, caseNumber)),
        decider: { role: 'police', org: 'psb-1', sub: 'police-officer-2' },
        granted: { details: false },
      },
      signer,
      did,
    );
    await approvedAndAcknowledged(inquiryId, approval);
    const result = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: tokens.court,
    });
    expect(result.status, result.text).toBe(200);
  });

  it('a forged approval of a letter inquiry releases no letter', async () => {
    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    await overwrite(inquiryId, {
      status: 'approved',
      agencyStatus: 'police#psb-1#approved',
      acknowledgedAt: new Date().toISOString(),
      approval: 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA',
    });
    const result = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: tokens.school,
    });
    expect(result.status).toBe(403);
    expect(result.json).not.toHaveProperty('letter');
  });
});

describe('GET /v1/me/access-log', () => {
  it('shows who asked, when, on what basis and purpose, and the decision — never the result', async () => {
    const person = syntheticPerson('2004-06-15');
    await submitRecord(stack, tokens.court, judgment({ person, offenceDate: '2023-01-01' }), {
      sealed: false,
    });
    const { inquiryId } = await letterFor(person);
    const pending = await apply(tokens.otherSchool, application(person));
    const citizen = await stack.token('citizen', { person });
    const response = await stack.request('GET', '/v1/me/access-log', { token: citizen });
    expect(response.status).toBe(200);
    const entries = response.json.entries as Record<string, unknown>[];
    expect(entries).toHaveLength(2);
    expect(entries).toContainEqual({
      at: expect.any(String),
      inquirer: { role: 'unit', org: 'kindergarten-1' },
      legalBasis: 'teachers-law-14',
      purpose: 'Recruitment of a kindergarten teacher',
      status: 'approved',
    });
    expect(entries.map((e) => e.status).sort()).toEqual(['approved', 'pending']);
    expect(response.text).not.toContain('criminal-record');
    expect(response.text).not.toContain(inquiryId);
    expect(response.text).not.toContain(pending);
    const other = await stack.token('citizen', { person: syntheticPerson() });
    expect(
      (await stack.request('GET', '/v1/me/access-log', { token: other })).json.entries,
    ).toEqual([]);
    expect((await stack.request('GET', '/v1/me/access-log', { token: tokens.school })).status).toBe(
      403,
    );
  });
});

describe('the letter reads only the disclosable set and its letter facts', () => {
  let documents: DynamoDBDocumentClient;
  beforeAll(() => {
    documents = DynamoDBDocumentClient.from(
      createDynamoDbClient({ region: 'cn-north-1', endpoint: stack.dynamoDbEndpoint }),
    );
  });
  afterAll(() => documents.destroy());

  const entryOf = async (recordId: string) =>
    (await stack.scan('DisclosableConvictions')).find((item) => item.recordId === recordId);

  async function convictionsIn(letter: string) {
    const subject = (decodeJwt(letter).payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    return (subject.convictions ?? []) as { offences: string[]; months?: number }[];
  }

  it('keeps each conviction’s letter facts sealed beside its entry; a sealed record has none', async () => {
    const person = syntheticPerson('1990-01-01');
    const open = await submitRecord(
      stack,
      tokens.court,
      {
        ...judgment({ person, offenceDate: '2023-01-01', months: 30 }),
        offences: [{ name: '强制猥亵、侮辱罪', intentional: true }],
      },
      { sealed: false },
    );
    await stack.drainSealingQueue();
    const { letterFacts, ...entry } = (await entryOf(open.recordId)) ?? {};
    expect(letterFacts).toBeInstanceOf(Uint8Array);
    expect(Object.keys(entry).sort()).toEqual(['blindIndex', 'recordId', 'submissionDigest']);
    const sealedFacts = Buffer.from(letterFacts as Uint8Array);
    for (const plain of ['强制猥亵', '"237"', 'fixed-term', '2024-01-01', '"months"']) {
      expect(sealedFacts.includes(Buffer.from(plain))).toBe(false);
    }
    const minor = syntheticPerson('2005-01-01');
    const sealed = await submitRecord(
      stack,
      tokens.court,
      judgment({ person: minor, offenceDate: '2021-06-01' }),
      { sealed: true },
    );
    expect(await entryOf(sealed.recordId)).toBeUndefined();
  });

  it('a different submission under the same record ID never replaces the stored record’s facts', async () => {
    const person = syntheticPerson('1990-01-01');
    const first = judgment({ person, offenceDate: '2023-01-01', months: 18 });
    await submitRecord(stack, tokens.court, first, { sealed: false });
    // Its effects applied: no later pass of the sealing service would repair the entry.
    await stack.drainSealingQueue();
    const other = await stack.post('/v1/records', tokens.court, {
      ...first,
      sentence: { penalty: 'fixed-term-imprisonment', months: 30 },
    });
    expect(other.status, other.text).toBe(409);
    const { letter } = await letterFor(person);
    expect((await convictionsIn(letter)).map(({ months }) => months)).toEqual([18]);
  });

  it('a conviction the sealing service unseals enters with its letter facts, and the letter reports it', async () => {
    const person = syntheticPerson('2004-06-15');
    const earlier = judgment({ person, offenceDate: '2019-09-01', months: 24, article: '263' });
    const sealed = await submitRecord(stack, tokens.court, earlier, { sealed: true });
    await submitRecord(
      stack,
      tokens.court,
      {
        ...judgment({ person, offenceDate: '2021-09-01', months: 72, article: '263' }),
        combinedWith: [{ caseNumber: earlier.caseNumber, offenceDate: '2019-09-01' }],
      },
      { sealed: false },
    );
    await stack.drainSealingQueue();
    expect((await entryOf(sealed.recordId))?.letterFacts).toBeInstanceOf(Uint8Array);
    const { letter } = await letterFor(person);
    expect((await convictionsIn(letter)).map(({ months }) => months)).toEqual([24, 72]);
  });

  it('an entry without its letter facts gives no letter: 503 with Retry-After, nothing stored', async () => {
    const person = syntheticPerson('1990-01-01');
    const record = await submitRecord(
      stack,
      tokens.court,
      judgment({ person, offenceDate: '2023-01-01', months: 18 }),
      { sealed: false },
    );
    // After the sealing service's pass, which would write the facts again.
    await stack.drainSealingQueue();
    const entry = await entryOf(record.recordId);
    await documents.send(
      new UpdateCommand({
        TableName: 'DisclosableConvictions',
        Key: { blindIndex: entry?.blindIndex, recordId: record.recordId },
        UpdateExpression: 'REMOVE letterFacts',
      }),
    );
    const inquiryId = await approvedInquiry(person);
    const result = await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, {
      token: tokens.school,
    });
    expect(result.status, result.text).toBe(503);
    expect(result.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(result.text).not.toMatch(/eyJ[\w-]+\.eyJ/);
    const stored = (await stack.scan('InquiryLetters')).filter((i) => i.inquiryId === inquiryId);
    expect(stored).toHaveLength(0);
  });
});
