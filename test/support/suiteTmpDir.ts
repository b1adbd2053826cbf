/**
 * Everything the tests — and the servers, CLIs and browsers they start — write under the
 * system's temporary directory goes into one directory for the run: data directories with
 * their key files, synthesized templates, browser profiles, exports. It is removed when the
 * run ends, whatever a test left behind, so that a run leaves no key or record file in /tmp
 * (`KEEP_TEST_TMP=1` keeps it and says where). Workers and child processes inherit TMPDIR,
 * which `os.tmpdir()` reads.
 *
 * Last of vitest.config.ts's global set-ups: the log audit's and the AWS-call log's
 * directories, which they may keep on request, stay where they were.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sealed-records-suite-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (process.env.KEEP_TEST_TMP) console.log(`temporary files kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
