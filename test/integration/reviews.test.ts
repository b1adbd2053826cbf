/**
 * Reviews (API.md, Reviews): every flag opens a review for the organisation that owns the
 * flagged record — never for the submitter of another record whose arrival raised it — which
 * lists them a page at a time and decides each once, with reasons; overdue ones reach the
 * oversight summary. Over real HTTP on the local stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let juvenileCourt: string;
let adultCourt: string;

beforeAll(async () => {
  stack = await startTestStack();
  juvenileCourt = await stack.token('court', { org: 'court-juvenile', sub: 'judge-1' });
  adultCourt = await stack.token('court', { org: 'court-adult', sub: 'judge-2' });
});
afterAll(async () => stack.close());

type Review = {
  reviewId: string;
  recordId: string;
  flag: string;
  causedBy?: string;
  status: string;
  decideBy: string;
  outcome?: string;
  reasons?: string;
};

async function reviewsOf(token: string, query = ''): Promise<Review[]> {
  await stack.drainSealingQueue();
  const response = await stack.request('GET', `/v1/reviews${query}`, { token });
  expect(response.status, response.text).toBe(200);
  return response.json.reviews as Review[];
}

/** A sealed suspended juvenile judgment, then an adult conviction during its probation. */
async function probationCase() {
  const person = syntheticPerson('2004-06-15');
  const juvenile = await submitRecord(
    stack,
    juvenileCourt,
    judgment({
      person,
      offenceDate: '2021-09-01',
      effectiveDate: '2022-01-10',
      months: 24,
      suspended: true,
      probationMonths: 48,
    }),
    { sealed: true },
  );
  const adult = await submitRecord(
    stack,
    adultCourt,
    judgment({ person, offenceDate: '2023-03-01', effectiveDate: '2023-09-01', months: 36 }),
    { sealed: false },
  );
  return { juvenile, adult };
}

