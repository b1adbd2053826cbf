/**
 * The suite's temporary directory (test/support/suiteTmpDir.ts): what the tests and their
 * processes write under the system's temporary directory goes into one directory for the run,
 * removed at the end — unless KEEP_TEST_TMP asks to keep it.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import setup from '../support/suiteTmpDir.ts';

const outer = process.env.TMPDIR;
afterEach(() => {
  vi.restoreAllMocks();
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  delete process.env.KEEP_TEST_TMP;
});

describe("The run's temporary directory", () => {
  it('is where os.tmpdir() points during the run, and goes with everything in it at the end', () => {
    const before = tmpdir();
    const teardown = setup();
    const dir = tmpdir();
    expect(dir).not.toBe(before);
    expect(dirname(dir)).toBe(before);
    mkdirSync(join(dir, 'a-data-dir'));
    writeFileSync(join(dir, 'a-data-dir', 'signing-key.pem'), 'not a real key');
    teardown();
    expect(existsSync(dir)).toBe(false);
    expect(tmpdir()).toBe(before);
  });

  it('is kept, and named, with KEEP_TEST_TMP', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    process.env.KEEP_TEST_TMP = '1';
    const teardown = setup();
    const dir = tmpdir();
    teardown();
    expect(existsSync(dir)).toBe(true);
    expect(log).toHaveBeenCalledWith(`temporary files kept in ${dir}`);
    rmSync(dir, { recursive: true, force: true });
  });
});
