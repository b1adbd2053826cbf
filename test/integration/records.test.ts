import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgment, relatedRecord, syntheticPerson } from '../support/fixtures.ts';
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
    const items = await stack.scan('CriminalRecords');
    const item = items.find((i) => i.recordId === response.json.recordId);
    expect(item).toMatchObject({ status: 'sealed', keyClass: 'sealed-archive' });
    expect(item).not.toHaveProperty('disclosableBlindIndex');
  });

  it('does not seal an adult’s judgment and puts it in the disclosable index', async () => {
    const person = syntheticPerson();
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2022-06-16', months: 24 }),
    );
    expect(response.status).toBe(201);
    expect(response.json.sealed).toBe(false);
    const item = (await stack.scan('CriminalRecords')).find(
      (i) => i.recordId === response.json.recordId,
    );
    expect(item).toMatchObject({ status: 'open', keyClass: 'records' });
    expect(item?.disclosableBlindIndex).toBe(item?.blindIndex);
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
    const item = (await stack.scan('CriminalRecords')).find(
      (i) => i.recordId === response.json.recordId,
    );
    expect(Object.keys(item ?? {}).sort()).toEqual(
      [
        'blindIndex',
        'caseIndex',
        'containsSealedInformation',
        'createdAt',
        'envelope',
        'keyClass',
        'owningAgency',
        'recordId',
        'recordType',
        'status',
        'updatedAt',
        'version',
      ].sort(),
    );
  });

  it('replays the first response for a repeated Idempotency-Key and stores nothing new', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-02-02' });
    const headers = { 'idempotency-key': 'retry-1' };
    const first = await stack.post('/v1/records', court, body, headers);
    const before = await Promise.all(['CriminalRecords', 'AuditLog'].map((t) => stack.scan(t)));
    const second = await stack.post('/v1/records', court, body, headers);
    const after = await Promise.all(['CriminalRecords', 'AuditLog'].map((t) => stack.scan(t)));
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
      offences: [{ name: '另一测试罪名', intentional: false }],
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

  it('admits each agency role', async () => {
    for (const role of ['court', 'procuratorate', 'police', 'justice'] as const) {
      const response = await stack.post(
        '/v1/records',
        await stack.token(role),
        relatedRecord(syntheticPerson(), 'social-investigation', '2019-01-01'),
      );
      expect(response.status, role).toBe(201);
    }
  });
});

describe('joint crimes (IM art. 5)', () => {
  async function recordOf(recordId: unknown) {
    return (await stack.scan('CriminalRecords')).find((i) => i.recordId === recordId);
  }

  it('marks the adult co-defendant’s record when it arrives before the minor’s', async () => {
    const minor = syntheticPerson('2005-01-01');
    const adult = syntheticPerson('1990-01-01');
    const caseNumber = '(2099)测0000刑初J1号';
    const adultRecord = await stack.post(
      '/v1/records',
      court,
      judgment({
        person: adult,
        offenceDate: '2021-06-01',
        caseNumber,
        months: 36,
        coDefendants: [minor],
      }),
    );
    expect(adultRecord.json).toMatchObject({ sealed: false, containsSealedInformation: false });
    const minorRecord = await stack.post(
      '/v1/records',
      court,
      judgment({
        person: minor,
        offenceDate: '2021-06-01',
        caseNumber,
        months: 24,
        coDefendants: [adult],
      }),
    );
    expect(minorRecord.json.sealed).toBe(true);
    expect(await recordOf(adultRecord.json.recordId)).toMatchObject({
      containsSealedInformation: true,
      status: 'open',
    });
  });

  it('marks the adult co-defendant’s record when it arrives after the minor’s', async () => {
    const minor = syntheticPerson('2005-01-01');
    const adult = syntheticPerson('1990-01-01');
    const caseNumber = '(2099)测0000刑初J2号';
    await stack.post(
      '/v1/records',
      court,
      judgment({
        person: minor,
        offenceDate: '2021-06-01',
        caseNumber,
        months: 24,
        coDefendants: [adult],
      }),
    );
    const adultRecord = await stack.post(
      '/v1/records',
      court,
      judgment({ person: adult, offenceDate: '2021-06-01', caseNumber, months: 36 }),
    );
    expect(adultRecord.json).toMatchObject({ sealed: false, containsSealedInformation: true });
    expect((await recordOf(adultRecord.json.recordId))?.containsSealedInformation).toBe(true);
  });

  it('does not mark a record of another case', async () => {
    const minor = syntheticPerson('2005-01-01');
    const adult = syntheticPerson('1990-01-01');
    await stack.post(
      '/v1/records',
      court,
      judgment({ person: minor, offenceDate: '2021-06-01', months: 24, coDefendants: [adult] }),
    );
    const other = await stack.post(
      '/v1/records',
      court,
      judgment({ person: adult, offenceDate: '2021-07-01' }),
    );
    expect(other.json.containsSealedInformation).toBe(false);
  });
});