describe('GET /v1/reviews', () => {
  it('a flag raised by another record reaches the sealed record’s owner, and not the submitter', async () => {
    const { juvenile, adult } = await probationCase();
    const mine = (await reviewsOf(juvenileCourt)).filter((r) => r.recordId === juvenile.recordId);
    expect(mine).toEqual([
      expect.objectContaining({
        recordId: juvenile.recordId,
        flag: 'adult-offence-during-juvenile-probation',
        causedBy: adult.recordId,
        status: 'pending',
      }),
    ]);
    expect(await reviewsOf(adultCourt)).toEqual([]);
  });

  it('a flag from the record’s own facts reaches its submitter, who owns it', async () => {
    const court = await stack.token('court', { org: 'court-own-facts' });
    const record = await submitRecord(
      stack,
      court,
      judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2019-09-01', months: 12 }),
      { sealed: true },
    );
    expect(record.json.reviewFlags).toEqual(['offence-not-answerable-at-age']);
    expect(await reviewsOf(court)).toEqual([
      expect.objectContaining({ recordId: record.recordId, flag: 'offence-not-answerable-at-age' }),
    ]);
    const [review] = await reviewsOf(court);
    expect(review?.causedBy).toBeUndefined();
  });

  it('pages with cursor and limit, in a stable order, every review once', async () => {
    const court = await stack.token('court', { org: 'court-paged' });
    for (let i = 0; i < 5; i++) {
      await submitRecord(
        stack,
        court,
        judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2019-09-01', months: 12 }),
      );
    }
    const all = await reviewsOf(court);
    expect(all).toHaveLength(5);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const query = `?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const response = await stack.request('GET', `/v1/reviews${query}`, { token: court });
      expect(response.status, response.text).toBe(200);
      const page = response.json.reviews as Review[];
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((r) => r.reviewId));
      cursor = response.json.cursor as string | undefined;
    } while (cursor);
    expect(seen).toEqual(all.map((r) => r.reviewId));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    ['status=pending', ''],
  ])('refuses %s with a 400 naming the parameter', async (query, path) => {
    const response = await stack.request('GET', `/v1/reviews?${query}`, { token: adultCourt });
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path })]);
  });

  it('is for agencies only', async () => {
    for (const role of ['citizen', 'unit', 'supervisor'] as const) {
      const token = await stack.token(role, { person: syntheticPerson() });
      const response = await stack.request('GET', '/v1/reviews', { token });
      expect(response.status, `${role}: ${response.text}`).toBe(403);
    }
  });
});

describe('POST /v1/reviews/{id}/decision', () => {
  it('the owner decides once, with reasons; the reasons are stored encrypted', async () => {
    const { juvenile } = await probationCase();
    const [review] = (await reviewsOf(juvenileCourt)).filter(
      (r) => r.recordId === juvenile.recordId,
    );
    const path = `/v1/reviews/${review?.reviewId}/decision`;
    const reasons = 'Probation revoked by the court that tried the new offence.';
    const decided = await stack.post(path, juvenileCourt, { outcome: 'confirmed', reasons });
    expect(decided.status, decided.text).toBe(200);
    expect(decided.json).toMatchObject({ status: 'decided', outcome: 'confirmed', reasons });
    expect(decided.json.decidedBy).toBe('judge-1');
    const again = await stack.post(path, juvenileCourt, { outcome: 'corrected', reasons });
    expect(again.status, again.text).toBe(409);
    const [listed] = (await reviewsOf(juvenileCourt)).filter(
      (r) => r.reviewId === review?.reviewId,
    );
    expect(listed).toMatchObject({ status: 'decided', outcome: 'confirmed', reasons });
    const stored = (await stack.scan('Reviews')).find((r) => r.reviewId === review?.reviewId);
    expect(JSON.stringify(stored)).not.toContain('Probation revoked');
  });

  it('another organisation, of the same role or not, gets 404 and changes nothing', async () => {
    const { juvenile } = await probationCase();
    const [review] = (await reviewsOf(juvenileCourt)).filter(
      (r) => r.recordId === juvenile.recordId,
    );
    const path = `/v1/reviews/${review?.reviewId}/decision`;
    const sameOrgOtherRole = await stack.token('police', { org: 'court-juvenile' });
    for (const token of [adultCourt, sameOrgOtherRole]) {
      const response = await stack.post(path, token, { outcome: 'confirmed', reasons: 'x' });
      expect(response.status, response.text).toBe(404);
    }
    const [after] = (await reviewsOf(juvenileCourt)).filter((r) => r.reviewId === review?.reviewId);
    expect(after?.status).toBe('pending');
  });

  it.each([
    [{ outcome: 'confirmed' }, 'reasons'],
    [{ outcome: 'dismissed', reasons: 'x' }, 'outcome'],
    [{ outcome: 'confirmed', reasons: '' }, 'reasons'],
  ])('refuses %j with a 400 naming %s', async (body, path) => {
    const { juvenile } = await probationCase();
    const [review] = (await reviewsOf(juvenileCourt)).filter(
      (r) => r.recordId === juvenile.recordId,
    );
    const response = await stack.post(
      `/v1/reviews/${review?.reviewId}/decision`,
      juvenileCourt,
      body,
    );
    expect(response.status, response.text).toBe(400);
    expect(response.json.errors).toEqual([expect.objectContaining({ path })]);
  });
});

describe('the oversight summary', () => {
  it('counts each organisation’s pending reviews', async () => {
    const court = await stack.token('court', { org: 'court-summarised' });
    await submitRecord(
      stack,
      court,
      judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2019-09-01', months: 12 }),
    );
    await stack.drainSealingQueue();
    const supervisor = await stack.token('supervisor', { org: 'spp-x' });
    const summary = await stack.request('GET', '/v1/oversight/summary', { token: supervisor });
    expect(summary.status, summary.text).toBe(200);
    const row = (summary.json.agencies as { org: string; reviews: unknown }[]).find(
      (a) => a.org === 'court-summarised',
    );
    expect(row?.reviews).toEqual({ pending: 1, overdue: 0 });
  });
});
