/**
 * No oracle (DESIGN.md invariant 8; API.md, Records): what an agency can read after submitting
 * depends only on what it submitted. A differential test, as an outsider would attack: three
 * groups of targets — with sealed records, with only related (non-conviction) records, with
 * none — and, for each, agencies of every role that may submit, which name the target through
 * every channel a submission has (a co-defendant with a wide offence window, the target's
 * case number, a combined case, a guessed superseded record ID) and then read everything they
 * can: the answers and their replays, their notices, their reviews, their inquiries. Each
 * group's attackers are organisations of their own, so what each reads can be compared: it
 * must be identical in kind, count and shape, and of one timing class, whatever the group.
 *
 * The exact timing ratio is the bench's (`npm run bench -- submissions`); here the medians
 * only have to fall in one class, so that a lookup of other records on the request path —
 * which costs a multiple of an answer — shows, while a loaded machine does not.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgencyRole } from '#shared/domain/agencies.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { type ApiResponse, startTestStack, type TestStack } from '../support/stack.ts';

/**
 * Six a group: 90 submissions each, every channel of every role six times over. The answers
 * must be identical, not alike in distribution, so more targets add time and no power; the
 * timing class needs only a stable median, which 90 samples give.
 */
const TARGETS_PER_GROUP = 6;
const groups = ['sealed', 'related', 'none'] as const;
type Group = (typeof groups)[number];
const roles = ['court', 'procuratorate', 'police', 'justice'] as const satisfies AgencyRole[];

/** The record type each role submits when it names someone: one it decides (API.md). */
const ownType: Record<(typeof roles)[number], string> = {
  court: 'judgment',
  procuratorate: 'non-prosecution',
  police: 'compulsory-measure',
  justice: 'social-investigation',
};

type Target = { person: Person; caseNumber: string };

let stack: TestStack;
const attackers = {} as Record<Group, Record<(typeof roles)[number], string>>;
const targets = {} as Record<Group, Target[]>;

/** Every target was born on one day, so that the facts an attacker states are the same for all. */
const BORN = '2004-06-15';

beforeAll(async () => {
  stack = await startTestStack();
  const home = {
    court: await stack.token('court', { org: 'home-court' }),
    procuratorate: await stack.token('procuratorate', { org: 'home-procuratorate' }),
    justice: await stack.token('justice', { org: 'home-justice' }),
  };
  for (const group of groups) {
    attackers[group] = {} as Record<(typeof roles)[number], string>;
    for (const role of roles) {
      attackers[group][role] = await stack.token(role, {
        org: `attacker-${role}-${group}`,
        sub: `attacker-${role}-${group}-official`,
      });
    }
    targets[group] = [];
    for (let i = 0; i < TARGETS_PER_GROUP; i++) {
      const person = syntheticPerson(BORN);
      const caseNumber = syntheticCaseNumber();
      if (group === 'sealed') {
        // A suspended sentence whose probation is still running in 2024, and a second case.
        await submitRecord(
          stack,
          home.court,
          judgment({
            person,
            caseNumber,
            offenceDate: '2021-09-01',
            effectiveDate: '2022-01-10',
            months: 24,
            suspended: true,
            probationMonths: 48,
            notify: [{ role: 'police', org: 'home-police' }],
          }),
          { sealed: true },
        );
        await submitRecord(
          stack,
          home.court,
          judgment({ person, offenceDate: '2020-03-01', months: 12, article: '263' }),
          { sealed: true },
        );
      }
      if (group === 'related') {
        await submitRecord(
          stack,
          home.procuratorate,
          { ...relatedRecord(person, 'non-prosecution', '2021-09-01'), caseNumber },
          { sealed: true },
        );
        await submitRecord(
          stack,
          home.justice,
          relatedRecord(person, 'social-investigation', '2020-03-01'),
          { sealed: true },
        );
      }
      targets[group].push({ person, caseNumber });
    }
  }
  await stack.drainSealingQueue();
}, 600_000);
afterAll(async () => stack.close());

