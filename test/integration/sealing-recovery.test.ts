/**
 * Nothing is lost when the server is killed while the sealing service still has work: the
 * records stay `effectsPending` on disk, and the next start applies them before it reports
 * ready. The server runs as its own process, exactly as `npm start`, and is killed with
 * SIGKILL right after a burst of answers.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  createDynamoDbClient,
  scanAll,
} from '#shared/adapters/dynamodb/client.ts';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { startDynalite } from '#shared/adapters/local/dynalite.ts';
import { judgment, syntheticCaseNumber, syntheticPerson } from '../support/fixtures.ts';
import { spawnServer } from '../support/server.ts';

type Item = Record<string, unknown>;

/** The records as stored, read straight from the database files while no server runs. */
async function storedRecords(dataDir: string): Promise<Item[]> {
  const engine = await startDynalite({ path: join(dataDir, 'dynamodb') });
  const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: engine.endpoint });
  try {
    return await scanAll(createDocumentClient(client), { TableName: 'CriminalRecords' });
  } finally {
    client.destroy();
    await engine.close();
  }
}

async function post(url: string, token: string, body: unknown) {
  const response = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { recordId: string; sealed: boolean };
}

describe('the sealing service across a kill -9', () => {
  it('applies the effects a killed process left pending before the next start is ready', async () => {
    const PEOPLE = 24;
    let pendingAtKill = 0;
    let earlierIds: string[] = [];
    let dataDir = '';
    for (let attempt = 0; attempt < 5 && pendingAtKill === 0; attempt++) {
      dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-recovery-'));
      const server = await spawnServer(dataDir);
      const court = await issueDevToken(dataDir, { role: 'court', org: 'court-recovery' });
      const people = Array.from({ length: PEOPLE }, () => ({
        person: syntheticPerson('2004-06-15'),
        caseNumber: syntheticCaseNumber(),
      }));
      const earlier = await Promise.all(
        people.map(({ person, caseNumber }) =>
          post(
            server.url,
            court,
            judgment({ person, caseNumber, offenceDate: '2019-08-01', months: 24 }),
          ),
        ),
      );
      expect(earlier.every((answer) => answer.sealed)).toBe(true);
      // Each combined judgment unseals its person's earlier record, off the request path.
      await Promise.all(
        people.map(({ person, caseNumber }) =>
          post(
            server.url,
            court,
            judgment({ person, offenceDate: '2021-08-01', months: 72, combinedWith: [caseNumber] }),
          ),
        ),
      );
      await server.kill();
      pendingAtKill = (await storedRecords(dataDir)).filter((i) => i.effectsPending).length;
      earlierIds = earlier.map((answer) => answer.recordId);
    }
    // The kill must have interrupted work, or this test proves nothing.
    expect(pendingAtKill).toBeGreaterThan(0);

    const restarted = await spawnServer(dataDir);
    await restarted.stop();
    const records = await storedRecords(dataDir);
    expect(records.filter((i) => i.effectsPending)).toEqual([]);
    const earlierRecords = records.filter((i) => earlierIds.includes(String(i.recordId)));
    expect(earlierRecords).toHaveLength(PEOPLE);
    expect(earlierRecords.every((i) => i.status === 'open' && i.keyClass === 'records')).toBe(true);
  });
});
