/**
 * Cold starts: each function's bundle, built with esbuild exactly as the CDK builds it
 * (`functionBundling` in infra/constructs/sealedRecordsFunction.ts), its size gzipped, and
 * the median time to load it — module evaluation and the handler's own initialisation — in
 * a fresh `node` process, N times. `npm run bench -- coldstart`; COLDSTART_RUNS=N (default 15).
 *
 * Every function, bulk import included, both ways the `tracing` parameter builds it (off:
 * the China Regions' default, a tracer that is never enabled in the bundle; on: Powertools'
 * tracer and the X-Ray SDK), each process with that deployment's environment — the
 * synthesized template's variables for the function (references as plausible values) and
 * the runtime's, as test/infra/bundleStart.test.ts starts them.
 *
 * The AWS SDK is left out of the bundles as the runtime provides it; here it loads from
 * node_modules, as on Lambda it loads from the runtime's. Nothing is called over the network:
 * initialisation creates clients only.
 * Goal: ≤ 150 KB gzip for the certificate function, ≤ 250 KB for the others.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import type { BundlingChoices } from '../infra/bundling/aliases.ts';
import { externalsFor, functionBundling } from '../infra/constructs/sealedRecordsFunction.ts';
import { type FunctionDefinition, functionDefinitions } from '../shared/definitions/functions.ts';
import { synthesize } from '../test/infra/support.ts';
import { type TemplateJson, templateValues } from '../test/infra/templateValues.ts';

const GOAL_KB: Record<string, number> = {
  // 150 until guardians and agents (`acting_for`: the claim's checks, the audit's agent) and
  // the definitions of the person's routes and tables: measured 149.45 → 150.69 KB (issue 21).
  'issue-certificate': 152,
  // pdf-lib and fontkit (which pdf-lib needs to embed any font but the 14 standard Latin ones):
  // about 650 KB gzipped, all of it PDF code, kept out of every other function. Printing is
  // not on the certificate's path, and its cold start is dominated by reading the font anyway.
  'print-document': 700,
};
const DEFAULT_GOAL_KB = 250;

/** The size goal of a function's bundle, gzipped, in KiB. */
export function bundleGoalKb(functionName: string): number {
  return GOAL_KB[functionName] ?? DEFAULT_GOAL_KB;
}

export type BundlingOptions = {
  target: string;
  mainFields: readonly string[];
  banner: string;
  minify: boolean;
  sourcesContent: boolean;
  /** The esbuild `external` list for a project root. */
  externals: (root: string) => string[];
  /** Packages replaced at bundling time (an earlier tree may have none). */
  aliases?: (root: string, choices: BundlingChoices) => Record<string, string>;
};

/** What the Lambda runtime adds to a function's own environment (the bundle-start test too). */
export function runtimeEnvironment(name: string, region: string): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: `SealedRecords-${name}`,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_ACCESS_KEY_ID: 'placeholder',
    AWS_SECRET_ACCESS_KEY: 'placeholder',
    AWS_SESSION_TOKEN: 'placeholder',
    _X_AMZN_TRACE_ID: 'Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=0',
    TZ: ':UTC',
    LANG: 'en_US.UTF-8',
  };
}

/**
 * Each function's environment in a deployment, `tracing` on or off: the synthesized
 * template's `Environment.Variables` (references as plausible values), and the runtime's.
 */
function deploymentEnvironments(tracing: boolean): Map<string, Record<string, string>> {
  const synthesized = synthesize({ tracing });
  const values = templateValues(synthesized.template.toJSON() as TemplateJson, {
    region: synthesized.stack.region,
  });
  const environments = new Map<string, Record<string, string>>();
  for (const [name, fn] of synthesized.stack.functions) {
    environments.set(name, {
      PATH: process.env.PATH ?? '',
      ...values.environmentOf(synthesized.logicalId(fn)),
      ...runtimeEnvironment(name, values.region),
    });
  }
  return environments;
}

/**
 * Bundles one function as the CDK does, for a deployment with `choices` (default: tracing
 * off, as in the China Regions); `outdir` defaults to .bench/coldstart/<name>.
 */
