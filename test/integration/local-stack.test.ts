/** `npm start`'s promises: data and keys under DATA_DIR survive a restart of the process. */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { spawnServer } from '../support/server.ts';

async function post(url: string, token: string, body: unknown) {
  const response = await fetch(`${url}/v1/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe('local stack (npm start)', () => {
  it('keeps records, keys and tokens valid across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-restart-'));
    const person = syntheticPerson();
    const body = judgment({ person, offenceDate: '2021-06-01' });

    const first = await spawnServer(dataDir);
    const court = await issueDevToken(dataDir, { role: 'court', org: 'court-restart' });
    const created = await post(first.url, court, body);
    const didBefore = await (await fetch(`${first.url}/.well-known/did.json`)).json();
    await first.stop();
    expect(created.status).toBe(201);

    const second = await spawnServer(dataDir);
    try {
      // Same record ID: the stored item was found and its envelope opened with the same keys.
      const again = await post(second.url, court, body);
      expect(again).toEqual(created);
      const changed = await post(second.url, court, { ...body, details: { note: 'changed' } });
      expect(changed.status).toBe(409);
      const didAfter = await (await fetch(`${second.url}/.well-known/did.json`)).json();
      expect(
        didAfter.verificationMethod.map((m: { publicKeyJwk: unknown }) => m.publicKeyJwk),
      ).toEqual(didBefore.verificationMethod.map((m: { publicKeyJwk: unknown }) => m.publicKeyJwk));
    } finally {
      await second.stop();
    }
    expect(statSync(join(dataDir, 'keys')).mode & 0o077).toBe(0);
  });
});
