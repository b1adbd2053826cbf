/**
 * DESIGN.md invariant 6 over the whole suite: after every test file has run, everything
 * the test workers logged (captured by `logCapture.ts`) is searched for every national ID
 * and name the fixtures handed out (`fixtures.ts` records them). A hit fails the run; the
 * message says how many, never which. Every local stack a test starts leaves a `stack-*`
 * marker (`markStackStarted`), so that a run which served requests but captured nothing fails.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sealed-records-test-logs-'));
  process.env.TEST_LOG_DIR = dir;

  return () => {
    const files = readdirSync(dir);
    const logs = files
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    const secrets = new Set(
      files
        .filter((f) => f.startsWith('people-'))
        .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'))
        .filter(Boolean)
        .flatMap((line) => {
          const { nationalId, name } = JSON.parse(line) as { nationalId: string; name: string };
          return [nationalId, name];
        }),
    );
    const leaks = [...secrets].filter((secret) => logs.includes(secret)).length;
    const lines = logs.split('\n').filter((l) => l.startsWith('{"level"')).length;
    if (leaks > 0) {
      throw new Error(
        `${leaks} of ${secrets.size} test national IDs and names appear in what the suite logged (logs kept in ${dir})`,
      );
    }
    // A local stack's handlers always log: none captured means the capture is broken. A run
    // without one (`npm run test:unit`) has nothing to capture.
    const stacksStarted = files.some((f) => f.startsWith('stack-'));
    if (secrets.size > 0 && stacksStarted && lines === 0) {
      throw new Error('the suite ran local stacks but captured no structured log line to search');
    }
    console.log(
      `log audit: ${lines} structured log lines searched for ${secrets.size} test IDs and names: none found`,
    );
    if (!process.env.KEEP_TEST_LOGS) rmSync(dir, { recursive: true, force: true });
  };
}

/** Called by the test support wherever a local stack or server starts. */
export function markStackStarted(): void {
  const dir = process.env.TEST_LOG_DIR;
  if (dir) writeFileSync(join(dir, `stack-${process.pid}`), '');
}
