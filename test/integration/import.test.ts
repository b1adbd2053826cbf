/**
 * `npm run import` (API.md, Bulk import) run as its own process on a fresh DATA_DIR, as an
 * agency runs it: the summary line, the rejects file (line numbers and codes, never
 * content), idempotency by natural key (duplicates, conflicts, a second run), a DATA_DIR
 * held by a server, and the end state — effects on other records included — compared with
 * what `POST /v1/records` leaves for the same records. Then the people in the file ask the
 * server on that DATA_DIR for certificates.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { storedLog } from '../support/exactlyOnce.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import {
  historicalFile,
  invalidLines,
  openEnvelope,
  readDataDir,
  runImport,
  stateFigures,
  summaryOf,
  writeNdjson,
} from '../support/imports.ts';
import { spawnServer } from '../support/server.ts';
import { startTestStack } from '../support/stack.ts';

const work = mkdtempSync(join(tmpdir(), 'sealed-records-import-'));
const freshDataDir = () => mkdtempSync(join(work, 'data-'));
const court = ['--role', 'court', '--org', 'court-import'];

describe('npm run import', () => {
  it('an empty file imports nothing, exits 0 and leaves no rejects file', async () => {
    const file = join(work, 'empty.ndjson');
    writeFileSync(file, '');
    const run = await runImport(freshDataDir(), [file, ...court]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      'imported 0 records: 0 sealed, 0 not sealed, 0 already present, 0 rejected\n',
    );
    expect(existsSync(join(work, 'empty.rejects.ndjson'))).toBe(false);
  });

  it('a file of only invalid lines rejects each by line number and code, never its content', async () => {
    const lines = invalidLines();
    const file = writeNdjson(join(work, 'invalid.ndjson'), lines);
    const dataDir = freshDataDir();
    const run = await runImport(dataDir, [file, ...court]);
    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run)).toEqual({
      records: 5,
      sealed: 0,
      notSealed: 0,
      alreadyPresent: 0,
      rejected: 5,
    });
    const text = readFileSync(join(work, 'invalid.rejects.ndjson'), 'utf8');
    const rejects = text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [1, 'invalid-request'],
      [2, 'invalid-request'],
      [3, 'invalid-request'],
      [4, 'invalid-request'],
      [5, 'invalid-request'],
    ]);
    expect(rejects[1].errors).toEqual([
      { path: 'subject.nationalId', message: expect.any(String) },
    ]);
    expect(new Set(rejects[2].errors.map((e: { path: string }) => e.path))).toEqual(
      new Set(['offenceDate']),
    );
    expect(rejects[3].errors.map((e: { path: string }) => e.path)).toEqual(['caseNumber']);
    for (const entry of rejects)
      expect(Object.keys(entry).sort()).toEqual(['code', 'errors', 'line']);
    for (const line of lines) {
      for (const value of stringValuesOf(line)) expect(text).not.toContain(value);
    }
    expect((await readDataDir(dataDir)).records).toEqual([]);
  });

  it('duplicates count as already present, a conflicting line is rejected and the earlier one kept; a second run changes nothing', async () => {
    const person = syntheticPerson('2004-06-15');
    const adult = syntheticPerson('1990-01-01');
    const sealed = judgment({ person, offenceDate: '2021-03-01', months: 24 });
    const conflicting = { ...sealed, sentence: { penalty: 'fixed-term-imprisonment', months: 30 } };
    const convicted = judgment({ person: adult, offenceDate: '2022-05-01', months: 12 });
    const police = judgment({ person: adult, offenceDate: '2020-05-01', months: 12 });
    const lines = [
      JSON.stringify(sealed),
      '',
      JSON.stringify(convicted),
      JSON.stringify(sealed),
      '   ',
      JSON.stringify(conflicting),
      'x'.repeat(70_000),
      JSON.stringify(convicted),
      JSON.stringify({ ...police, recordType: 'non-prosecution', sentence: undefined }),
    ];
    // CRLF line ends, as exported on some agency systems.
    const file = writeNdjson(join(work, 'mixed.ndjson'), lines, '\r\n');
    const dataDir = freshDataDir();

    const first = await runImport(dataDir, [file, ...court]);
    expect(first.code, first.stderr).toBe(0);
    expect(summaryOf(first)).toEqual({
      records: 7,
      sealed: 1,
      notSealed: 1,
      alreadyPresent: 2,
      rejected: 3,
    });
    const rejectsFile = join(work, 'mixed.rejects.ndjson');
    const rejects = readFileSync(rejectsFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [6, 'record-conflict'],
      [7, 'content-too-large'],
      [9, 'record-type-not-allowed'],
    ]);

    const state = await readDataDir(dataDir);
    expect(state.records).toHaveLength(2);
    expect(state.auditEntries.filter((e) => e.action === 'record.ingest')).toHaveLength(2);
    expect(state.records.filter((r) => r.effectsPending)).toEqual([]);
    const stored = state.records.find((r) => r.status === 'sealed');
    expect(stored).toBeDefined();
    const envelope = await openEnvelope(dataDir, stored as Record<string, unknown>);
    expect(envelope.submission.sentence?.months).toBe(24);

    const second = await runImport(dataDir, [file, ...court]);
    expect(second.code, second.stderr).toBe(0);
    expect(summaryOf(second)).toEqual({
      records: 7,
      sealed: 0,
      notSealed: 0,
      alreadyPresent: 4,
      rejected: 3,
    });
    expect(stateFigures(await readDataDir(dataDir))).toEqual(stateFigures(state));
  });

  it('refuses with a clear message and exit 2 while a server holds DATA_DIR, and imports nothing', async () => {
    const dataDir = freshDataDir();
    const file = writeNdjson(join(work, 'held.ndjson'), [
      JSON.stringify(judgment({ person: syntheticPerson(), offenceDate: '2021-03-01' })),
    ]);
    const server = await spawnServer(dataDir);
    let run: Awaited<ReturnType<typeof runImport>>;
    try {
      run = await runImport(dataDir, [file, ...court]);
    } finally {
      await server.stop();
    }
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/in use by a running server/);
    expect(run.stdout).toBe('');
    expect((await readDataDir(dataDir)).records).toEqual([]);
  });

  it('says what is wrong with the command line: exit 2', async () => {
    const file = writeNdjson(join(work, 'usage.ndjson'), []);
    for (const args of [
      [file, '--role', 'citizen', '--org', 'x'],
      [file, '--role', 'court'],
      [join(work, 'missing.ndjson'), ...court],
    ]) {
      const run = await runImport(freshDataDir(), args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
    }
  });
});

describe('npm run import: the end state of POST /v1/records, effects included', () => {
  const file = historicalFile(2);
  const dataDir = freshDataDir();
  let imported: Awaited<ReturnType<typeof readDataDir>>;

  beforeAll(async () => {
    const path = writeNdjson(
      join(work, 'archive.ndjson'),
      file.bodies.map((body) => JSON.stringify(body)),
    );
    const run = await runImport(dataDir, [path, ...court]);
    expect(run.code, run.stderr).toBe(0);
    expect(summaryOf(run)).toMatchObject({ records: file.bodies.length, rejected: 0 });
    imported = await readDataDir(dataDir);
  });

  it('leaves what the same records submitted one by one leave, unsealing, marks and notices included', async () => {
    const stack = await startTestStack();
    try {
      const token = await stack.token('court', { org: 'court-import' });
      for (const body of file.bodies) {
        const response = await stack.post('/v1/records', token, body);
        expect(response.status, response.text).toBe(201);
      }
      await stack.drainSealingQueue();
      const submitted = {
        records: await stack.scan('CriminalRecords'),
        ...(await (async () => {
          await stack.drainAuditSequencer();
          const auditLog = await storedLog(stack.scan);
          return { auditLog, auditEntries: auditLog.leaves.map((leaf) => JSON.parse(leaf.entry)) };
        })()),
        disclosable: await stack.scan('DisclosableConvictions'),
        notices: await stack.scan('Notices'),
        links: await stack.scan('RecordLinks'),
      };
      const figures = stateFigures(imported);
      expect(figures).toEqual(stateFigures(submitted));
      // The effects did happen (not merely equally absent in both).
      expect(figures.notices).toEqual({ sealed: 2, unsealed: 2 });
      expect(figures.auditActions['record.unseal']).toBe(2);
      // The adult accomplices' records are marked from their own facts, at ingestion.
      expect(Object.entries(figures.records).filter(([r]) => r.includes(' marked '))).toEqual([
        ['judgment court-import open records marked - done', 2],
      ]);
    } finally {
      await stack.close();
    }
  });

  it('the people in the file get the answer their records allow from the server on that DATA_DIR', async () => {
    const server = await spawnServer(dataDir);
    try {
      const ask = async (person: (typeof file.sealedOnly)[number]) => {
        const token = await issueDevToken(dataDir, {
          role: 'citizen',
          nationalId: person.nationalId,
          name: person.name,
        });
        const response = await fetch(`${server.url}/v1/certificates`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ purpose: 'employment' }),
        });
        return response.status;
      };
      for (const person of file.sealedOnly) expect(await ask(person)).toBe(201);
      for (const person of file.convicted) expect(await ask(person)).toBe(409);
    } finally {
      await server.stop();
    }
  });
});

/** Every string value of a JSON line (or the line itself when it is not JSON), 4+ characters. */
function stringValuesOf(line: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return [line];
  }
  const found: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string' && v.length >= 4) found.push(v);
    else if (v && typeof v === 'object') for (const item of Object.values(v)) walk(item);
  };
  walk(value);
  return found;
}