describe('unsealing (IM art. 19)', () => {
  it('unseals a sealed record when a new crime as a minor brings the combined sentence over 60 months', async () => {
    const person = syntheticPerson('2004-06-15');
    const sealed = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2019-08-01', effectiveDate: '2020-01-10', months: 24 }),
    );
    expect(sealed.json.sealed).toBe(true);
    const combined = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2021-08-01', effectiveDate: '2022-03-01', months: 72 }),
    );
    expect(combined.status).toBe(201);
    expect(combined.json.sealed).toBe(false);
    expect(combined.json.unsealedRecordIds).toEqual([sealed.json.recordId]);
    const item = (await stack.scan('CriminalRecords')).find(
      (i) => i.recordId === sealed.json.recordId,
    );
    expect(item).toMatchObject({
      status: 'open',
      keyClass: 'records',
      unsealedFrom: '2022-03-01',
      version: 2,
    });
    expect(item?.disclosableBlindIndex).toBe(item?.blindIndex);
  });

  it('keeps a juvenile record sealed when an adult commits a new intentional crime', async () => {
    const person = syntheticPerson('2004-06-15');
    const sealed = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2021-08-01', effectiveDate: '2022-01-10', months: 24 }),
    );
    const adult = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2025-08-01', effectiveDate: '2026-01-10', months: 24 }),
    );
    expect(adult.json.sealed).toBe(false);
    expect(adult.json.unsealedRecordIds).toBeUndefined();
    const item = (await stack.scan('CriminalRecords')).find(
      (i) => i.recordId === sealed.json.recordId,
    );
    expect(item).toMatchObject({ status: 'sealed', keyClass: 'sealed-archive' });
  });
});

describe('retrial (IM art. 19 ground 3)', () => {
  it('unseals the superseded record when a retrial raises the sentence over 60 months', async () => {
    const person = syntheticPerson('2004-06-15');
    const first = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2020-08-01', effectiveDate: '2021-01-10', months: 48 }),
    );
    expect(first.json.sealed).toBe(true);
    const retrial = await stack.post('/v1/records', court, {
      ...judgment({ person, offenceDate: '2020-08-01', effectiveDate: '2022-02-01', months: 72 }),
      supersedesRecordId: first.json.recordId,
    });
    expect(retrial.status, retrial.text).toBe(201);
    expect(retrial.json.sealed).toBe(false);
    expect(retrial.json.unsealedRecordIds).toEqual([first.json.recordId]);
  });

  it('keeps the record sealed, and flags it, when the retrial sentence is exactly 60 months', async () => {
    const person = syntheticPerson('2004-06-15');
    const first = await stack.post(
      '/v1/records',
      court,
      judgment({ person, offenceDate: '2020-08-01', effectiveDate: '2021-01-10', months: 48 }),
    );
    const retrial = await stack.post('/v1/records', court, {
      ...judgment({ person, offenceDate: '2020-08-01', effectiveDate: '2022-02-01', months: 60 }),
      supersedesRecordId: first.json.recordId,
    });
    expect(retrial.json.sealed).toBe(true);
    expect(retrial.json.unsealedRecordIds).toBeUndefined();
    expect(retrial.json.reviewFlags).toContain('exactly-60-months-on-retrial');
    const item = (await stack.scan('CriminalRecords')).find(
      (i) => i.recordId === first.json.recordId,
    );
    expect(item).toMatchObject({ status: 'sealed' });
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
    const events = (await stack.scan('AuditLog')).filter(
      (e) => e.recordId === response.json.recordId && e.action === 'record.ingest',
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actor: { subject: 'judge-officer-7', role: 'court', organisation: 'court-audit' },
      decision: { sealed: true },
    });
    const text = JSON.stringify(events[0]);
    expect(text).not.toContain(person.nationalId);
    expect(text).not.toContain(person.name);
  });
});
