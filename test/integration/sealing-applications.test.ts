/**
 * Sealing applications (API.md, The person's own view; RULES.md §5): the person asks the
 * organisation that holds a record to seal it; that organisation's officials alone see and
 * decide it, with reasons, within three working days; a decision to seal is carried out by the
 * sealing service as ingestion seals (archive key, out of the disclosable set, notices, the
 * person told). The answer to an application is the same whatever the person's records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaToday } from '#shared/domain/calendar.ts';
import { prcWorkingDays } from '#shared/domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { shapeOf } from '../support/jwt.ts';
import { disclosableRecordIds, storedRecord, submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;
let clerk: string;
let otherCourt: string;
beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court', { org: 'court-0105', sub: 'judge-a' });
  clerk = await stack.token('court', { org: 'court-0105', sub: 'judge-b' });
  otherCourt = await stack.token('court', { org: 'court-0106', sub: 'judge-c' });
});
afterAll(async () => stack.close());

const citizenOf = (person: Person) => stack.token('citizen', { person });

async function apply(person: Person, caseNumber: string, token?: string) {
  return stack.post('/v1/me/sealing-applications', token ?? (await citizenOf(person)), {
    caseNumber,
    agency: { role: 'court', org: 'court-0105' },
    grounds: 'The offence was committed at 16; the sentence was reduced on appeal.',
  });
}

describe('a person’s application to seal a record', () => {
  it('is decided by the holding court with reasons, and sealing follows as at ingestion', async () => {
    const person = syntheticPerson('2004-06-15');
    const caseNumber = syntheticCaseNumber();
    const record = await submitRecord(
      stack,
      court,
      judgment({ person, caseNumber, offenceDate: '2020-08-01', months: 61 }),
      { sealed: false },
    );
    await stack.drainSealingQueue();
    expect(await disclosableRecordIds(stack)).toContain(record.recordId);

    const applied = await apply(person, caseNumber);
    expect(applied.status, applied.text).toBe(201);
    const expected = prcWorkingDays.deadline(
      chinaToday(stack.now()),
      LEGAL_PARAMETERS.sealingApplicationDecision.court,
    );
    expect(applied.json).toEqual({
      applicationId: expect.any(String),
      decideBy: expected.date,
      calendar: expected.calendar,
    });
    const applicationId = String(applied.json.applicationId);

    // Only the addressed organisation sees it, with who applied (name, masked ID).
    const elsewhere = await stack.request('GET', '/v1/sealing-applications', { token: otherCourt });
    expect(JSON.stringify(elsewhere.json)).not.toContain(applicationId);
    const listed = await stack.request('GET', '/v1/sealing-applications', { token: clerk });
    expect(listed.status, listed.text).toBe(200);
    const mine = (listed.json.applications as Record<string, unknown>[]).find(
      (a) => a.applicationId === applicationId,
    );
    expect(mine).toMatchObject({
      caseNumber,
      status: 'pending',
      overdue: false,
      applicant: { name: person.name, nationalIdMasked: expect.stringMatching(/^\d{6}\*+/) },
    });
    expect(
      (
        await stack.post(`/v1/sealing-applications/${applicationId}/decision`, otherCourt, {
          decision: 'seal',
          reasons: 'x',
        })
      ).status,
    ).toBe(404);
    const decided = await stack.post(`/v1/sealing-applications/${applicationId}/decision`, clerk, {
      decision: 'seal',
      reasons: 'Committed as a minor; the effective sentence is within CPL art. 286.',
    });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({ status: 'decided', decision: { decision: 'seal' } });
    const again = await stack.post(`/v1/sealing-applications/${applicationId}/decision`, clerk, {
      decision: 'refuse',
      reasons: 'x',
    });
    expect(again.status).toBe(409);

    // The sealing service sealed it the way ingestion seals.
    const { item, envelope } = await storedRecord(stack, record.recordId);
    expect(item).toMatchObject({ status: 'sealed', keyClass: 'sealed-archive' });
    expect(envelope.effects?.sealedOnApplication).toMatchObject({ applicationId });
    expect(await disclosableRecordIds(stack)).not.toContain(record.recordId);
    const certificate = await stack.post('/v1/certificates', await citizenOf(person), {
      purpose: 'employment',
    });
    expect(certificate.status, certificate.text).toBe(201);
    const notices = (await stack.scan('Notices')).filter((n) => n.recordId === record.recordId);
    expect(notices.map((n) => (n.to as { org: string }).org).sort()).toEqual([
      'psb-0105',
      'spp-0105',
    ]);
    const own = await stack.request('GET', '/v1/me/records', { token: await citizenOf(person) });
    expect((own.json.records as Record<string, unknown>[])[0]).toMatchObject({
      recordId: record.recordId,
      sealed: true,
      notices: [{ kind: 'sealed' }],
    });
    const seen = await stack.request('GET', '/v1/me/sealing-applications', {
      token: await citizenOf(person),
    });
    expect(seen.json.applications).toEqual([
      expect.objectContaining({
        applicationId,
        status: 'decided',
        decision: expect.objectContaining({
          decision: 'seal',
          reasons: expect.stringContaining('CPL'),
        }),
      }),
    ]);
    expect(JSON.stringify(seen.json)).not.toContain('applicant');
  });

  it('refused with reasons, the record stays as it was', async () => {
    const person = syntheticPerson('1995-01-01');
    const caseNumber = syntheticCaseNumber();
    const record = await submitRecord(
      stack,
      court,
      judgment({ person, caseNumber, offenceDate: '2020-08-01', months: 12 }),
      { sealed: false },
    );
    const { json } = await apply(person, caseNumber);
    const refused = await stack.post(
      `/v1/sealing-applications/${json.applicationId}/decision`,
      clerk,
      { decision: 'refuse', reasons: 'The offence was committed as an adult.' },
    );
    expect(refused.status).toBe(200);
    await stack.drainSealingQueue();
    expect((await storedRecord(stack, record.recordId)).item.status).toBe('open');
    const missingReasons = await stack.post(
      `/v1/sealing-applications/${json.applicationId}/decision`,
      clerk,
      { decision: 'refuse' },
    );
    expect(missingReasons.status).toBe(400);
  });

  it('a guardian applies for the child and sees the decision', async () => {
    const child = syntheticPerson('2011-01-01');
    const guardian = await stack.token('citizen', {
      person: syntheticPerson('1980-01-01'),
      actingFor: { person: child, relationship: 'guardian' },
    });
    const applied = await apply(child, syntheticCaseNumber(), guardian);
    expect(applied.status).toBe(201);
    const seen = await stack.request('GET', '/v1/me/sealing-applications', { token: guardian });
    expect(seen.json.applications).toEqual([
      expect.objectContaining({ applicationId: applied.json.applicationId, status: 'pending' }),
    ]);
    const audit = JSON.stringify(await stack.auditEvents());
    expect(audit).toContain('"relationship":"guardian"');
    expect(audit).not.toContain(child.nationalId);
  });

  it('names the bad field (400), and is for citizens and the addressed agency only', async () => {
    const person = syntheticPerson();
    const bad = await stack.post('/v1/me/sealing-applications', await citizenOf(person), {
      caseNumber: 'x',
      agency: { role: 'unit', org: 'school' },
    });
    expect(bad.status).toBe(400);
    expect((bad.json.errors as { path: string }[]).map((e) => e.path).sort()).toEqual([
      'agency.role',
      'grounds',
    ]);
    const unit = await stack.token('unit', { org: 'school' });
    expect((await stack.request('GET', '/v1/sealing-applications', { token: unit })).status).toBe(
      403,
    );
    expect((await stack.post('/v1/me/sealing-applications', court, {})).status).toBe(403);
  });
});

describe('uniformity: the answer to an application says nothing about the records', () => {
  it('sealed only ≡ related only ≡ none ≡ a case that does not exist', async () => {
    const people = {
      none: syntheticPerson('2004-06-15'),
      sealed: syntheticPerson('2004-06-15'),
      related: syntheticPerson('2004-06-15'),
    };
    const cases = {
      none: syntheticCaseNumber(),
      sealed: syntheticCaseNumber(),
      related: syntheticCaseNumber(),
    };
    await submitRecord(
      stack,
      court,
      judgment({ person: people.sealed, caseNumber: cases.sealed, offenceDate: '2020-08-01' }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      {
        ...relatedRecord(people.related, 'social-investigation', '2020-08-01'),
        caseNumber: cases.related,
      },
      { sealed: true },
    );
    await stack.drainSealingQueue();
    const answers = {
      none: await apply(people.none, cases.none),
      sealed: await apply(people.sealed, cases.sealed),
      related: await apply(people.related, cases.related),
    };
    for (const kind of ['sealed', 'related'] as const) {
      expect(answers[kind].status).toBe(answers.none.status);
      expect([...answers[kind].headers.keys()].sort()).toEqual(
        [...answers.none.headers.keys()].sort(),
      );
      expect(shapeOf(answers[kind].json)).toEqual(shapeOf(answers.none.json));
      expect(answers[kind].text.length).toBe(answers.none.text.length);
    }
    // Deciding to seal a case with no record changes nothing, and says so in the audit.
    const decided = await stack.post(
      `/v1/sealing-applications/${answers.none.json.applicationId}/decision`,
      clerk,
      { decision: 'seal', reasons: 'Checked the paper file.' },
    );
    expect(decided.status).toBe(200);
    await stack.drainSealingQueue();
    expect(JSON.stringify(await stack.auditEvents())).toContain(
      `sealing-application.no-record:${answers.none.json.applicationId}`,
    );
  });
});
