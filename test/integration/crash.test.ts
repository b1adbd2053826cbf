/**
 * Exactly once across crashes (DESIGN.md invariants 3, 5, 7): the server runs as its own
 * process, as `npm start` runs it; record submissions and certificate requests, each with
 * its own Idempotency-Key, are sent in a stream, and the process is killed with SIGKILL at
 * a random moment in the stream — requests answered, in flight, and not yet sent. After a
 * restart every request is retried with its key until answered. Then, counted straight
 * from the stopped server's tables: each submission is one record with one audit entry;
 * each certificate request is one credential — one issuance-log entry, one audit entry,
 * one counted application — and it is the credential the retry returned; the audit
 * log holds every event exactly once (a kill between a put and its sequencing included).
 *
 * CRASH_CYCLES (default 2) kill/restart cycles of CRASH_BATCH (default 8) submissions and
 * as many certificate requests each.
 */
import { randomInt } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { auditOf, logVerdict, type StoredState, storedState } from '../support/exactlyOnce.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { type ServerProcess, spawnServer } from '../support/server.ts';
import { startTestStack } from '../support/stack.ts';

const CYCLES = Number(process.env.CRASH_CYCLES ?? 2);
const BATCH = Number(process.env.CRASH_BATCH ?? 8);
/** A crashed request's key is locked this long (the lease), then a retry runs it. */
const SERVER_ENV = { IDEMPOTENCY_IN_PROGRESS_SECONDS: '2' };

type Job = {
  kind: 'record' | 'certificate';
  person: Person;
  key: string;
  token: string;
  body: unknown;
  /** The final answer, once a retry got one. */
  answer?: { status: number; text: string; json: Record<string, unknown> };
};

