/**
 * Guardians and entrusted agents (RULES.md §5; API.md, The person's own view: `acting_for`):
 * a citizen token that names the person acted for gets that person's certificate and access
 * log; the audit names both, never by an ID number. A guardian's certificate for a child whose
 * records are all sealed is the one a child without records gets (DESIGN.md invariant 1).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { maskNationalId } from '#shared/domain/nationalId.ts';
import { judgment, type Person, relatedRecord, syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt, shapeOf } from '../support/jwt.ts';
import { submitRecord } from '../support/records.ts';
import { type ApiResponse, startTestStack, type TestStack } from '../support/stack.ts';

const run = promisify(execFile);
let stack: TestStack;
let court: string;
const guardian = syntheticPerson('1980-01-01');

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court', { org: 'court-0105' });
});
afterAll(async () => stack.close());

const asGuardianOf = (child: Person, sub = 'guardian-sub-1') =>
  stack.token('citizen', {
    person: guardian,
    sub,
    actingFor: { person: child, relationship: 'guardian' },
  });

async function certificateFor(child: Person): Promise<ApiResponse> {
  return stack.post('/v1/certificates', await asGuardianOf(child), { purpose: 'education' });
}

describe('a guardian acting for a child (acting_for)', () => {
  it('gets the child’s certificate: the child’s name and masked ID, not the guardian’s', async () => {
    const child = syntheticPerson('2012-03-04');
    const response = await certificateFor(child);
    expect(response.status, response.text).toBe(201);
    const subject = (
      decodeJwt(String(response.json.credential)).payload.vc as {
        credentialSubject: Record<string, string>;
      }
    ).credentialSubject;
    expect(subject.name).toBe(child.name);
    expect(subject.nationalIdMasked).toBe(maskNationalId(child.nationalId));
  });

  it('is refused for a child with an unsealed conviction (409 record-on-file)', async () => {
    const child = syntheticPerson('2004-01-01');
    await submitRecord(
      stack,
      court,
      judgment({ person: child, offenceDate: '2023-02-01', months: 6 }),
      { sealed: false },
    );
    await stack.drainSealingQueue();
    const response = await certificateFor(child);
    expect(response.status).toBe(409);
    expect(response.json.code).toBe('record-on-file');
  });

  it('is named in the audit beside the child: sub and own blind index, never an ID', async () => {
    const child = syntheticPerson('2013-05-06');
    const response = await certificateFor(child);
    expect(response.status).toBe(201);
    const audit = await stack.auditEvents();
    const event = audit.find(
      (e) =>
        e.action === 'certificate.issue' &&
        JSON.stringify(e).includes(String(response.json.certificateId)),
    );
    const text = JSON.stringify(event);
    expect(text).toContain('guardian-sub-1');
    expect(text).toContain('"relationship":"guardian"');
    for (const secret of [child.nationalId, guardian.nationalId, child.name, guardian.name]) {
      expect(text).not.toContain(secret);
    }
    // Two different blind indexes: the child's (the subject) and the guardian's own.
    const indexes = text.match(/"blindIndex":"[^"]+"/g) ?? [];
    expect(new Set(indexes).size).toBe(2);
  });

  it('reads the child’s access log, not their own', async () => {
    const child = syntheticPerson('2012-07-08');
    const unit = await stack.token('unit', { org: 'school-g' });
    const applied = await stack.post('/v1/inquiries', unit, {
      subject: { nationalId: child.nationalId, name: child.name },
      agency: { role: 'police', org: 'psb-0105' },
      legalBasis: 'teachers-law-14',
      reason: 'Enrolment check.',
      purpose: 'Enrolment',
    });
    expect(applied.status, applied.text).toBe(202);
    const log = await stack.request('GET', '/v1/me/access-log', {
      token: await asGuardianOf(child),
    });
    expect(log.status, log.text).toBe(200);
    expect(log.json.entries).toEqual([
      expect.objectContaining({ inquirer: { role: 'unit', org: 'school-g' } }),
    ]);
  });
});

describe('uniformity for a guardian: sealed only ≡ related only ≡ no record', () => {
  it('the same certificate in form, whatever the child’s sealed records', async () => {
    const none = syntheticPerson('2010-06-15');
    const sealed = syntheticPerson('2010-06-15');
    const related = syntheticPerson('2010-06-15');
    await submitRecord(
      stack,
      court,
      judgment({ person: sealed, offenceDate: '2024-05-01', months: 12 }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      await stack.token('procuratorate', { org: 'spp-0105' }),
      relatedRecord(related, 'non-prosecution', '2024-01-01'),
      { sealed: true },
    );
    await stack.drainSealingQueue();
    const answers = {
      none: await certificateFor(none),
      sealed: await certificateFor(sealed),
      related: await certificateFor(related),
    };
    const a = answers.none;
    for (const b of [answers.sealed, answers.related]) {
      expect(b.status).toBe(201);
      expect([...b.headers.keys()].sort()).toEqual([...a.headers.keys()].sort());
      expect(shapeOf(b.json)).toEqual(shapeOf(a.json));
      expect(b.text.length).toBe(a.text.length);
      const da = decodeJwt(String(a.json.credential));
      const db = decodeJwt(String(b.json.credential));
      expect(db.header).toEqual(da.header);
      expect(shapeOf(db.payload)).toEqual(shapeOf(da.payload));
      expect(Number(db.payload.exp) - Number(db.payload.nbf)).toBe(
        Number(da.payload.exp) - Number(da.payload.nbf),
      );
    }
  });
});

describe('the token carries acting_for whole, valid, and only from the citizens’ provider', () => {
  const child = syntheticPerson('2012-09-09');

  it('refuses an unknown relationship or a bad ID, naming the claim (401)', async () => {
    const bad = await issueDevToken(stack.dataDir, {
      role: 'citizen',
      nationalId: guardian.nationalId,
      name: guardian.name,
      actingFor: { nationalId: child.nationalId, name: child.name, relationship: 'neighbour' },
    });
    const refused = await stack.post('/v1/certificates', bad, { purpose: 'education' });
    expect(refused.status).toBe(401);
    expect(refused.json.errors).toEqual([
      { path: 'token.acting_for.relationship', message: expect.any(String) },
    ]);
    const badId = await issueDevToken(stack.dataDir, {
      role: 'citizen',
      nationalId: guardian.nationalId,
      name: guardian.name,
      actingFor: { nationalId: '990105201209090000', name: child.name, relationship: 'agent' },
    });
    const refusedId = await stack.post('/v1/certificates', badId, { purpose: 'education' });
    expect(refusedId.status).toBe(401);
    expect(refusedId.text).not.toContain('990105201209090000');
  });

  it('refuses a staff token that claims to act for someone', async () => {
    const staff = await issueDevToken(stack.dataDir, {
      role: 'court',
      org: 'court-0105',
      actingFor: { nationalId: child.nationalId, name: child.name, relationship: 'agent' },
    });
    expect((await stack.request('GET', '/v1/notices', { token: staff })).status).toBe(401);
  });

  it('npm run token mints it, and wants all three options together', async () => {
    const env = { ...process.env, DATA_DIR: stack.dataDir };
    const args = ['scripts/token.ts', '--role', 'citizen'];
    const person = ['--national-id', guardian.nationalId, '--name', guardian.name];
    const { stdout } = await run(
      process.execPath,
      [
        ...args,
        ...person,
        '--acting-for',
        child.nationalId,
        '--acting-for-name',
        child.name,
        '--relationship',
        'agent',
      ],
      { env },
    );
    expect(decodeJwt(stdout.trim()).payload.acting_for).toEqual({
      national_id: child.nationalId,
      name: child.name,
      relationship: 'agent',
    });
    const partial = await run(
      process.execPath,
      [...args, ...person, '--acting-for', child.nationalId],
      {
        env,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(partial).toMatchObject({ code: 2 });
  });
});
