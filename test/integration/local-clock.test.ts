/**
 * `NOW` on the local stack (API.md, Running locally): `npm start` and `npm run token` started
 * with the same NOW agree on the time; the clock runs on from NOW, so a notice sealed "at
 * NOW" is overdue when the server is started again later, and deadlines are counted from it.
 * A deployment never reads it (shared/config.ts refuses the shift with KEY_PROVIDER=kms).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, readConfig } from '#shared/config.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { type ServerProcess, spawnServer } from '../support/server.ts';

const run = promisify(execFile);
const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

async function token(dataDir: string, now: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['scripts/token.ts', ...args], {
    env: { ...process.env, DATA_DIR: dataDir, NOW: now },
  });
  return stdout.trim();
}

async function call(url: string, bearer: string, method = 'GET', body?: unknown) {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${bearer}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, text, json: JSON.parse(text || '{}') };
}

describe('NOW (the local stack only)', () => {
  it('starts the clock at NOW: tokens, sealing times and overdue notices follow it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-now-'));
    const sealingDay = '2026-12-29T10:00:00+08:00';
    let server = await spawnServer(dataDir, { NOW: sealingDay });
    servers.push(server);
    expect(server.output()).toContain('The clock started at NOW: 2026-12-29T02:00:00.000Z');

    const court = await token(dataDir, sealingDay, '--role', 'court', '--org', 'court-now');
    expect(decodeJwt(court).iat).toBe(Date.parse(sealingDay) / 1000);
    // A token of the machine's own time is not one of this clock's: issued in another time.
    const realTime = await token(dataDir, '', '--role', 'court', '--org', 'court-now');
    expect((await call(`${server.url}/v1/notices`, realTime)).status).toBe(401);

    const person = syntheticPerson('2008-01-10');
    const submitted = await call(
      `${server.url}/v1/records`,
      court,
      'POST',
      judgment({
        person,
        offenceDate: '2024-03-01',
        effectiveDate: '2024-09-01',
        months: 12,
        notify: [{ role: 'police', org: 'psb-now' }],
      }),
    );
    expect(submitted.status, submitted.text).toBe(201);
    expect(submitted.json.sealed).toBe(true);
    const police = await token(dataDir, sealingDay, '--role', 'police', '--org', 'psb-now');
    const [pending] = (await call(`${server.url}/v1/notices`, police)).json.notices;
    expect(pending).toMatchObject({ kind: 'sealed', status: 'pending' });
    expect(pending.sealedAt.slice(0, 10)).toBe('2026-12-29');
    await server.stop();

    // Three weeks later on the same data: the notice was never confirmed.
    const later = '2027-01-20T09:00:00+08:00';
    server = await spawnServer(dataDir, { NOW: later });
    servers.push(server);
    const policeLater = await token(dataDir, later, '--role', 'police', '--org', 'psb-now');
    const [overdue] = (await call(`${server.url}/v1/notices`, policeLater)).json.notices;
    expect(overdue).toMatchObject({ noticeId: pending.noticeId, status: 'overdue' });
    const supervisor = await token(dataDir, later, '--role', 'supervisor', '--org', 'spp-now');
    const summary = await call(`${server.url}/v1/oversight/summary`, supervisor);
    expect(summary.json.at.slice(0, 10)).toBe('2027-01-20');
    expect(summary.json.agencies).toContainEqual(
      expect.objectContaining({ org: 'psb-now', notices: { pending: 0, overdue: 1 } }),
    );
  }, 120_000);

  it('refuses a NOW that is not an ISO 8601 date-time with an offset', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-now-'));
    const failed = await run(
      process.execPath,
      ['scripts/token.ts', '--role', 'court', '--org', 'c'],
      { env: { ...process.env, DATA_DIR: dataDir, NOW: '29/12/2026' } },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 2 });
    expect((failed as { stderr: string }).stderr).toContain('NOW must be an ISO 8601 date-time');
  });

  it('is never read in a deployment: the shift is refused with KMS keys', () => {
    expect(() => readConfig({ KEY_PROVIDER: 'kms', LOCAL_CLOCK_OFFSET_MS: '86400000' })).toThrow(
      ConfigurationError,
    );
    expect(readConfig({ KEY_PROVIDER: 'local', LOCAL_CLOCK_OFFSET_MS: '86400000' })).toMatchObject({
      localClockOffsetMs: 86_400_000,
    });
  });
});
