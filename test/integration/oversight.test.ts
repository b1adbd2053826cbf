/**
 * Oversight over real HTTP (API.md, Oversight and accountability): agencies' notices,
 * corrective opinions through every transition (and refused out of order), complaints routed
 * to the agency named and every supervisor, and the supervisor's summary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CivilDate, chinaToday, daysBetween } from '#shared/domain/calendar.ts';
import { reviewDecisionDue } from '#shared/domain/oversight/opinions.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
const t = {} as Record<
  'supervisor' | 'otherSupervisor' | 'police' | 'police2' | 'otherPolice' | 'court' | 'citizen',
  string
>;
const citizen = syntheticPerson('2004-06-15');

beforeAll(async () => {
  stack = await startTestStack();
  t.supervisor = await stack.token('supervisor', { org: 'spp-supervision', sub: 'procurator-s1' });
  t.otherSupervisor = await stack.token('supervisor', { org: 'spp-other', sub: 'procurator-s2' });
  t.police = await stack.token('police', { org: 'psb-7', sub: 'officer-7a' });
  t.police2 = await stack.token('police', { org: 'psb-7', sub: 'officer-7b' });
  t.otherPolice = await stack.token('police', { org: 'psb-8', sub: 'officer-8' });
  t.court = await stack.token('court', { org: 'court-7', sub: 'judge-7' });
  t.citizen = await stack.token('citizen', { person: citizen });
});
afterAll(async () => stack.close());

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function issueOpinion(replyDue = inDays(10)): Promise<string> {
  const response = await stack.post('/v1/opinions', t.supervisor, {
    agency: { role: 'police', org: 'psb-7' },
    kind: 'correction-notice',
    findings: 'A sealed record was shown to an employer without a legal basis.',
    replyDue,
  });
  expect(response.status, response.text).toBe(201);
  expect(response.json.status).toBe('issued');
  return String(response.json.opinionId);
}

describe('notices (IM arts. 11–13)', () => {
  it('each agency sees its own organisation’s sealing notices, and acknowledges them once', async () => {
    const person = syntheticPerson('2005-03-03');
    const sealed = await submitRecord(
      stack,
      t.court,
      judgment({
        person,
        offenceDate: '2021-05-01',
        months: 12,
        notify: [{ role: 'police', org: 'psb-7' }],
      }),
      { sealed: true },
    );
    await stack.drainSealingQueue();
    const mine = await stack.request('GET', '/v1/notices', { token: t.police2 });
    expect(mine.status).toBe(200);
    const notices = mine.json.notices as Record<string, unknown>[];
    const notice = notices.find((n) => n.recordId === sealed.recordId);
    expect(notice).toMatchObject({
      kind: 'sealed',
      status: 'pending',
      sealedAt: expect.any(String),
    });
    const other = await stack.request('GET', '/v1/notices', { token: t.otherPolice });
    expect((other.json.notices as { recordId: string }[]).map((n) => n.recordId)).not.toContain(
      sealed.recordId,
    );
    const noticeId = String(notice?.noticeId);
    expect(
      (await stack.post(`/v1/notices/${noticeId}/acknowledgement`, t.otherPolice, {})).status,
    ).toBe(404);
    const ack = await stack.post(`/v1/notices/${noticeId}/acknowledgement`, t.police, {});
    expect(ack.status, ack.text).toBe(200);
    expect(ack.json.status).toBe('acknowledged');
    const again = await stack.post(`/v1/notices/${noticeId}/acknowledgement`, t.police2, {});
    expect(again.status).toBe(409);
    expect((await stack.request('GET', '/v1/notices', { token: t.citizen })).status).toBe(403);
  });
});

describe('corrective opinions (IM art. 22; SPP arts. 552–554)', () => {
  it('issued → replied, visible to the supervisor’s organisation and the agency named only', async () => {
    const opinionId = await issueOpinion();
    const list = async (token: string) =>
      (
        (await stack.request('GET', '/v1/opinions', { token })).json.opinions as {
          opinionId: string;
        }[]
      ).map((o) => o.opinionId);
    expect(await list(t.police)).toContain(opinionId);
    expect(await list(t.supervisor)).toContain(opinionId);
    expect(await list(t.otherPolice)).not.toContain(opinionId);
    expect(await list(t.otherSupervisor)).not.toContain(opinionId);
    expect(
      (await stack.post(`/v1/opinions/${opinionId}/reply`, t.otherPolice, { measures: 'x' }))
        .status,
    ).toBe(404);
    const reply = await stack.post(`/v1/opinions/${opinionId}/reply`, t.police, {
      measures: 'The official was disciplined; access rights were narrowed.',
    });
    expect(reply.status, reply.text).toBe(200);
    expect(reply.json).toMatchObject({
      status: 'replied',
      reply: { measures: expect.any(String) },
    });
    const twice = await stack.post(`/v1/opinions/${opinionId}/reply`, t.police2, {
      measures: 'again',
    });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('transition-not-allowed');
    const review = await stack.post(`/v1/opinions/${opinionId}/review-request`, t.police, {
      grounds: 'late',
    });
    expect(review.status).toBe(409);
  });

  it('issued → review requested (once) → upheld → replied; or withdrawn', async () => {
    const opinionId = await issueOpinion();
    const request = await stack.post(`/v1/opinions/${opinionId}/review-request`, t.police, {
      grounds: 'The disclosure was to a judicial organ handling a case.',
    });
    expect(request.status, request.text).toBe(200);
    expect(request.json).toMatchObject({
      status: 'review-requested',
      review: { decisionDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    });
    const decisionDue = (request.json.review as { decisionDue: string }).decisionDue;
    // Seven calendar days on, or the next working day after them (SPP; CPL art. 105).
    expect(decisionDue).toBe(reviewDecisionDue(stack.now()));
    expect(daysBetween(chinaToday(stack.now()), decisionDue as CivilDate)).toBeGreaterThanOrEqual(
      7,
    );
    expect(
      (await stack.post(`/v1/opinions/${opinionId}/review-request`, t.police, { grounds: 'again' }))
        .status,
    ).toBe(409);
    expect(
      (await stack.post(`/v1/opinions/${opinionId}/reply`, t.police, { measures: 'x' })).status,
    ).toBe(409);
    const byOther = await stack.post(
      `/v1/opinions/${opinionId}/review-decision`,
      t.otherSupervisor,
      {
        decision: 'upheld',
        reasons: 'x',
      },
    );
    expect(byOther.status).toBe(404);
    const upheld = await stack.post(`/v1/opinions/${opinionId}/review-decision`, t.supervisor, {
      decision: 'upheld',
      reasons: 'No case file supports the claim.',
    });
    expect(upheld.status, upheld.text).toBe(200);
    expect(upheld.json).toMatchObject({ status: 'upheld', review: { decision: 'upheld' } });
    const replied = await stack.post(`/v1/opinions/${opinionId}/reply`, t.police, {
      measures: 'Corrected.',
    });
    expect(replied.json.status).toBe('replied');

    const withdrawnId = await issueOpinion();
    await stack.post(`/v1/opinions/${withdrawnId}/review-request`, t.police, {
      grounds: 'Mistaken.',
    });
    const withdrawn = await stack.post(
      `/v1/opinions/${withdrawnId}/review-decision`,
      t.supervisor,
      {
        decision: 'withdrawn',
        reasons: 'The agency is right.',
      },
    );
    expect(withdrawn.json.status).toBe('withdrawn');
    expect(
      (await stack.post(`/v1/opinions/${withdrawnId}/reply`, t.police, { measures: 'x' })).status,
    ).toBe(409);
  });

  it('refuses a reply due date in the past, and roles that may not issue', async () => {
    const past = await stack.post('/v1/opinions', t.supervisor, {
      agency: { role: 'police', org: 'psb-7' },
      kind: 'oral-correction',
      findings: 'x',
      replyDue: '2020-01-01',
    });
    expect(past.status).toBe(400);
    expect(past.json.errors).toEqual([expect.objectContaining({ path: 'replyDue' })]);
    const byPolice = await stack.post('/v1/opinions', t.police, {
      agency: { role: 'police', org: 'psb-7' },
      kind: 'oral-correction',
      findings: 'x',
      replyDue: inDays(3),
    });
    expect(byPolice.status).toBe(403);
  });
});

describe('complaints (IM art. 21)', () => {
  it('filed by the person, routed to the agency named and every supervisor; answered by the agency, closed by a supervisor', async () => {
    const filed = await stack.post('/v1/complaints', t.citizen, {
      against: { role: 'police', org: 'psb-7' },
      description: 'My sealed record was read out to my employer.',
    });
    expect(filed.status, filed.text).toBe(201);
    const complaintId = String(filed.json.complaintId);
    const ids = async (token: string) =>
      (
        (await stack.request('GET', '/v1/complaints', { token })).json.complaints as {
          complaintId: string;
        }[]
      ).map((c) => c.complaintId);
    expect(await ids(t.citizen)).toContain(complaintId);
    expect(await ids(t.police)).toContain(complaintId);
    expect(await ids(t.supervisor)).toContain(complaintId);
    expect(await ids(t.otherSupervisor)).toContain(complaintId);
    expect(await ids(t.otherPolice)).not.toContain(complaintId);
    const stranger = await stack.token('citizen', { person: syntheticPerson() });
    expect(await ids(stranger)).not.toContain(complaintId);

    expect(
      (
        await stack.post(`/v1/complaints/${complaintId}/resolution`, t.otherPolice, {
          resolution: 'x',
        })
      ).status,
    ).toBe(404);
    // The organisation complained against never closes its own complaint (RULES.md §6).
    const ownResolution = await stack.post(`/v1/complaints/${complaintId}/resolution`, t.police, {
      resolution: 'Nothing happened.',
    });
    expect(ownResolution.status).toBe(403);
    expect(
      (await stack.post(`/v1/complaints/${complaintId}/response`, t.otherPolice, { response: 'x' }))
        .status,
    ).toBe(404);
    expect(
      (await stack.post(`/v1/complaints/${complaintId}/response`, t.supervisor, { response: 'x' }))
        .status,
    ).toBe(403);
    const answered = await stack.post(`/v1/complaints/${complaintId}/response`, t.police, {
      response: 'The officer was disciplined and the employer told to delete what it learnt.',
    });
    expect(answered.status, answered.text).toBe(200);
    expect(answered.json).toMatchObject({ status: 'answered' });
    expect(
      (await stack.post(`/v1/complaints/${complaintId}/response`, t.police2, { response: 'x' }))
        .status,
    ).toBe(409);
    const resolved = await stack.post(
      `/v1/complaints/${complaintId}/resolution`,
      t.otherSupervisor,
      {
        resolution: 'The answer is adequate; the employer confirmed the deletion.',
      },
    );
    expect(resolved.status, resolved.text).toBe(200);
    const seen = (await stack.request('GET', '/v1/complaints', { token: t.citizen })).json
      .complaints as Record<string, unknown>[];
    expect(seen.find((c) => c.complaintId === complaintId)).toMatchObject({
      status: 'resolved',
      response: expect.stringContaining('disciplined'),
      resolution: expect.stringContaining('deletion'),
    });
    expect(
      (
        await stack.post(`/v1/complaints/${complaintId}/resolution`, t.supervisor, {
          resolution: 'x',
        })
      ).status,
    ).toBe(409);
    const stored = JSON.stringify(await stack.scan('Complaints'));
    expect(stored).not.toContain('read out to my employer');
    expect(stored).not.toContain(citizen.nationalId);
  });
});

describe('complaints against units, about inquiries, by guardians (RULES.md §6)', () => {
  it('a unit that misused a letter is named, sees the complaint and answers it', async () => {
    const unit = await stack.token('unit', { org: 'kindergarten-9', sub: 'hr-9' });
    const filed = await stack.post('/v1/complaints', t.citizen, {
      against: { role: 'unit', org: 'kindergarten-9' },
      description: 'The kindergarten passed my inquiry letter to a neighbour.',
    });
    expect(filed.status, filed.text).toBe(201);
    const listed = (await stack.request('GET', '/v1/complaints', { token: unit })).json
      .complaints as { complaintId: string }[];
    expect(listed.map((c) => c.complaintId)).toContain(filed.json.complaintId);
    const answered = await stack.post(`/v1/complaints/${filed.json.complaintId}/response`, unit, {
      response: 'The letter has been retrieved.',
    });
    expect(answered.status, answered.text).toBe(200);
    expect(
      (
        await stack.post(`/v1/complaints/${filed.json.complaintId}/resolution`, unit, {
          resolution: 'x',
        })
      ).status,
    ).toBe(403);
  });

  it('an inquiryId must be one about the complainant: another’s and none are answered alike', async () => {
    const unit = await stack.token('unit', { org: 'school-9', sub: 'hr-s9' });
    const other = syntheticPerson('2001-01-01');
    const inquiryAbout = async (person: typeof citizen) => {
      const applied = await stack.post('/v1/inquiries', unit, {
        subject: { nationalId: person.nationalId, name: person.name },
        agency: { role: 'police', org: 'psb-0105' },
        legalBasis: 'teachers-law-14',
        reason: 'Applicant for a post.',
        purpose: 'Recruitment',
      });
      expect(applied.status, applied.text).toBe(202);
      return String(applied.json.inquiryId);
    };
    const mine = await inquiryAbout(citizen);
    const theirs = await inquiryAbout(other);
    const complain = (inquiryId: string) =>
      stack.post('/v1/complaints', t.citizen, {
        inquiryId,
        against: { role: 'unit', org: 'school-9' },
        description: 'The school told others what the letter said.',
      });
    expect((await complain(mine)).status).toBe(201);
    const refusedOther = await complain(theirs);
    const refusedNone = await complain('00000000-0000-4000-8000-000000000000');
    expect(refusedOther.status).toBe(422);
    expect(refusedOther.json.errors).toEqual([expect.objectContaining({ path: 'inquiryId' })]);
    expect(refusedNone.status).toBe(refusedOther.status);
    expect(refusedNone.text).toBe(refusedOther.text);
  });

  it('a guardian complains for the child; the child’s complaints list shows it', async () => {
    const child = syntheticPerson('2012-01-01');
    const guardian = await stack.token('citizen', {
      person: syntheticPerson('1980-01-01'),
      actingFor: { person: child, relationship: 'guardian' },
    });
    const filed = await stack.post('/v1/complaints', guardian, {
      against: { role: 'police', org: 'psb-7' },
      description: 'My child’s sealed record was disclosed.',
    });
    expect(filed.status, filed.text).toBe(201);
    const childOwn = await stack.token('citizen', { person: child });
    const listed = (await stack.request('GET', '/v1/complaints', { token: childOwn })).json
      .complaints as { complaintId: string }[];
    expect(listed.map((c) => c.complaintId)).toContain(filed.json.complaintId);
  });
});

describe('opinions to units, review of written opinions only, upheld reviews reported up', () => {
  it('an opinion may address a unit, which sees it and replies', async () => {
    const unit = await stack.token('unit', { org: 'kindergarten-9', sub: 'hr-9' });
    const issued = await stack.post('/v1/opinions', t.supervisor, {
      agency: { role: 'unit', org: 'kindergarten-9' },
      kind: 'procuratorial-recommendation',
      findings: 'The letter was shown to persons outside the stated purpose.',
      replyDue: inDays(10),
    });
    expect(issued.status, issued.text).toBe(201);
    const listed = (await stack.request('GET', '/v1/opinions', { token: unit })).json.opinions as {
      opinionId: string;
    }[];
    expect(listed.map((o) => o.opinionId)).toContain(issued.json.opinionId);
    const replied = await stack.post(`/v1/opinions/${issued.json.opinionId}/reply`, unit, {
      measures: 'Staff retrained; the letter destroyed.',
    });
    expect(replied.json.status).toBe('replied');
  });

  it('refuses review of an oral correction (409 review-not-available)', async () => {
    const issued = await stack.post('/v1/opinions', t.supervisor, {
      agency: { role: 'police', org: 'psb-7' },
      kind: 'oral-correction',
      findings: 'A notice was confirmed late.',
      replyDue: inDays(10),
    });
    const request = await stack.post(
      `/v1/opinions/${issued.json.opinionId}/review-request`,
      t.police,
      {
        grounds: 'It was on time.',
      },
    );
    expect(request.status).toBe(409);
    expect(request.json.code).toBe('review-not-available');
  });

  it('an upheld review is reported to the procuratorate one level up, by the directory', async () => {
    const district = await stack.token('supervisor', { org: 'spp-0105', sub: 'procurator-d' });
    const city = await stack.token('supervisor', { org: 'spp-0100', sub: 'procurator-c' });
    const police = await stack.token('police', { org: 'psb-0105', sub: 'officer-d' });
    const issued = await stack.post('/v1/opinions', district, {
      agency: { role: 'police', org: 'psb-0105' },
      kind: 'correction-notice',
      findings: 'A sealed record was disclosed without an application.',
      replyDue: inDays(10),
    });
    const opinionId = String(issued.json.opinionId);
    await stack.post(`/v1/opinions/${opinionId}/review-request`, police, { grounds: 'Disputed.' });
    const beforeUpheld = (await stack.request('GET', '/v1/opinions', { token: city })).json
      .opinions as { opinionId: string }[];
    expect(beforeUpheld.map((o) => o.opinionId)).not.toContain(opinionId);
    const upheld = await stack.post(`/v1/opinions/${opinionId}/review-decision`, district, {
      decision: 'upheld',
      reasons: 'The disclosure had no legal basis.',
    });
    expect(upheld.json).toMatchObject({
      status: 'upheld',
      reportedTo: { role: 'procuratorate', org: 'spp-0100' },
    });
    const reported = (await stack.request('GET', '/v1/opinions', { token: city })).json
      .opinions as { opinionId: string }[];
    expect(reported.map((o) => o.opinionId)).toContain(opinionId);
    // The level up reads it; deciding stays with the issuer.
    expect(
      (
        await stack.post(`/v1/opinions/${opinionId}/review-decision`, city, {
          decision: 'withdrawn',
          reasons: 'x',
        })
      ).status,
    ).toBe(403);
  });
});

describe('a complaint naming an inquiry', () => {
  it('is filed only when the inquiry is about the complainant; another person’s and an unknown one are answered alike', async () => {
    const school = await stack.token('unit', { org: 'school-7', sub: 'hr-7' });
    const applied = await stack.post('/v1/inquiries', school, {
      subject: { nationalId: citizen.nationalId, name: citizen.name },
      agency: { role: 'police', org: 'psb-7' },
      legalBasis: 'teachers-law-14',
      reason: 'Applicant for a teaching post at our school.',
      purpose: 'Recruitment of a teacher',
    });
    expect(applied.status, applied.text).toBe(202);
    const inquiryId = String(applied.json.inquiryId);
    const complain = (token: string, id: string) =>
      stack.post('/v1/complaints', token, {
        inquiryId: id,
        against: { role: 'police', org: 'psb-7' },
        description: 'The police told the school more than the letter says.',
      });

    const own = await complain(t.citizen, inquiryId);
    expect(own.status, own.text).toBe(201);
    expect(own.json.inquiryId).toBe(inquiryId);

    const someoneElse = await stack.token('citizen', { person: syntheticPerson() });
    const notTheirs = await complain(someoneElse, inquiryId);
    const unknown = await complain(someoneElse, '00000000-0000-4000-8000-000000000000');
    for (const refused of [notTheirs, unknown]) {
      expect(refused.status, refused.text).toBe(422);
      expect(refused.json).toMatchObject({
        code: 'inquiry-not-about-complainant',
        errors: [{ path: 'inquiryId' }],
      });
    }
    expect(notTheirs.text).toBe(unknown.text);
    const theirs = (await stack.request('GET', '/v1/complaints', { token: someoneElse })).json
      .complaints as unknown[];
    expect(theirs).toEqual([]);
  });
});

describe('GET /v1/oversight/summary', () => {
  it('counts per agency, for supervisors only', async () => {
    await issueOpinion(inDays(5));
    const summary = await stack.request('GET', '/v1/oversight/summary', { token: t.supervisor });
    expect(summary.status, summary.text).toBe(200);
    const psb7 = (summary.json.agencies as Record<string, unknown>[]).find(
      (a) => a.role === 'police' && a.org === 'psb-7',
    );
    expect(psb7).toMatchObject({
      opinions: expect.objectContaining({ issued: expect.any(Number) }),
      complaints: { open: expect.any(Number) },
      notices: { pending: expect.any(Number), overdue: expect.any(Number) },
    });
    expect(summary.text).not.toContain(citizen.nationalId);
    expect((await stack.request('GET', '/v1/oversight/summary', { token: t.police })).status).toBe(
      403,
    );
  });
});