export async function bundleFunction(
  root: string,
  definition: FunctionDefinition,
  options: BundlingOptions = { ...functionBundling, externals: externalsFor },
  outdir = join(root, '.bench', 'coldstart', definition.name),
  choices: BundlingChoices = { tracing: false },
) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [join(root, definition.entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: options.target,
    mainFields: [...options.mainFields],
    banner: { js: options.banner },
    minify: options.minify,
    sourcemap: 'linked',
    sourcesContent: options.sourcesContent,
    charset: 'utf8',
    external: options.externals(root),
    alias: options.aliases?.(root, choices) ?? {},
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const code = readFileSync(outfile);
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  return {
    outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    /** Every source file esbuild read, relative to the root (some may add no code). */
    inputs: Object.keys(result.metafile.inputs),
    /** The source files that add code to the bundle, with the bytes each adds. */
    contributions: Object.fromEntries(
      Object.entries(output?.inputs ?? {})
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path, input]) => [path, input.bytesInOutput]),
    ),
  };
}

/**
 * Milliseconds from `import()` to a loaded, initialised handler, in a fresh process whose AWS
 * SDK clients are stubbed as for an empty deployment (test/infra/bundleStart/runner.ts):
 * a function that reads public keys at initialisation gets them, none waits on a network.
 * The SDK itself is loaded before the clock starts: this is the bundle's own share.
 */
function loadOnce(outfile: string, env: Record<string, string>, root: string): number {
  const input = join(dirname(outfile), 'load.json');
  writeFileSync(input, JSON.stringify({ event: null, loadOnly: true }));
  const runner = join(import.meta.dirname, '..', 'test', 'infra', 'bundleStart', 'runner.ts');
  const run = spawnSync(process.execPath, [runner, outfile, input], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  const line = run.stdout.split('\n').find((l) => l.startsWith('@@outcome '));
  const outcome = line
    ? (JSON.parse(line.slice('@@outcome '.length)) as {
        ok: boolean;
        result?: { loadMs: number };
        error?: string;
      })
    : undefined;
  if (!outcome?.ok || !outcome.result) {
    throw new Error(`loading ${outfile} failed: ${outcome?.error ?? run.stderr.slice(-2000)}`);
  }
  return outcome.result.loadMs;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export async function runColdstartBench(
  options: { root?: string; bundling?: BundlingOptions; runs?: number } = {},
): Promise<void> {
  const root = resolve(options.root ?? '.');
  const bundling = options.bundling ?? { ...functionBundling, externals: externalsFor };
  const runs = options.runs ?? Number(process.env.COLDSTART_RUNS ?? 15);
  console.log("synthesizing the stack with tracing off and on, for each function's environment");
  const environments = new Map(
    [false, true].map((tracing) => [tracing, deploymentEnvironments(tracing)]),
  );
  const way = (tracing: boolean) => (tracing ? 'on' : 'off');
  console.log(
    `${'function'.padEnd(22)} ${'tracing'.padEnd(7)} ${'bundle'.padStart(8)} ${'gzip'.padStart(9)} ${'goal'.padStart(6)}  ${`load (median of ${runs})`.padStart(21)}`,
  );
  let allWithinGoal = true;
  for (const definition of functionDefinitions as readonly FunctionDefinition[]) {
    // Another tree (an earlier version, for a before/after) may not have every function.
    if (!existsSync(join(root, definition.entry))) continue;
    for (const tracing of [false, true]) {
      const outdir = join(
        root,
        '.bench',
        'coldstart',
        `${definition.name}-tracing-${way(tracing)}`,
      );
      const { outfile, bytes, gzipBytes } = await bundleFunction(
        root,
        definition,
        bundling,
        outdir,
        {
          tracing,
        },
      );
      const env = environments.get(tracing)?.get(definition.name);
      if (!env) throw new Error(`${definition.name}: not in the synthesized stack`);
      const times = Array.from({ length: runs }, () => loadOnce(outfile, env, root));
      const goal = bundleGoalKb(definition.name);
      const within = gzipBytes <= goal * 1024;
      allWithinGoal &&= within;
      console.log(
        `${definition.name.padEnd(22)} ${way(tracing).padEnd(7)} ${`${(bytes / 1024).toFixed(0)} KB`.padStart(8)} ${`${(gzipBytes / 1024).toFixed(1)} KB`.padStart(9)} ${`${within ? '≤' : '>'}${goal}`.padStart(6)}  ${`${median(times).toFixed(1)} ms`.padStart(21)}`,
      );
    }
  }
  console.log(
    allWithinGoal ? 'every bundle within its goal' : 'some bundle above its goal (see ">")',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runColdstartBench();
}
