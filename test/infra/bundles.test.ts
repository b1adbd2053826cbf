/**
 * Each function's bundle, built as the CDK builds it (`functionBundling`), is within its size
 * goal and carries neither the AWS SDK (the runtime provides it) nor a local-only adapter.
 * Load times are a benchmark's business (`npm run bench -- coldstart`), not a test's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FunctionDefinition, functionDefinitions } from '#shared/definitions/functions.ts';
import { bundleFunction, bundleGoalKb } from '../../bench/coldstart.ts';

const root = resolve(import.meta.dirname, '../..');
const outdir = mkdtempSync(join(tmpdir(), 'sealed-records-bundles-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe.each(
  (functionDefinitions as readonly FunctionDefinition[]).map((d) => [d.name, d] as const),
)('Bundle: %s', (name, definition) => {
  it(`is within its goal gzipped, without the SDK or local adapters`, async () => {
    const bundle = await bundleFunction(root, definition, undefined, join(outdir, name));
    expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(bundleGoalKb(name));
    expect(bundle.inputs.filter((input) => input.includes('shared/adapters/local/'))).toEqual([]);
    expect(
      bundle.inputs.filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input)),
    ).toEqual([]);
  }, 30_000);
});
