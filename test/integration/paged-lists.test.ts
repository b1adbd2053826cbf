/**
 * Paged lists over real HTTP (API.md, Lists): complaints, opinions, notices and the access log
 * a page at a time, in a stable order, every item exactly once; a bad `cursor` or `limit` is a
 * 400 naming it; a cursor never leads into someone else's list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
const t = {} as Record<
  'supervisor' | 'police' | 'otherPolice' | 'citizen' | 'other' | 'court' | 'unit',
  string
>;
const subject = syntheticPerson('2006-01-20');

beforeAll(async () => {
  stack = await startTestStack();
  t.supervisor = await stack.token('supervisor', { org: 'spp-paged', sub: 'procurator-p1' });
  t.police = await stack.token('police', { org: 'psb-paged', sub: 'officer-p1' });
  t.otherPolice = await stack.token('police', { org: 'psb-paged-2', sub: 'officer-p2' });
  t.citizen = await stack.token('citizen', { person: syntheticPerson('2004-06-15') });
  t.other = await stack.token('citizen', { person: syntheticPerson('2005-02-11') });
  t.court = await stack.token('court', { org: 'court-paged', sub: 'judge-p1' });
  t.unit = await stack.token('unit', { org: 'school-paged', sub: 'hr-p1' });
});
afterAll(async () => stack.close());

/** Every page of `path` at `limit`, with the IDs each page held. */
async function allPages(path: string, key: string, idName: string, token: string, limit: number) {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const query = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await stack.request('GET', `${path}${query}`, { token });
    expect(response.status, response.text).toBe(200);
    const items = response.json[key] as Record<string, string>[];
    expect(items.length).toBeLessThanOrEqual(limit);
    pages.push(items.map((item) => String(item[idName])));
    cursor = response.json.cursor as string | undefined;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

async function fileComplaint(token: string, org: string): Promise<string> {
  const filed = await stack.post('/v1/complaints', token, {
    against: { role: 'police', org },
    description: 'My sealed record was read out to my employer.',
  });
  expect(filed.status, filed.text).toBe(201);
  return String(filed.json.complaintId);
}

describe('GET /v1/complaints, paged', () => {
  const mine: string[] = [];
  const others: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 7; i++) mine.push(await fileComplaint(t.citizen, 'psb-paged'));
    for (let i = 0; i < 2; i++) others.push(await fileComplaint(t.other, 'psb-paged-2'));
    // One moves on to `answered`: the supervisor's list still has it once.
    const answered = await stack.post(`/v1/complaints/${mine[2]}/response`, t.police, {
      response: 'We have instructed the officer concerned.',
    });
    expect(answered.status, answered.text).toBe(200);
  });

  it.each([
    ['the complainant', 'citizen', 3],
    ['the agency complained against', 'police', 2],
  ] as const)('%s pages through their own, newest first, each once', async (_, who, limit) => {
    const pages = await allPages('/v1/complaints', 'complaints', 'complaintId', t[who], limit);
    expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    expect(pages.flat()).toEqual([...mine].reverse());
  });

  it('a supervisor pages through all, by status then newest first, each once', async () => {
    const whole = await stack.request('GET', '/v1/complaints?limit=100', { token: t.supervisor });
    const all = (whole.json.complaints as { complaintId: string; status: string }[]).map(
      (c) => c.complaintId,
    );
    expect(all).toEqual(expect.arrayContaining([...mine, ...others]));
    const paged = (
      await allPages('/v1/complaints', 'complaints', 'complaintId', t.supervisor, 2)
    ).flat();
    expect(paged).toEqual(all);
    expect(new Set(paged).size).toBe(paged.length);
    // `received` first (newest first), then the answered one.
    expect(paged.indexOf(String(mine[2]))).toBeGreaterThan(paged.indexOf(String(mine[6])));
  });

  it('a cursor from one list leads nowhere in another', async () => {
    const first = await stack.request('GET', '/v1/complaints?limit=1', { token: t.citizen });
    const cursor = String(first.json.cursor);
    const theirs = await stack.request(
      'GET',
      `/v1/complaints?limit=100&cursor=${encodeURIComponent(cursor)}`,
      { token: t.other },
    );
    expect(theirs.status, theirs.text).toBe(200);
    const ids = (theirs.json.complaints as { complaintId: string }[]).map((c) => c.complaintId);
    expect(ids.every((id) => others.includes(id))).toBe(true);
    expect(ids.some((id) => mine.includes(id))).toBe(false);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('{"p":9}').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from('{"p":0,"s":"x"}').toString('base64url')}`, 'cursor'],
    [`cursor=${Buffer.from('{"p":0,"s":1,"i":2}').toString('base64url')}`, 'cursor'],
    ['status=received', ''],
  ])('refuses %s with a 400 naming it', async (query, path) => {
    const response = await stack.request('GET', `/v1/complaints?${query}`, { token: t.police });
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path })]);
  });
});

describe('GET /v1/opinions, paged', () => {
  const issued: string[] = [];

  beforeAll(async () => {
    const replyDue = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    for (let i = 0; i < 5; i++) {
      const response = await stack.post('/v1/opinions', t.supervisor, {
        agency: { role: 'police', org: 'psb-paged' },
        kind: 'correction-notice',
        findings: 'A sealed record was shown to an employer without a legal basis.',
        replyDue,
      });
      expect(response.status, response.text).toBe(201);
      issued.push(String(response.json.opinionId));
    }
  });

  it.each([
    ['supervisor', 2],
    ['police', 3],
  ] as const)('the %s pages through them, newest first, each once', async (who, limit) => {
    const pages = await allPages('/v1/opinions', 'opinions', 'opinionId', t[who], limit);
    expect(pages.flat()).toEqual([...issued].reverse());
  });

  it('another agency sees none of them', async () => {
    const response = await stack.request('GET', '/v1/opinions', { token: t.otherPolice });
    expect(response.status, response.text).toBe(200);
    expect(response.json.opinions).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['cursor=%25%25', 'cursor'],
  ])('refuses %s with a 400 naming it', async (query, path) => {
    const response = await stack.request('GET', `/v1/opinions?${query}`, { token: t.supervisor });
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path })]);
  });
});

describe('GET /v1/notices, paged', () => {
  it('the agency pages through its notices by notice ID, each once; another agency sees none', async () => {
    const records: string[] = [];
    for (let i = 0; i < 5; i++) {
      const sealed = await submitRecord(
        stack,
        t.court,
        judgment({
          person: syntheticPerson('2005-03-03'),
          offenceDate: '2021-05-01',
          months: 12,
          notify: [{ role: 'police', org: 'psb-paged' }],
        }),
        { sealed: true },
      );
      records.push(sealed.recordId);
    }
    await stack.drainSealingQueue();
    const whole = await stack.request('GET', '/v1/notices?limit=100', { token: t.police });
    const all = whole.json.notices as { noticeId: string; recordId: string }[];
    expect(all.map((n) => n.recordId)).toEqual(expect.arrayContaining(records));
    const ids = all.map((n) => n.noticeId);
    expect(ids).toEqual([...ids].sort());
    const pages = await allPages('/v1/notices', 'notices', 'noticeId', t.police, 2);
    expect(pages.flat()).toEqual(ids);
    const other = await stack.request('GET', '/v1/notices', { token: t.otherPolice });
    expect(other.json.notices).toEqual([]);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1.5', 'limit'],
    ['cursor=abc', 'cursor'],
  ])('refuses %s with a 400 naming it', async (query, path) => {
    const response = await stack.request('GET', `/v1/notices?${query}`, { token: t.police });
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path })]);
  });
});

describe('GET /v1/me/access-log, paged', () => {
  it('the person pages through every inquiry about them, newest first, each once', async () => {
    const purposes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const applied = await stack.post('/v1/inquiries', t.unit, {
        subject: { nationalId: subject.nationalId, name: subject.name },
        agency: { role: 'police', org: 'psb-paged' },
        legalBasis: 'teachers-law-14',
        reason: 'Enrolment check.',
        purpose: `Enrolment ${i}`,
      });
      expect(applied.status, applied.text).toBe(202);
      purposes.push(`Enrolment ${i}`);
    }
    const token = await stack.token('citizen', { person: subject });
    const pages = await allPages('/v1/me/access-log', 'entries', 'purpose', token, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...purposes].reverse());
    // Someone else's log holds none of them, whatever cursor they are handed.
    const first = await stack.request('GET', '/v1/me/access-log?limit=1', { token });
    const theirs = await stack.request(
      'GET',
      `/v1/me/access-log?cursor=${encodeURIComponent(String(first.json.cursor))}`,
      { token: t.other },
    );
    expect(theirs.status, theirs.text).toBe(200);
    expect(theirs.json.entries).toEqual([]);
  });

  it.each([
    ['limit=101', 'limit'],
    ['limit=', 'limit'],
    ['cursor=eyJwIjoxfQ', 'cursor'],
  ])('refuses %s with a 400 naming it', async (query, path) => {
    const response = await stack.request('GET', `/v1/me/access-log?${query}`, {
      token: t.citizen,
    });
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path })]);
  });
});

describe('a page read is audited', () => {
  it('as one event a page, naming exactly the IDs it showed, in order', async () => {
    for (let i = 0; i < 5; i++) await fileComplaint(t.citizen, 'psb-audited');
    const reader = await stack.token('police', { org: 'psb-audited', sub: 'officer-audited' });
    const pages = await allPages('/v1/complaints', 'complaints', 'complaintId', reader, 2);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const events = (await stack.auditEvents()).filter(
      (event) => event.action === 'complaint.list' && event.actor.sub === 'officer-audited',
    );
    // (The events table is read in key order, not in the order written.)
    const named = (lists: unknown[]) => lists.map((list) => JSON.stringify(list)).sort();
    expect(named(events.map((event) => event.details?.listed))).toEqual(named(pages));
  });
});
