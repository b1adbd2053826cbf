/**
 * Exactly once under concurrency (DESIGN.md invariants 1, 3, 5, 7), over real HTTP and
 * dynalite: parallel requests with one Idempotency-Key execute once and answer one result,
 * the others 409 request-in-progress — never a 5xx; a key reused with another body is
 * refused and the first answer stays replayable; the yearly limit holds under bursts, alike
 * for a person with sealed records and a person with none; parallel identical submissions
 * store one record with one audit entry; and every audit chain still verifies.
 *
 * CONCURRENCY_ROUNDS=N repeats each scenario N times (default 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditOf,
  logVerdict,
  type StoredState,
  storedState,
  Tally,
} from '../support/exactlyOnce.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';
import { type ApiResponse, startTestStack, type TestStack } from '../support/stack.ts';

const ROUNDS = Number(process.env.CONCURRENCY_ROUNDS ?? 1);
const rounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);

let stack: TestStack;
let court: string;
const tally = new Tally();
let duplicates = 0;
let losses = 0;

async function counted(response: Promise<ApiResponse>): Promise<ApiResponse> {
  const answer = await response;
  tally.add(answer.status);
  return answer;
}

async function citizenOf(person: Person) {
  return stack.token('citizen', { person, sub: `citizen-${person.nationalId.slice(-8)}` });
}

function certificate(token: string, body: unknown, key?: string) {
  return counted(
    stack.post('/v1/certificates', token, body, key ? { 'idempotency-key': key } : undefined),
  );
}

function inParallel<T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => make(i)));
}

function expectInProgress(response: ApiResponse) {
  expect(response.status, response.text).toBe(409);
  expect(response.json.code).toBe('request-in-progress');
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
}

/** The blind index of the person a certificate was issued to, from its log entry. */
function blindIndexOf(state: StoredState, certificateId: unknown): string {
  const entry = state.certificates.find((c) => c.certificateId === certificateId);
  expect(entry, 'issuance-log entry of the certificate').toBeDefined();
  return String(entry?.blindIndex);
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court', { org: 'court-concurrency' });
});
afterAll(async () => {
  console.info(
    `concurrency: ${tally.summary()}, ${losses} losses, ${duplicates} duplicates (rounds: ${ROUNDS})`,
  );
  await stack?.close();
});

describe.each([20, 50])('%i parallel requests with one Idempotency-Key', (parallel) => {
  it.each(rounds)('certificate, round %i: one execution, one credential, others 409', async () => {
    const person = syntheticPerson();
    const citizen = await citizenOf(person);
    const key = `same-key-${parallel}-${Math.random()}`;
    const body = { purpose: 'employment' };
    const answers = await inParallel(parallel, () => certificate(citizen, body, key));

    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const issued = answers.filter((a) => a.status === 201);
    expect(issued.length).toBeGreaterThanOrEqual(1);
    for (const other of answers.filter((a) => a.status !== 201)) expectInProgress(other);
    const bodies = new Set(issued.map((a) => a.text));
    duplicates += bodies.size - 1;
    expect(bodies.size, 'every 201 is the one result').toBe(1);

    const replay = await certificate(citizen, body, key);
    expect(replay.status).toBe(201);
    expect(replay.text).toBe(issued[0]?.text);

    await stack.drainAuditSequencer();
    const state = await storedState(stack.scan);
    const blindIndex = blindIndexOf(state, replay.json.certificateId);
    const certificates = state.certificates.filter((c) => c.blindIndex === blindIndex);
    const audited = auditOf(state, 'certificate.issue', { blindIndex });
    duplicates += Math.max(0, certificates.length - 1) + Math.max(0, audited.length - 1);
    expect(certificates).toHaveLength(1);
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ target: replay.json.certificateId });
  });

  it.each(rounds)('record, round %i: one record, one audit entry, others 409', async () => {
    const submission = judgment({ person: syntheticPerson(), offenceDate: '2021-05-01' });
    const key = `same-record-${parallel}-${Math.random()}`;
    const answers = await inParallel(parallel, () =>
      counted(stack.post('/v1/records', court, submission, { 'idempotency-key': key })),
    );

    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    const stored = answers.filter((a) => a.status === 201);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    for (const other of answers.filter((a) => a.status !== 201)) expectInProgress(other);
    expect(new Set(stored.map((a) => a.text)).size).toBe(1);

    const { recordId } = stored[0]?.json ?? {};
    await stack.drainAuditSequencer();
    const state = await storedState(stack.scan);
    const records = state.records.filter((r) => r.recordId === recordId);
    const audited = auditOf(state, 'record.ingest', { recordId });
    losses += records.length === 0 || audited.length === 0 ? 1 : 0;
    duplicates += Math.max(0, audited.length - 1);
    expect(records).toHaveLength(1);
    expect(audited).toHaveLength(1);
  });
});

