/**
 * Inquiry result letters as the running local API issues them, verified offline as a unit
 * verifies them: the library, and `npm run verify` on the saved result responses, alone and in
 * a batch with a certificate. A person whose only conviction is sealed gets the no-record
 * letter, and it verifies exactly as one.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustBundle, type TrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyDocument } from '#shared/domain/credential/verifyDocument.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let bundle: TrustBundle;
let dir: string;
let bundlePath: string;
/** The saved result responses `{"letter": …}`, as the kindergarten received them. */
const results = {} as Record<'convicted' | 'sealedOnly' | 'none', string>;
let certificateResponse: string;
const people = {} as Record<keyof typeof results, Person>;

async function letterFor(person: Person): Promise<string> {
  const school = await stack.token('unit', { org: 'kindergarten-1', sub: 'hr-officer-1' });
  const police = await stack.token('police', { org: 'psb-1', sub: 'police-officer-1' });
  const applied = await stack.post('/v1/inquiries', school, {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: { role: 'police', org: 'psb-1' },
    legalBasis: 'teachers-law-14',
    reason: 'Applicant for a teaching post at our kindergarten.',
    purpose: 'Recruitment of a kindergarten teacher',
  });
  expect(applied.status, applied.text).toBe(202);
  const inquiry = `/v1/inquiries/${String(applied.json.inquiryId)}`;
  const decided = await stack.post(`${inquiry}/decision`, police, { decision: 'approve' });
  expect(decided.status, decided.text).toBe(200);
  const accepted = await stack.post(`${inquiry}/acknowledgement`, school, { accepted: true });
  expect(accepted.status, accepted.text).toBe(200);
  const result = await stack.request('GET', `${inquiry}/result`, { token: school });
  expect(result.status, result.text).toBe(200);
  return result.text;
}

function run(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['scripts/verify.ts', ...args],
      { cwd: join(import.meta.dirname, '../..'), env: { ...process.env, DATA_DIR: dir } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  dir = mkdtempSync(join(tmpdir(), 'letter-verify-'));
  bundle = parseTrustBundle((await stack.request('GET', '/v1/trust-bundle')).json);
  bundlePath = join(dir, 'bundle.json');
  writeFileSync(bundlePath, JSON.stringify(bundle));
  const court = await stack.token('court');

  people.convicted = syntheticPerson('1990-03-01');
  await submitRecord(
    stack,
    court,
    judgment({ person: people.convicted, offenceDate: '2019-05-01', months: 30 }),
    { sealed: false },
  );
  people.sealedOnly = syntheticPerson('2004-06-15');
  await submitRecord(
    stack,
    court,
    judgment({ person: people.sealedOnly, offenceDate: '2021-08-01', months: 24 }),
    { sealed: true },
  );
  people.none = syntheticPerson('1995-09-09');
  await stack.drainSealingQueue();
  for (const key of ['convicted', 'sealedOnly', 'none'] as const) {
    results[key] = await letterFor(people[key]);
  }
  const citizen = await stack.token('citizen', { person: people.none });
  const issued = await stack.post('/v1/certificates', citizen, { purpose: 'employment' });
  expect(issued.status, issued.text).toBe(201);
  certificateResponse = issued.text;
}, 60_000);

afterAll(async () => {
  await stack?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('letters from the running API, verified offline', () => {
  it('verifyDocument: the convicted adult’s letter lists the conviction; the others state no record', async () => {
    const letterOf = (key: keyof typeof results) => String(JSON.parse(results[key]).letter);
    const convicted = await verifyDocument(letterOf('convicted'), bundle);
    expect(convicted).toMatchObject({
      kind: 'letter',
      valid: true,
      letter: {
        nameAsStated: people.convicted.name,
        recipient: { role: 'unit', org: 'kindergarten-1' },
        statement: 'criminal-record-on-file',
        convictions: [
          {
            offences: ['测试罪名'],
            penalty: 'fixed-term-imprisonment',
            months: 30,
            effectiveDate: '2020-05-01',
          },
        ],
        legalBasis: 'teachers-law-14',
      },
    });
    for (const key of ['sealedOnly', 'none'] as const) {
      const verdict = await verifyDocument(letterOf(key), bundle);
      expect(verdict).toMatchObject({
        kind: 'letter',
        valid: true,
        letter: { statement: 'no-criminal-record-on-file', convictions: [] },
      });
    }
  });

  it('npm run verify prints the statement and the conviction of a saved result; exit 0', async () => {
    const file = join(dir, 'convicted.json');
    writeFileSync(file, results.convicted);
    const { code, stdout, stderr } = await run([file, '--trust', bundlePath]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^VALID — inquiry result letter: CRIMINAL RECORD ON FILE\./);
    expect(stdout).toContain(
      '1. 测试罪名 — fixed-term-imprisonment, 30 months, effective 2020-05-01',
    );
    const sealed = join(dir, 'sealed-only.json');
    writeFileSync(sealed, results.sealedOnly);
    const none = await run([sealed, '--trust', bundlePath]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^VALID — inquiry result letter: no criminal record on file\./);
  }, 90_000);

  it('npm run verify --batch: letters and a certificate mixed, each named by kind and statement', async () => {
    const batch = join(dir, 'batch');
    mkdirSync(batch);
    writeFileSync(join(batch, 'a-certificate.json'), certificateResponse);
    writeFileSync(join(batch, 'b-convicted.json'), results.convicted);
    writeFileSync(join(batch, 'c-sealed-only.json'), results.sealedOnly);
    writeFileSync(join(batch, 'd-none.json'), results.none);
    const { code, stdout, stderr } = await run(['--batch', batch, '--trust', bundlePath]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^VALID {6}a-certificate\.json {2}certificate {2}\(until /m);
    expect(stdout).toMatch(
      /^VALID {6}b-convicted\.json {2}letter: CRIMINAL RECORD ON FILE, 1 conviction {2}\(until /m,
    );
    expect(stdout).toMatch(/^VALID {6}c-sealed-only\.json {2}letter: no criminal record on file/m);
    expect(stdout).toMatch(/^VALID {6}d-none\.json {2}letter: no criminal record on file/m);
    expect(stdout).toContain('4 files: 4 valid, 0 not valid.');
    expect(stdout).toContain('1 valid letter states a criminal record on file');
    for (const person of Object.values(people)) {
      expect(stdout).not.toContain(person.name);
      expect(stdout).not.toContain(person.nationalId.slice(0, 6));
    }
  }, 90_000);
});