const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-crash-'));
const jobs: Job[] = [];
const figures = {
  requests: 0,
  serverErrors: 0,
  answeredBeforeKill: 0,
  cutByKill: 0,
  inProgressAfterRestart: 0,
  losses: 0,
  duplicates: 0,
};
let server: ServerProcess | undefined;
let state: StoredState;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One attempt; undefined when the connection died with the server. */
async function attempt(url: string, job: Job) {
  figures.requests += 1;
  const path = job.kind === 'record' ? '/v1/records' : '/v1/certificates';
  try {
    const response = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${job.token}`,
        'content-type': 'application/json',
        'idempotency-key': job.key,
      },
      body: JSON.stringify(job.body),
    });
    const text = await response.text();
    if (response.status >= 500) figures.serverErrors += 1;
    return {
      status: response.status,
      retryAfter: Number(response.headers.get('retry-after') ?? 1),
      text,
      json: JSON.parse(text) as Record<string, unknown>,
    };
  } catch {
    return undefined;
  }
}

/** Retries one job with its key until it is answered with 201. */
async function complete(url: string, job: Job) {
  for (let tries = 0; tries < 30; tries++) {
    const answer = await attempt(url, job);
    if (answer?.status === 201) {
      job.answer = answer;
      return;
    }
    if (answer?.status !== 409 || answer.json.code !== 'request-in-progress') {
      throw new Error(`unexpected answer ${answer?.status} ${String(answer?.json.code)}`);
    }
    figures.inProgressAfterRestart += 1;
    await sleep(answer.retryAfter * 1000);
  }
  throw new Error('never answered');
}

async function newJobs(cycle: number): Promise<Job[]> {
  const court = await issueDevToken(dataDir, { role: 'court', org: 'court-crash' });
  const batch: Job[] = [];
  for (let i = 0; i < BATCH; i++) {
    const submitted = syntheticPerson('2004-06-15');
    batch.push({
      kind: 'record',
      person: submitted,
      key: `crash-record-${cycle}-${i}`,
      token: court,
      body: judgment({ person: submitted, offenceDate: '2021-03-01', months: 24 }),
    });
    const citizen = syntheticPerson('1995-01-01');
    batch.push({
      kind: 'certificate',
      person: citizen,
      key: `crash-certificate-${cycle}-${i}`,
      token: await issueDevToken(dataDir, {
        role: 'citizen',
        org: 'public',
        sub: `citizen-crash-${cycle}-${i}`,
        nationalId: citizen.nationalId,
        name: citizen.name,
      }),
      body: { purpose: 'employment' },
    });
  }
  return batch;
}

beforeAll(async () => {
  server = await spawnServer(dataDir, SERVER_ENV);
  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    const batch = await newJobs(cycle);
    jobs.push(...batch);
    const running = server;
    // The first submission and certificate request warm the fresh process up; the rest
    // follow as a stream, one every 40 ms, and the kill lands anywhere in it or after it.
    const [firstRecord, firstCertificate, ...stream] = batch;
    for (const job of [firstRecord, firstCertificate] as Job[]) {
      if ((await attempt(running.url, job))?.status === 201) figures.answeredBeforeKill += 1;
    }
    const sent = stream.map(async (job, i) => {
      await sleep(i * 40);
      const answer = await attempt(running.url, job);
      if (answer?.status === 201) figures.answeredBeforeKill += 1;
      else if (answer === undefined) figures.cutByKill += 1;
    });
    await sleep(randomInt(0, stream.length * 40 + 300));
    await running.kill();
    await Promise.all(sent);
    const output = running.output();
    server = await spawnServer(dataDir, SERVER_ENV);
    const restarted = server;
    await Promise.all(batch.map((job) => complete(restarted.url, job)));
    for (const job of batch) {
      for (const secret of [job.person.nationalId, job.person.name]) {
        expect(output.includes(secret), 'personal data in the server output').toBe(false);
      }
    }
  }

  // Replays after all the restarts answer the first result, byte for byte.
  for (const job of jobs) {
    const replay = await attempt(server.url, job);
    expect(replay?.text).toBe(job.answer?.text);
  }
  await server.stop();
  server = undefined;

  // Counted in the very tables the crashed and restarted servers wrote.
  const stack = await startTestStack({ dataDir });
  try {
    state = await storedState(stack.scan);
  } finally {
    await stack.close();
  }
}, 120_000);

afterAll(async () => {
  await server?.kill();
  console.info(
    `crash: ${CYCLES} kills of ${2 * BATCH} requests each; ${figures.requests} requests, ` +
      `${figures.serverErrors} 5xx, ${figures.answeredBeforeKill} answered before the kill, ` +
      `${figures.cutByKill} cut off (in flight or refused), ${figures.inProgressAfterRestart} 409s while locked; ` +
      `${figures.losses} losses, ${figures.duplicates} duplicates`,
  );
});

describe(`kill -9 during ingestion and issuance (${CYCLES} cycles)`, () => {
  it('answers no request with a 5xx, and every request is answered after the restart', () => {
    expect(figures.serverErrors).toBe(0);
    expect(jobs.every((job) => job.answer?.status === 201)).toBe(true);
  });

  it('stores each submission as one record with one audit entry', () => {
    for (const job of jobs.filter((j) => j.kind === 'record')) {
      const { recordId } = job.answer?.json ?? {};
      const records = state.records.filter((r) => r.recordId === recordId);
      const audited = auditOf(state, 'record.ingest', { recordId });
      if (records.length === 0 || audited.length === 0) figures.losses += 1;
      figures.duplicates += Math.max(0, records.length - 1) + Math.max(0, audited.length - 1);
      expect(records).toHaveLength(1);
      expect(audited).toHaveLength(1);
    }
  });

  it('issues each certificate request one credential: one log entry, one audit entry, one count', () => {
    for (const job of jobs.filter((j) => j.kind === 'certificate')) {
      const { certificateId } = job.answer?.json ?? {};
      const entry = state.certificates.find((c) => c.certificateId === certificateId);
      expect(entry, 'the returned credential is in the issuance log').toBeDefined();
      const blindIndex = entry?.blindIndex;
      const certificates = state.certificates.filter((c) => c.blindIndex === blindIndex);
      const audited = auditOf(state, 'certificate.issue', { blindIndex });
      figures.duplicates += Math.max(0, certificates.length - 1) + Math.max(0, audited.length - 1);
      expect(certificates).toHaveLength(1);
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ target: certificateId });
      const counted = [...state.applications]
        .filter(([key]) => key.startsWith(`${blindIndex} `))
        .map(([, n]) => n);
      expect(counted).toEqual([1]);
    }
  });

  it('leaves the audit log whole: every event written sequenced exactly once, across the kills', () => {
    expect(state.auditEntries.length).toBeGreaterThanOrEqual(jobs.length);
    expect(logVerdict(state.auditLog)).toEqual({ intact: true, problems: [] });
  });
});