/** A made-up adult, whom the attacker submits a record about. */
const strawman = () => syntheticPerson('1990-01-01');

function bodyFor(role: (typeof roles)[number], person: Person, offenceDate: string) {
  return ownType[role] === 'judgment'
    ? judgment({ person, offenceDate, months: 36 })
    : relatedRecord(person, ownType[role], offenceDate);
}

/** Every way a submission can name the target, for a role. */
function channels(role: (typeof roles)[number], target: Target) {
  const list: { channel: string; body: Record<string, unknown> }[] = [
    {
      channel: 'co-defendant, wide offence window',
      body: {
        ...bodyFor(role, strawman(), '2019-01-01'),
        lastOffenceDate: '2024-01-01',
        effectiveDate: '2024-06-01',
        coDefendants: [{ nationalId: target.person.nationalId }],
      },
    },
    {
      channel: 'the target’s case number',
      body: { ...bodyFor(role, strawman(), '2021-09-01'), caseNumber: target.caseNumber },
    },
    {
      channel: 'the target as subject, in the target’s case',
      body: { ...bodyFor(role, target.person, '2021-09-01'), caseNumber: target.caseNumber },
    },
  ];
  if (role === 'court') {
    list.push(
      {
        channel: 'combinedWith the target’s case, an adult’s judgment during any probation',
        body: judgment({
          person: target.person,
          offenceDate: '2024-02-02',
          effectiveDate: '2024-09-01',
          months: 72,
          combinedWith: [{ caseNumber: target.caseNumber, offenceDate: '2021-09-01' }],
        }),
      },
      {
        channel: 'combinedWith the target’s case, a minor’s judgment over 60 months',
        body: judgment({
          person: target.person,
          offenceDate: '2022-03-01',
          effectiveDate: '2022-12-01',
          months: 72,
          combinedWith: [target.caseNumber],
        }),
      },
      {
        channel: 'supersedesRecordId guessed',
        body: judgment({
          person: target.person,
          offenceDate: '2021-09-01',
          months: 30,
          supersedesRecordId: randomUUID(),
        }),
      },
    );
  }
  return list;
}

/** What an answer says, without what differs by request anyway (the record ID). */
function answerShape(response: ApiResponse) {
  const { recordId, ...rest } = response.json as Record<string, unknown>;
  return {
    status: response.status,
    body: rest,
    recordId: typeof recordId,
    length: response.text.length - String(recordId ?? '').length,
    headers: [...response.headers.keys()].filter((h) => h !== 'date').sort(),
  };
}

/** The keys of each object, recursively: a list's shape without its values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, shapeOf((value as Record<string, unknown>)[key])]),
    );
  }
  return typeof value;
}

/** Every item of a paged list (`cursor`, `limit`), page after page. */
async function allPages(token: string, path: string, key: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await stack.request('GET', `${path}?${query}`, { token });
    expect(page.status, page.text).toBe(200);
    items.push(...(page.json[key] as Record<string, unknown>[]));
    cursor = page.json.cursor as string | undefined;
  } while (cursor);
  return items;
}

