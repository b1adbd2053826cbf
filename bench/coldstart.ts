/**
 * Cold starts: each function's bundle, built with esbuild exactly as the CDK builds it
 * (`functionBundling` in infra/constructs/sealedRecordsFunction.ts), its size gzipped, and
 * the median time to load it — module evaluation and the handler's own initialisation — in
 * a fresh `node` process, N times. `npm run bench -- coldstart`; COLDSTART_RUNS=N (default 15).
 *
 * The AWS SDK is left out of the bundles as the runtime provides it; here it loads from
 * node_modules, as on Lambda it loads from the runtime's. Nothing is called over the network:
 * the environment names fake keys and tables, and initialisation creates clients only.
 * Goal: ≤ 150 KB gzip for the certificate function, ≤ 250 KB for the others.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { externalsFor, functionBundling } from '../infra/constructs/sealedRecordsFunction.ts';
import { environmentVariables as v } from '../shared/definitions/environment.ts';
import { type FunctionDefinition, functionDefinitions } from '../shared/definitions/functions.ts';
import { keyDefinitions } from '../shared/definitions/keys.ts';
import { queues } from '../shared/definitions/queues.ts';
import { tables } from '../shared/definitions/tables.ts';

const GOAL_KB: Record<string, number> = {
  'issue-certificate': 150,
  // The OpenID4VCI and SD-JWT libraries these two carry include all of zod (their schemas
  // defeat tree-shaking) and, through the status-list module, pako: about 25 KB gzipped over
  // the common goal, which cannot be won back in this function's own code.
  'wallet-offers': 275,
  'wallet-issuer': 275,
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
};

const fakeKey = (name: string) =>
  `arn:aws-cn:kms:cn-north-1:000000000000:key/${name}-0000-0000-0000-000000000000`;

/** A deployment's environment with fake values: what the CDK stack sets, nothing reachable. */
function deploymentEnvironment(definition: FunctionDefinition): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_LAMBDA_FUNCTION_NAME: definition.name,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    [v.region.name]: 'cn-north-1',
    [v.keyProvider.name]: 'kms',
    [v.issuerDid.name]: 'did:web:credentials.example.gov.cn',
    [v.issuerBaseUrl.name]: 'https://credentials.example.gov.cn',
    [v.letterFunctionName.name]: 'issue-letter',
    [v.judicialDisclosureFunctionName.name]: 'judicial-disclosure',
    [v.citizenTokenIssuer.name]: 'https://login.example.gov.cn/citizens',
    [v.citizenTokenAudience.name]: 'sealed-records',
    [v.citizenJwksUrl.name]: 'https://login.example.gov.cn/citizens/jwks',
    [v.staffTokenIssuer.name]: 'https://login.example.gov.cn/staff',
    [v.staffTokenAudience.name]: 'sealed-records',
    [v.staffJwksUrl.name]: 'https://login.example.gov.cn/staff/jwks',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  for (const table of tables) env[table.envVar] = table.logicalName;
  for (const queue of queues) {
    env[queue.envVar] = `https://sqs.cn-north-1.amazonaws.com.cn/000000000000/${queue.logicalName}`;
  }
  // Only the keys the function declares, as the stack sets them (signing keys as JSON).
  for (const name of Object.keys(definition.keys) as (keyof typeof keyDefinitions)[]) {
    const { envVar } = keyDefinitions[name];
    env[envVar] =
      name === 'signingKey'
        ? JSON.stringify([{ id: 'es256-1', kmsKeyId: fakeKey('signing'), status: 'active' }])
        : name === 'auditSigningKey'
          ? JSON.stringify({ id: 'audit-1', kmsKeyId: fakeKey('audit') })
          : fakeKey(name);
  }
  return env;
}

/** Bundles one function as the CDK does; `outdir` defaults to .bench/coldstart/<name>. */
export async function bundleFunction(
  root: string,
  definition: FunctionDefinition,
  options: BundlingOptions = { ...functionBundling, externals: externalsFor },
  outdir = join(root, '.bench', 'coldstart', definition.name),
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
    outfile,
    metafile: true,
    logLevel: 'error',
  });
  const code = readFileSync(outfile);
  return {
    outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    /** Every source file in the bundle, relative to the root. */
    inputs: Object.keys(result.metafile.inputs),
  };
}

/** Milliseconds from `import()` to a loaded, initialised handler, in a fresh process. */
function loadOnce(outfile: string, env: Record<string, string>): number {
  const script =
    'const t=performance.now();' +
    `const m=await import(${JSON.stringify(pathToFileURL(outfile).href)});` +
    "if(typeof m.handler!=='function')throw new Error('no handler');" +
    'process.stdout.write(String(performance.now()-t));';
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`loading ${outfile} failed:\n${run.stderr}`);
  return Number(run.stdout);
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
  console.log(
    `${'function'.padEnd(22)} ${'bundle'.padStart(10)} ${'gzip'.padStart(9)} ${'goal'.padStart(7)}  ${`load (median of ${runs})`.padStart(22)}`,
  );
  let allWithinGoal = true;
  for (const definition of functionDefinitions as readonly FunctionDefinition[]) {
    // Another tree (an earlier version, for a before/after) may not have every function.
    if (!existsSync(join(root, definition.entry))) continue;
    const { outfile, bytes, gzipBytes } = await bundleFunction(root, definition, bundling);
    const env = deploymentEnvironment(definition);
    const times = Array.from({ length: runs }, () => loadOnce(outfile, env));
    const goal = bundleGoalKb(definition.name);
    const within = gzipBytes <= goal * 1024;
    allWithinGoal &&= within;
    console.log(
      `${definition.name.padEnd(22)} ${`${(bytes / 1024).toFixed(0)} KB`.padStart(10)} ${`${(gzipBytes / 1024).toFixed(1)} KB`.padStart(9)} ${`${within ? '≤' : '>'}${goal}`.padStart(7)}  ${`${median(times).toFixed(1)} ms`.padStart(22)}`,
    );
  }
  console.log(
    allWithinGoal ? 'every bundle within its goal' : 'some bundle above its goal (see ">")',
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runColdstartBench();
}
