/**
 * The agency directory (API.md, Oversight: `GET /v1/agencies`) and the sealing notices it
 * routes (IM arts. 11–13; RULES.md §3): a sealed record's notice reaches the same-division
 * procuratorate and police of the sealing organisation without anyone listing them, the
 * justice bureau after a non-custodial sentence, and whoever `notify` adds — nobody else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAgencyDirectory } from '#shared/adapters/dynamodb/agencyDirectory.ts';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { seedAgencyDirectory } from '#shared/adapters/local/seedAgencyDirectory.ts';
import { judgment, relatedRecord, syntheticPerson } from '../support/fixtures.ts';
import { noticesFor, submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
});
afterAll(async () => stack.close());

type Entry = { org: string; role: string; name: string; division: string };

describe('GET /v1/agencies', () => {
  it('lists the versioned directory to any authenticated role, page by page', async () => {
    for (const role of ['citizen', 'unit', 'court', 'supervisor'] as const) {
      const token = await stack.token(role, {
        person: role === 'citizen' ? syntheticPerson() : undefined,
      });
      const first = await stack.request('GET', '/v1/agencies?limit=5', { token });
      expect(first.status, first.text).toBe(200);
      expect(first.json.version).toBe(seedAgencyDirectory.version);
    }
    const token = await stack.token('unit', { org: 'kindergarten-dir' });
    const seen: Entry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stack.request(
        'GET',
        `/v1/agencies?limit=5${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      expect(page.status, page.text).toBe(200);
      const agencies = page.json.agencies as Entry[];
      expect(agencies.length).toBeLessThanOrEqual(5);
      seen.push(...agencies);
      cursor = page.json.cursor as string | undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(seen.map((a) => a.org).sort()).toEqual(
      seedAgencyDirectory.agencies.map((a) => a.org).sort(),
    );
    expect(seen).toContainEqual({
      org: 'psb-0105',
      role: 'police',
      name: expect.any(String),
      division: '990105',
    });
    for (const entry of seen) expect(entry.division).toMatch(/^\d{6}$/);
  });

  it('refuses a bad cursor or limit (400 naming it), and a caller without a token (401)', async () => {
    const token = await stack.token('court', { org: 'court-0105' });
    const badCursor = await stack.request('GET', '/v1/agencies?cursor=not.a.cursor', { token });
    expect(badCursor.status).toBe(400);
    expect(badCursor.json.errors).toEqual([{ path: 'cursor', message: expect.any(String) }]);
    const badLimit = await stack.request('GET', '/v1/agencies?limit=0', { token });
    expect(badLimit.status).toBe(400);
    expect((badLimit.json.errors as { path: string }[])[0]?.path).toBe('limit');
    expect((await stack.request('GET', '/v1/agencies')).status).toBe(401);
  });
});

describe('sealing notices from the directory (IM arts. 11–13)', () => {
  const recipients = async (recordId: string) => {
    await stack.drainSealingQueue();
    return (await stack.scan('Notices'))
      .filter((n) => n.recordId === recordId)
      .map((n) => `${(n.to as Entry).role}#${(n.to as Entry).org}`)
      .sort();
  };

  it('go to the same-division procuratorate and police, though the court listed nobody', async () => {
    const court = await stack.token('court', { org: 'court-0105' });
    const sealed = await submitRecord(
      stack,
      court,
      judgment({ person: syntheticPerson('2006-01-01'), offenceDate: '2022-01-01', months: 24 }),
      { sealed: true },
    );
    expect(await recipients(sealed.recordId)).toEqual([
      'police#psb-0105',
      'procuratorate#spp-0105',
    ]);
    const police = await stack.token('police', { org: 'psb-0105' });
    const listed = (await stack.request('GET', '/v1/notices', { token: police })).json.notices as {
      recordId: string;
      kind: string;
      acknowledgeBy: string;
    }[];
    expect(listed.find((n) => n.recordId === sealed.recordId)).toMatchObject({ kind: 'sealed' });
  });

  it('add community corrections after a non-custodial sentence, and whoever notify names', async () => {
    const court = await stack.token('court', { org: 'court-0106' });
    const suspended = await submitRecord(
      stack,
      court,
      judgment({
        person: syntheticPerson('2006-02-02'),
        offenceDate: '2022-01-01',
        months: 12,
        suspended: true,
        probationMonths: 12,
        notify: [{ role: 'police', org: 'psb-elsewhere' }],
      }),
      { sealed: true },
    );
    expect(await recipients(suspended.recordId)).toEqual([
      'justice#sfj-0106',
      'police#psb-0106',
      'police#psb-elsewhere',
      'procuratorate#spp-0106',
    ]);
    const surveillance = await submitRecord(
      stack,
      court,
      judgment({
        person: syntheticPerson('2006-03-03'),
        offenceDate: '2022-01-01',
        penalty: 'public-surveillance',
        months: 6,
      }),
      { sealed: true },
    );
    expect(await recipients(surveillance.recordId)).toContain('justice#sfj-0106');
  });

  it('a procuratorate’s sealed non-prosecution reaches the police of its division', async () => {
    const procuratorate = await stack.token('procuratorate', { org: 'spp-0105' });
    const decided = await submitRecord(
      stack,
      procuratorate,
      { ...relatedRecord(syntheticPerson('2007-04-04'), 'non-prosecution', '2022-05-01') },
      { sealed: true },
    );
    const to = await recipients(decided.recordId);
    expect(to).toContain('police#psb-0105');
    expect(to).not.toContain('procuratorate#spp-0105');
  });

  it('none for a record not sealed; an organisation the directory lacks is audited', async () => {
    const court = await stack.token('court', { org: 'court-0105' });
    const adult = await submitRecord(
      stack,
      court,
      judgment({ person: syntheticPerson('1990-01-01'), offenceDate: '2022-01-01', months: 24 }),
      { sealed: false },
    );
    expect(await recipients(adult.recordId)).toEqual([]);
    const unknownCourt = await stack.token('court', { org: 'court-unlisted' });
    const sealed = await submitRecord(
      stack,
      unknownCourt,
      judgment({ person: syntheticPerson('2006-05-05'), offenceDate: '2022-01-01', months: 24 }),
      { sealed: true },
    );
    expect(await recipients(sealed.recordId)).toEqual([]);
    expect(await noticesFor(stack, 'psb-0105')).not.toContainEqual(
      expect.objectContaining({ recordId: sealed.recordId }),
    );
    const audit = await stack.auditEvents();
    expect(JSON.stringify(audit)).toContain(`notice.no-directory-entry:${sealed.recordId}`);
  });
});

describe('an administrator replaces the directory (docs/deploy.md)', () => {
  it('a new version: every entry rewritten, organisations no longer listed removed', async () => {
    const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: stack.dynamoDbEndpoint });
    const next = {
      version: 'test-2027.1',
      agencies: seedAgencyDirectory.agencies.filter((a) => a.org !== 'psb-0106'),
    };
    expect(
      await loadAgencyDirectory(createDocumentClient(client), 'AgencyDirectory', next),
    ).toEqual({ written: next.agencies.length, removed: 1 });
    client.destroy();
    const token = await stack.token('court', { org: 'court-0106' });
    const page = await stack.request('GET', '/v1/agencies?limit=500', { token });
    expect(page.json.version).toBe('test-2027.1');
    expect((page.json.agencies as Entry[]).map((a) => a.org)).not.toContain('psb-0106');
    // Its division's next sealing notice has no police to go to.
    const sealed = await submitRecord(
      stack,
      token,
      judgment({ person: syntheticPerson('2006-06-06'), offenceDate: '2022-01-01', months: 24 }),
      { sealed: true },
    );
    await stack.drainSealingQueue();
    const to = (await stack.scan('Notices')).filter((n) => n.recordId === sealed.recordId);
    expect(to.map((n) => (n.to as Entry).org)).toEqual(['spp-0106']);
  });
});