describe('an Idempotency-Key reused with another body', () => {
  it.each(rounds)(
    'round %i: is refused, and the replay returns the first credential byte for byte',
    async () => {
      const person = syntheticPerson();
      const citizen = await citizenOf(person);
      const key = `reused-${Math.random()}`;
      const first = await certificate(citizen, { purpose: 'employment' }, key);
      expect(first.status, first.text).toBe(201);

      const reused = await certificate(citizen, { purpose: 'education' }, key);
      expect(reused.status).toBe(409);
      expect(reused.json.code).toBe('idempotency-key-reused');

      const replay = await certificate(citizen, { purpose: 'employment' }, key);
      expect(replay.status).toBe(201);
      expect(replay.text).toBe(first.text);

      await stack.drainAuditSequencer();
      const state = await storedState(stack.scan);
      const blindIndex = blindIndexOf(state, first.json.certificateId);
      expect(state.certificates.filter((c) => c.blindIndex === blindIndex)).toHaveLength(1);
    },
  );

  it.each(rounds)(
    'round %i: raced against the first body, exactly one body wins and stays',
    async () => {
      const person = syntheticPerson();
      const citizen = await citizenOf(person);
      const key = `raced-${Math.random()}`;
      const purposes = ['employment', 'education'] as const;
      const answers = await inParallel(20, (i) =>
        certificate(citizen, { purpose: purposes[i % 2] }, key),
      );
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);
      const issued = answers.filter((a) => a.status === 201);
      expect(new Set(issued.map((a) => a.text)).size).toBe(1);
      for (const other of answers.filter((a) => a.status !== 201)) {
        expect(other.status).toBe(409);
        expect(['request-in-progress', 'idempotency-key-reused']).toContain(other.json.code);
      }
      expect(issued.length).toBeGreaterThanOrEqual(1);
      const first = issued[0] as ApiResponse;
      const { vc } = decodeJwt(String(first.json.credential)).payload as {
        vc: { credentialSubject: { purpose: string } };
      };
      const winner = vc.credentialSubject.purpose;
      const loser = purposes.find((p) => p !== winner) as string;
      const [again, other] = await Promise.all([
        certificate(citizen, { purpose: winner }, key),
        certificate(citizen, { purpose: loser }, key),
      ]);
      expect(again.text).toBe(first.text);
      expect(other.status).toBe(409);
      expect(other.json.code).toBe('idempotency-key-reused');
    },
  );
});

describe('the yearly limit under bursts (MPS: more than 3 applications need a justification)', () => {
  const bursts = [
    [10, 'no record'],
    [50, 'no record'],
    [10, 'sealed records only'],
    [50, 'sealed records only'],
  ] as const;

  it.each(bursts)(
    '%i parallel requests without justification, %s: exactly 3 credentials',
    async (parallel, kind) => {
      for (const _ of rounds) {
        const person = syntheticPerson('2004-06-15');
        if (kind === 'sealed records only') {
          const sealed = await stack.post(
            '/v1/records',
            court,
            judgment({ person, offenceDate: '2020-05-01', months: 24 }),
          );
          expect(sealed.status, sealed.text).toBe(201);
          expect(sealed.json.sealed).toBe(true);
        }
        const citizen = await citizenOf(person);
        const answers = await inParallel(parallel, () =>
          certificate(citizen, { purpose: 'employment' }),
        );
        expect(answers.filter((a) => a.status >= 500)).toEqual([]);
        const issued = answers.filter((a) => a.status === 201);
        const refused = answers.filter((a) => a.status !== 201);
        duplicates += Math.max(0, issued.length - 3);
        expect(issued).toHaveLength(3);
        for (const answer of refused) {
          expect(answer.status).toBe(400);
          expect(answer.json.errors).toEqual([expect.objectContaining({ path: 'justification' })]);
        }

        const justified = await certificate(citizen, {
          purpose: 'employment',
          justification: 'A second employer asked for its own copy.',
        });
        expect(justified.status).toBe(201);

        await stack.drainAuditSequencer();
        const state = await storedState(stack.scan);
        const blindIndex = blindIndexOf(state, issued[0]?.json.certificateId);
        expect(state.certificates.filter((c) => c.blindIndex === blindIndex)).toHaveLength(4);
        expect(auditOf(state, 'certificate.issue', { blindIndex })).toHaveLength(4);
        const refusals = auditOf(state, 'certificate.refuse', { blindIndex });
        expect(refusals).toHaveLength(parallel - 3);
        for (const refusal of refusals) {
          expect(refusal).toMatchObject({
            outcome: 'justification-required',
            details: expect.objectContaining({ purpose: 'employment' }),
          });
        }
        const year = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();
        expect(state.applications.get(`${blindIndex} ${year}`)).toBe(4);
      }
    },
  );
});

describe('50 parallel identical record submissions without a key', () => {
  it.each(rounds)('round %i: one record, one audit entry, one answer', async () => {
    const submission = judgment({ person: syntheticPerson(), offenceDate: '2021-07-01' });
    const answers = await inParallel(50, () =>
      counted(stack.post('/v1/records', court, submission)),
    );
    expect(answers.filter((a) => a.status !== 201).map((a) => a.text)).toEqual([]);
    const recordIds = new Set(answers.map((a) => a.json.recordId));
    expect(recordIds.size).toBe(1);

    const [recordId] = recordIds;
    await stack.drainAuditSequencer();
    const state = await storedState(stack.scan);
    const records = state.records.filter((r) => r.recordId === recordId);
    const audited = auditOf(state, 'record.ingest', { recordId });
    losses += records.length === 0 || audited.length === 0 ? 1 : 0;
    duplicates += Math.max(0, audited.length - 1);
    expect(records).toHaveLength(1);
    expect(audited).toHaveLength(1);
  });
});

describe('after all of it', () => {
  it('the audit log is whole: every event written sequenced exactly once', async () => {
    // The sealing service's work, off the answers' path, writes events of its own: it ends
    // first, then the sequencer takes everything written.
    await stack.drainSealingQueue();
    await stack.drainAuditSequencer();
    await stack.drainAuditSequencer();
    const state = await storedState(stack.scan);
    expect(state.auditEntries.length).toBeGreaterThan(0);
    expect(logVerdict(state.auditLog)).toEqual({ intact: true, problems: [] });
  });

  it('no request got a 5xx', () => {
    expect(tally.requests).toBeGreaterThan(0);
    expect(tally.serverErrors).toBe(0);
  });
});
