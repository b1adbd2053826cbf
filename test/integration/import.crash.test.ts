/**
 * Bulk import killed at random moments (SIGKILL: no drain, no cleanup), several times, then
 * run once more to the end: the DATA_DIR must hold exactly what one clean run of the same
 * file leaves — the same records in the same states, one audit entry per event and no more,
 * the same disclosable entries, notices and links, no record left `effectsPending`, every
 * audit chain intact — and the same rejects file.
 *
 * IMPORT_CRASH_GROUPS (default 6, seven records each, plus invalid, duplicate and
 * conflicting lines) and IMPORT_CRASH_KILLS (default 3) scale it up.
 */
import type { ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#shared/domain/audit/entry.ts';
import { logVerdict } from '../support/exactlyOnce.ts';
import {
  type DataDirState,
  historicalFile,
  invalidLines,
  readDataDir,
  runImport,
  spawnImport,
  stateFigures,
  summaryOf,
  writeNdjson,
} from '../support/imports.ts';

const GROUPS = Number(process.env.IMPORT_CRASH_GROUPS ?? 6);
const KILLS = Number(process.env.IMPORT_CRASH_KILLS ?? 3);
const court = ['--role', 'court', '--org', 'court-crash'];

const work = mkdtempSync(join(tmpdir(), 'sealed-records-import-crash-'));

function theFile(): string[] {
  const { bodies } = historicalFile(GROUPS);
  const lines = bodies.map((body) => JSON.stringify(body));
  const invalid = invalidLines();
  // Invalid lines, a duplicate and a conflicting line spread through the file.
  for (const [i, line] of invalid.entries()) {
    lines.splice(Math.floor(((i + 1) * lines.length) / (invalid.length + 1)), 0, line);
  }
  const first = bodies[0] as { sentence: object };
  lines.push(JSON.stringify(bodies[0]));
  lines.push(JSON.stringify({ ...bodies[0], sentence: { ...first.sentence, months: 30 } }));
  return lines;
}

function uniqueEventIds(state: DataDirState) {
  const ids = state.auditEntries.map((entry) => String((entry as AuditEntry).eventId));
  return { entries: ids.length, distinct: new Set(ids).size };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the import's progress line counts a record, or when it ends first. */
function firstRecordsStored(child: ChildProcess, done: Promise<unknown>): Promise<unknown> {
  const counted = new Promise<void>((resolve) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const counts = [...chunk.toString('utf8').matchAll(/progress: (\d+) records/g)];
      if (counts.some(([, n]) => Number(n) > 0)) resolve();
    });
  });
  return Promise.race([counted, done]);
}

describe('npm run import killed at random moments, then run again', () => {
  it('ends in the state of one clean run', { timeout: 240_000 }, async () => {
    const lines = theFile();
    const file = writeNdjson(join(work, 'archive.ndjson'), lines);
    const rejectsFile = join(work, 'archive.rejects.ndjson');

    // One clean run, timed, to aim the kills inside an import.
    const cleanDir = mkdtempSync(join(work, 'clean-'));
    const started = Date.now();
    const clean = await runImport(cleanDir, [file, ...court]);
    const cleanMs = Date.now() - started;
    expect(clean.code, clean.stderr).toBe(0);
    const cleanSummary = summaryOf(clean);
    expect(cleanSummary).toMatchObject({
      records: lines.length,
      rejected: invalidLines().length + 1,
    });
    const cleanRejects = readFileSync(rejectsFile, 'utf8');
    renameSync(rejectsFile, join(work, 'clean.rejects.ndjson'));
    const expected = await readDataDir(cleanDir);

    const crashDir = mkdtempSync(join(work, 'crashed-'));
    const kills: { atMs: number; recordsAfter: number }[] = [];
    for (let k = 0; k < KILLS; k++) {
      // The first kill is aimed by the import's own progress (the first line counting a
      // stored record), so that one kill cuts it half-way however slowly it starts on a
      // loaded machine; the others fall at random moments of a clean run's length.
      const { child, done } = spawnImport(crashDir, [file, ...court, '--progress-every', '0.1']);
      const spawnedAt = Date.now();
      if (k === 0) await firstRecordsStored(child, done);
      else await sleep(randomInt(Math.round(cleanMs * 0.25), Math.round(cleanMs * 0.9)));
      const atMs = Date.now() - spawnedAt;
      child.kill('SIGKILL');
      const run = await done;
      const recordsAfter = (await readDataDir(crashDir)).records.length;
      kills.push({ atMs, recordsAfter });
      if (run.signal === null) expect(run.code, run.stderr).toBe(0); // finished first
    }
    const final = await runImport(crashDir, [file, ...court]);
    expect(final.code, final.stderr).toBe(0);
    const finalSummary = summaryOf(final);
    const actual = await readDataDir(crashDir);

    console.log(
      `import crash: ${lines.length} lines, clean run ${cleanMs} ms; kills at ${kills
        .map((k) => `${k.atMs} ms (${k.recordsAfter} records stored)`)
        .join(', ')}; final run: ${final.stdout.trim()}`,
    );
    // At least one kill cut an import half-way (the test is about that).
    expect(
      kills.some((k) => k.recordsAfter > 0 && k.recordsAfter < expected.records.length),
      JSON.stringify(kills),
    ).toBe(true);

    expect(stateFigures(actual)).toEqual(stateFigures(expected));
    expect(actual.records.filter((r) => r.effectsPending)).toEqual([]);
    expect(uniqueEventIds(actual)).toEqual(uniqueEventIds(expected));
    const { entries, distinct } = uniqueEventIds(actual);
    expect(distinct).toBe(entries);
    expect(logVerdict(actual.auditLog)).toEqual({ intact: true, problems: [] });
    expect(finalSummary).toMatchObject({
      records: cleanSummary.records,
      rejected: cleanSummary.rejected,
    });
    expect(finalSummary.sealed + finalSummary.notSealed + finalSummary.alreadyPresent).toBe(
      cleanSummary.sealed + cleanSummary.notSealed + cleanSummary.alreadyPresent,
    );
    expect(readFileSync(rejectsFile, 'utf8')).toBe(cleanRejects);
  });
});
