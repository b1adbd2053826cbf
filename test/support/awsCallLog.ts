/**
 * The suite records every AWS call each function makes (shared/adapters/local/awsCalls.ts,
 * and the SDK stubs of test/infra/bundleStart.test.ts) into one directory, for
 * test/infra/awsCalls.test.ts to evaluate against the template once every other test file
 * has run (vitest.config.ts: the `aws-calls` project runs after the suite). The directory is
 * removed afterwards (KEEP_AWS_CALLS=1 keeps it, and says where; AWS_CALL_LOG_DIR=<it> then
 * evaluates it again: `npx vitest run test/infra/awsCalls.test.ts`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentVariables as v } from '../../shared/definitions/environment.ts';
import { deploymentFactsFile } from '../infra/deploymentFacts.ts';

export default function setup() {
  // Given: a recording kept from an earlier run, evaluated again (and kept), against the
  // template as it is now: the deployment facts kept with it are dropped (deploymentFacts.ts).
  if (process.env[v.awsCallLogDir.name]) {
    const facts = deploymentFactsFile();
    if (facts) rmSync(facts, { force: true });
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'sealed-records-aws-calls-'));
  process.env[v.awsCallLogDir.name] = dir;
  return () => {
    if (process.env.KEEP_AWS_CALLS) console.log(`AWS calls recorded in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
}
