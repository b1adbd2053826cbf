/**
 * Each function's bundle, built as the CDK builds it (`functionBundling`), with tracing on
 * and off, is within its size goal and carries neither the AWS SDK (the runtime provides it)
 * nor a local-only adapter; of zod's locales only English (zod's default, which the API's
 * messages are) is in it; with tracing off neither the Powertools tracer nor the X-Ray SDK
 * is. Load times are a benchmark's business (`npm run bench -- coldstart`), not a test's.
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

const adding = (contributions: Record<string, number>, pattern: RegExp) =>
  Object.keys(contributions).filter((input) => pattern.test(input));

describe.each(
  (functionDefinitions as readonly FunctionDefinition[]).map((d) => [d.name, d] as const),
)('Bundle: %s', (name, definition) => {
  it.each([
    ['on', true],
    ['off', false],
  ])(
    `with tracing %s, is within its goal gzipped, without the SDK, local adapters or zod's other locales`,
    async (way, tracing) => {
      const bundle = await bundleFunction(
        root,
        definition,
        undefined,
        join(outdir, `${name}-${way}`),
        {
          tracing,
        },
      );
      expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(bundleGoalKb(name));
      expect(bundle.inputs.filter((input) => input.includes('shared/adapters/local/'))).toEqual([]);
      expect(
        bundle.inputs.filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input)),
      ).toEqual([]);
      const locales = adding(bundle.contributions, /node_modules\/zod\/v4\/locales\//);
      expect(locales.filter((input) => !input.endsWith('/locales/en.js'))).toEqual([]);
      const tracer = adding(
        bundle.contributions,
        /node_modules\/(@aws-lambda-powertools\/tracer|aws-xray-sdk-core)\//,
      );
      if (tracing) {
        // The handlers' middleware traces them: the real tracer is there.
        expect(tracer.length).toBeGreaterThan(0);
      } else {
        expect(tracer).toEqual([]);
      }
    },
    60_000,
  );
});