/** Everything the attacker organisation can read, without values that differ by request. */
async function whatTheAttackerReads(token: string) {
  const noticeList = await allPages(token, '/v1/notices', 'notices');
  const inquiries = await stack.request('GET', '/v1/inquiries?status=pending', { token });
  const reviews = await allPages(token, '/v1/reviews', 'reviews');
  const count = (items: Record<string, unknown>[], key: string) =>
    Object.fromEntries(
      [...new Set(items.map((item) => String(item[key])))]
        .sort()
        .map((value) => [value, items.filter((item) => String(item[key]) === value).length]),
    );
  return {
    notices: {
      byKind: count(noticeList, 'kind'),
      shapes: noticeList.map((notice) => JSON.stringify(shapeOf(notice))).sort(),
    },
    reviews: {
      byFlag: count(reviews, 'flag'),
      byStatus: count(reviews, 'status'),
      shapes: reviews.map((review) => JSON.stringify(shapeOf(review))).sort(),
    },
    inquiries: { status: inquiries.status, shape: shapeOf(inquiries.json) },
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

describe('an agency learns nothing about anyone it names (DESIGN.md invariant 8)', () => {
  const answers = {} as Record<Group, Map<string, unknown[]>>;
  const latencies = {} as Record<Group, number[]>;

  it('answers every naming channel of every role alike for sealed-only, related-only and no-record targets', async () => {
    const attempts: {
      group: Group;
      role: (typeof roles)[number];
      channel: string;
      body: unknown;
    }[] = [];
    for (const group of groups) {
      answers[group] = new Map();
      latencies[group] = [];
      for (const target of targets[group]) {
        for (const role of roles) {
          for (const { channel, body } of channels(role, target)) {
            attempts.push({ group, role, channel, body });
          }
        }
      }
    }
    // Interleaved across groups, so that a loaded moment does not fall on one group.
    attempts.sort(() => Math.random() - 0.5);
    for (const { group, role, channel, body } of attempts) {
      await stack.drainSealingQueue();
      const key = `${role}: ${channel}`;
      const idempotencyKey = randomUUID();
      const start = performance.now();
      const response = await stack.post('/v1/records', attackers[group][role], body, {
        'idempotency-key': idempotencyKey,
      });
      latencies[group].push(performance.now() - start);
      const replay = await stack.post('/v1/records', attackers[group][role], body, {
        'idempotency-key': idempotencyKey,
      });
      expect(replay.text).toBe(response.text);
      const list = answers[group].get(key) ?? [];
      list.push(answerShape(response));
      answers[group].set(key, list);
    }
    await stack.drainSealingQueue();

    const attemptsPerGroup = attempts.length / groups.length;
    expect(attemptsPerGroup).toBe(TARGETS_PER_GROUP * (roles.length * 3 + 3));
    for (const key of answers.none.keys()) {
      const none = answers.none.get(key);
      expect(answers.sealed.get(key), key).toEqual(none);
      expect(answers.related.get(key), key).toEqual(none);
    }
  }, 900_000);

  it('leaves each attacker the same notices, reviews and inquiries, whatever the targets’ records', async () => {
    for (const role of roles) {
      const none = await whatTheAttackerReads(attackers.none[role]);
      expect(await whatTheAttackerReads(attackers.sealed[role]), role).toEqual(none);
      expect(await whatTheAttackerReads(attackers.related[role]), role).toEqual(none);
    }
    // The channels reach the sealing service and do their work there, out of sight: the
    // sealed group's owners did hear of what the attackers' records did to theirs.
    const homeCourt = await stack.token('court', { org: 'home-court' });
    const home = await whatTheAttackerReads(homeCourt);
    // (A target whose record a minor's combined judgment unsealed first has no sealed probation
    // left to flag: the order of the channels is random.)
    expect(home.notices.byKind.unsealed).toBeGreaterThanOrEqual(TARGETS_PER_GROUP);
    expect(home.reviews.byFlag['adult-offence-during-juvenile-probation']).toBeGreaterThan(0);
  });

  it('answers every group in one timing class (the bench measures the ratio itself)', () => {
    const none = median(latencies.none);
    for (const group of ['sealed', 'related'] as const) {
      const ratio = median(latencies[group]) / none;
      console.info(
        `oracle: ${latencies[group].length} submissions a group; median ${group}/none ${ratio.toFixed(3)}`,
      );
      expect(ratio, `${group}/none median ${ratio.toFixed(3)}`).toBeGreaterThan(0.67);
      expect(ratio, `${group}/none median ${ratio.toFixed(3)}`).toBeLessThan(1.5);
    }
  });
});
