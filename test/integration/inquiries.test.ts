/**
 * Inquiries over real HTTP (API.md, Inquiries; IM arts. 16–17): applications on a legal
 * basis, review by the addressed agency, the notice, and results — a letter identical in form
 * for a person with only sealed records and a person with none; the judicial full file with
 * sealed records and the minor withheld from a marked record; the person's access log.
 */
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
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
  'school' | 'otherSchool' | 'police' | 'police2' | 'court' | 'procuratorate' | 'justice',
  string
>;

beforeAll(async () => {
  stack = await startTestStack();
  tokens.school = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
  tokens.otherSchool = await stack.token('unit', { org: 'kindergarten-2', sub: 'hr-officer-2' });
  tokens.police = await stack.token('police', { org: 'psb-1', sub: 'police-officer-1' });
  tokens.police2 = await stack.token('police', { org: 'psb-1', sub: 'police-officer-2' });
  tokens.court = await stack.token('court', { org: 'court-1', sub: 'judge-1' });
  tokens.procuratorate = await stack.token('procuratorate', { org: 'spp-1', sub: 'procurator-1' });
  tokens.justice = await stack.token('justice', { org: 'justice-1', sub: 'justice-officer-1' });
  bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
});
afterAll(async () => stack.close());

function application(person: Person, overrides: Record<string, unknown> = {}) {
  return {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: 'police',
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
      { legalBasis: 'minors-protection-law-62', agency: 'court' },
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

describe('review by the addressed agency', () => {
  it('shows the application to the inquirer’s organisation and the addressed agency, 404 to others', async () => {
    const inquiryId = await apply(tokens.school, application(syntheticPerson()));
    const status = async (token: string) =>
      (await stack.request('GET', `/v1/inquiries/${inquiryId}`, { token })).status;
    expect(await status(tokens.school)).toBe(200);
    expect(await status(tokens.police)).toBe(200);
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
      outcomes[kind as keyof typeof outcomes] = (await letterFor(person)).response;
    }
  });

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

  it('under Minors Protection Law art. 62, reports only the offences that basis concerns', async () => {
    const person = syntheticPerson('1990-01-01');
    await submitRecord(
      stack,
      tokens.court,
      judgment({ person, offenceDate: '2023-01-01', months: 12 }),
      {
        sealed: false,
      },
    );
    const { letter } = await letterFor(person, { legalBasis: 'minors-protection-law-62' });
    const subject = (decodeJwt(letter).payload.vc as { credentialSubject: Record<string, unknown> })
      .credentialSubject;
    expect(subject.statement).toBe('no-criminal-record-on-file');

    const abuser = syntheticPerson('1990-01-01');
    await submitRecord(
      stack,
      tokens.court,
      {
        ...judgment({ person: abuser, offenceDate: '2023-01-01', months: 30 }),
        offences: [{ name: '虐待罪', intentional: true }],
      },
      { sealed: false },
    );
    const second = await letterFor(abuser, { legalBasis: 'minors-protection-law-62' });
    const listed = (
      decodeJwt(second.letter).payload.vc as { credentialSubject: Record<string, unknown> }
    ).credentialSubject;
    expect(listed.statement).toBe('criminal-record-on-file');
  });
});

describe('the judicial full file (CPL art. 286)', () => {
  it('shows every record, sealed ones included, and withholds the minor from a marked record', async () => {
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
    const forMinor = await approvedInquiry(
      minor,
      { legalBasis: 'cpl-286-case-handling', caseNumber: '(2099)测刑查1号' },
      tokens.court,
      tokens.police,
    );
    const minorFile = await stack.request('GET', `/v1/inquiries/${forMinor}/result`, {
      token: tokens.court,
    });
    expect(minorFile.status, minorFile.text).toBe(200);
    const records = minorFile.json.records as Record<string, unknown>[];
    expect(records).toEqual([
      expect.objectContaining({
        recordId: sealed.recordId,
        sealed: true,
        caseNumber,
        details: { note: 'minor details' },
      }),
    ]);

    const forAdult = await approvedInquiry(
      adult,
      { legalBasis: 'cpl-286-case-handling', caseNumber: '(2099)测刑查2号' },
      tokens.procuratorate,
      tokens.police,
    );
    const adultFile = await stack.request('GET', `/v1/inquiries/${forAdult}/result`, {
      token: tokens.procuratorate,
    });
    const [entry] = adultFile.json.records as Record<string, unknown>[];
    expect(entry).toMatchObject({
      recordId: adultRecord.recordId,
      sealed: false,
      containsSealedInformation: true,
      mark: '含犯罪记录封存信息',
    });
    expect(entry).not.toHaveProperty('details');
    expect(adultFile.text).not.toContain(minor.nationalId);
    expect(adultFile.text).not.toContain(minor.name);
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
    const inquiryId = await approvedInquiry(
      person,
      { legalBasis: 'cpl-286-case-handling', caseNumber: '(2099)测刑查3号' },
      tokens.court,
      tokens.police,
    );
    await stack.request('GET', `/v1/inquiries/${inquiryId}/result`, { token: tokens.court });
    const events = (await stack.auditEvents()).filter(
      (e) => e.action === 'inquiry.full-file' && e.target === inquiryId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { sub: 'judge-1', role: 'court', org: 'court-1' },
      details: { disclosedRecordIds: [record.recordId] },
      legalBasis: ['cpl-286-case-handling'],
    });
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
