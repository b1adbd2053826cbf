import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  judgment,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { disclosableRecordIds, storedRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;

beforeAll(async () => {
  stack = await startTestStack();
  court = await stack.token('court', { org: 'court-a' });
});
afterAll(async () => stack.close());

describe('POST /v1/records over HTTP', () => {
  it('seals a minor’s 24-month judgment and stores it under the archive key, off the index', async () => {
    const person = syntheticPerson();
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2022-06-14', months: 24 }),
    );
    expect(response.status, response.text).toBe(201);
    expect(response.json).toMatchObject({ sealed: true });
    expect(response.json.basis).toEqual(expect.arrayContaining(['CPL art. 286']));
    const { item } = await storedRecord(stack, String(response.json.recordId));
    expect(item).toMatchObject({ status: 'sealed', keyClass: 'sealed-archive' });
    expect(await disclosableRecordIds(stack)).not.toContain(response.json.recordId);
  });

  it('does not seal an adult’s judgment and puts it in the disclosable set at once', async () => {
    const person = syntheticPerson();
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2022-06-16', months: 24 }),
    );
    expect(response.status).toBe(201);
    expect(response.json.sealed).toBe(false);
    // Before the sealing service ran: the answer's own write put it there.
    const entries = await stack.scan('DisclosableConvictions');
    const { item } = await storedRecord(stack, String(response.json.recordId));
    expect(item).toMatchObject({ status: 'open', keyClass: 'records' });
    expect(entries).toContainEqual({
      blindIndex: item.blindIndex,
      recordId: item.recordId,
      letterFacts: expect.any(Uint8Array),
      submissionDigest: item.submissionDigest,
      // The ingestion attempt that wrote it (a reconciliation removes only its own attempt's).
      attempt: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('answers with this record’s decision only: recordId, sealed, basis, reviewFlags, the mark', async () => {
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person: syntheticPerson(), offenceDate: '2021-01-02' }),
    );
    expect(Object.keys(response.json).sort()).toEqual(
      ['basis', 'containsSealedInformation', 'recordId', 'reviewFlags', 'sealed'].sort(),
    );
  });

  it('derives an offence’s article from an exact official charge name, and refuses any other name without one', async () => {
    const person = syntheticPerson();
    const body = judgment({ person, offenceDate: '2021-01-02' });
    const exact = await stack.post('/v1/records', court, {
      ...body,
      offences: [{ name: '盗窃罪', intentional: true }],
    });
    expect(exact.status, exact.text).toBe(201);
    for (const offences of [
      [{ name: '盗窃', intentional: true }],
      [{ name: '偷东西', intentional: true }],
      [{ name: '盗窃罪', article: '453', intentional: true }],
      [{ name: '盗窃罪', article: '二百六十四', intentional: true }],
    ]) {
      const refused = await stack.post('/v1/records', court, {
        ...body,
        caseNumber: syntheticCaseNumber(),
        offences,
      });
      expect(refused.status, refused.text).toBe(400);
      expect(refused.json.errors).toEqual([
        expect.objectContaining({ path: 'offences.0.article' }),
      ]);
    }
  });

  it('refuses a conviction for acts all committed before 12 (CL art. 17), accepts the same facts as no criminal responsibility', async () => {
    const child = syntheticPerson('2010-03-01');
    const conviction = await stack.post(
      '/v1/records',
      court,
      judgment({ person: child, offenceDate: '2021-09-01', months: 24 }),
    );
    expect(conviction.status, conviction.text).toBe(400);
    expect(conviction.json.errors).toEqual([expect.objectContaining({ path: 'offenceDate' })]);
    const police = await stack.token('police', { org: 'psb-x' });
    const record = await stack.post(
      '/v1/records',
      police,
      relatedRecord(child, 'no-criminal-responsibility', '2021-09-01'),
    );
    expect(record.status, record.text).toBe(201);
  });

  it('age 15, theft (CL 264), 12 months → sealed and flagged (CL art. 17 §2)', async () => {
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2019-09-01', months: 12 }),
    );
    expect(response.status, response.text).toBe(201);
    expect(response.json).toMatchObject({
      sealed: true,
      reviewFlags: ['offence-not-answerable-at-age'],
    });
    expect(response.json.basis).toContain('CL art. 17');
  });

  it('seals a minor’s non-prosecution record but never indexes it as a conviction', async () => {
    const person = syntheticPerson();
    const response = await stack.post(
      '/v1/records',
      await stack.token('procuratorate'),
      relatedRecord(person, 'non-prosecution', '2020-05-01'),
    );
    expect(response.status).toBe(201);
    expect(response.json.sealed).toBe(true);
  });

  it('keeps only routing attributes in the clear', async () => {
    const person = syntheticPerson();
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2021-01-01' }),
    );
    const { item } = await storedRecord(stack, String(response.json.recordId));
    expect(Object.keys(item).sort()).toEqual(
      [
        'blindIndex',
        'caseIndex',
        'containsSealedInformation',
        'createdAt',
        'envelope',
        'keyClass',
        'owningAgency',
        'owningRole',
        'recordId',
        'recordType',
        'status',
        'submissionDigest',
        'updatedAt',
        'version',
      ].sort(),
    );
  });

  it('replays the first response for a repeated Idempotency-Key and stores nothing new', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-02-02' });
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await stack.post('/v1/records', court, body, headers);
    // The sealing service's own events for the first answer, written off its path, land first.
    await stack.drainSealingQueue();
    const before = await Promise.all(['CriminalRecords', 'AuditEvents'].map((t) => stack.scan(t)));
    const second = await stack.post('/v1/records', court, body, headers);
    const after = await Promise.all(['CriminalRecords', 'AuditEvents'].map((t) => stack.scan(t)));
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.text).toBe(first.text);
    expect(after.map((t) => t.length)).toEqual(before.map((t) => t.length));
  });

  it('refuses the same Idempotency-Key with a different body', async () => {
    const headers = { 'idempotency-key': 'retry-2' };
    await stack.post(
      '/v1/records',
      court,
      judgment({ person: syntheticPerson(), offenceDate: '2021-03-03' }),
      headers,
    );
    const reused = await stack.post(
      '/v1/records',
      court,
      judgment({ person: syntheticPerson(), offenceDate: '2021-03-03' }),
      headers,
    );
    expect(reused.status).toBe(409);
    expect(reused.json.code).toBe('idempotency-key-reused');
  });

  it('treats a resubmission without a key as the same record, and a changed one as a conflict', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-04-04' });
    const first = await stack.post('/v1/records', court, body);
    const again = await stack.post('/v1/records', court, body);
    expect(again.status).toBe(201);
    expect(again.json.recordId).toBe(first.json.recordId);
    const changed = await stack.post('/v1/records', court, {
      ...body,
      offences: [{ name: '另一测试罪名', article: '133', intentional: false }],
    });
    expect(changed.status).toBe(409);
    expect(changed.json.code).toBe('record-conflict');
  });

  it('answers 401 without a token and 403 for a role that may not submit', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-05-05' });
    expect((await stack.request('POST', '/v1/records', { body })).status).toBe(401);
    const citizen = await stack.token('citizen', { person: syntheticPerson() });
    const forbidden = await stack.post('/v1/records', citizen, body);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers.get('content-type')).toBe('application/problem+json');
  });

  it('accepts a related (non-conviction) record without offences', async () => {
    const { offences: _omitted, ...record } = relatedRecord(
      syntheticPerson(),
      'psychological-counselling',
      '2020-03-01',
    );
    const response = await stack.post('/v1/records', await stack.token('justice'), record);
    expect(response.status, response.text).toBe(201);
    expect(response.json.sealed).toBe(true);
  });

  it('admits each agency role for the related records any agency keeps', async () => {
    for (const role of ['court', 'procuratorate', 'police', 'justice'] as const) {
      const response = await stack.post(
        '/v1/records',
        await stack.token(role),
        relatedRecord(syntheticPerson(), 'social-investigation', '2019-01-01'),
      );
      expect(response.status, role).toBe(201);
    }
  });

  it('accepts combined terms up to 12 months of detention and 36 of surveillance (CL art. 69)', async () => {
    for (const [penalty, months] of [
      ['criminal-detention', 12],
      ['public-surveillance', 36],
    ] as const) {
      const response = await stack.post(
        '/v1/records',
        court,
        judgment({ person: syntheticPerson(), offenceDate: '2023-01-01', penalty, months }),
      );
      expect(response.status, response.text).toBe(201);
      expect(response.json.sealed).toBe(false);
    }
  });

  it('flags a date of birth that contradicts the national ID, deciding on the later date', async () => {
    const person = syntheticPerson('2004-06-15');
    // Stated a year earlier than the ID says: an adult on the stated date, a minor by the ID.
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({
        person: { ...person, dateOfBirth: '2003-06-15' },
        offenceDate: '2022-01-10',
        months: 24,
      }),
    );
    expect(response.status, response.text).toBe(201);
    expect(response.json.sealed).toBe(true);
    expect(response.json.reviewFlags).toContain('date-of-birth-contradicts-national-id');
  });
});

describe('audit', () => {
  it('appends one event per ingestion with actor and decision, and no name or ID number', async () => {
    const person = syntheticPerson();
    const response = await stack.post(
      '/v1/records',
      await stack.token('court', { org: 'court-audit', sub: 'judge-officer-7' }),
      judgment({ person, offenceDate: '2020-02-02' }),
    );
    const events = (await stack.auditEvents()).filter(
      (e) => e.target === response.json.recordId && e.action === 'record.ingest',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { sub: 'judge-officer-7', role: 'court', org: 'court-audit' },
      outcome: 'done',
      details: { decision: { sealed: true } },
    });
    const text = JSON.stringify(events[0]);
    expect(text).not.toContain(person.nationalId);
    expect(text).not.toContain(person.name);
  });
});
