/**
 * Batch verification throughput, `npm run bench -- verify-batch`: a directory of distinct
 * credential files, verified (a) in one thread, in process — the loop each worker runs, the
 * single-thread figure — (b) by `verifyBatch` with one worker and with one per core, worker
 * start-up included, and (c) by the CLI end to end (`npm run verify -- --batch DIR`, process
 * and TypeScript loader start-up included). Figures are files per second of wall-clock time
 * and, in process, per CPU-second of all the process's threads: on a machine whose other
 * cores are busy, threads cannot run faster, and the CPU figure shows what spreading the work
 * costs (worker start-up, messages) — with free cores, N threads approach N × its rate.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { listCredentialFiles, readCredentialFile, verifyBatch } from '../scripts/verifyBatch.ts';
import {
  ensureLocalSigningKey,
  LocalFileSigner,
  LocalKeyPublicKeySource,
} from '../shared/adapters/local/localSigner.ts';
import {
  buildDidDocument,
  buildTrustBundle,
  type TrustBundle,
} from '../shared/domain/credential/didDocument.ts';
import { issueCredential } from '../shared/domain/credential/issueCredential.ts';
import { verifyCredential } from '../shared/domain/credential/verifyCredential.ts';

const FILES = 16_000;
const ROUNDS = 2;
const issuer = { did: 'did:web:127.0.0.1%3A3000', baseUrl: 'http://127.0.0.1:3000' };
const root = fileURLToPath(new URL('..', import.meta.url));

export async function runVerifyBatchBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'verify-batch-bench-'));
  try {
    const { bundle, bundlePath, credentialDir } = await writeCredentials(dir, FILES);
    const files = listCredentialFiles(credentialDir);
    const cores = availableParallelism();

    const single = async () => {
      for (const file of files) {
        const credential = readCredentialFile(file);
        if (typeof credential !== 'string') throw new Error('unreadable');
        if (!(await verifyCredential(credential, bundle)).valid) throw new Error('not valid');
      }
    };
    const batch = (workers: number) => async () => {
      const results = await verifyBatch({ files, bundle, threads: workers });
      if (!results.every(({ verdict }) => verdict.valid)) throw new Error('not valid');
    };
    const cli = (workers: number) => () => {
      const run = spawnSync(
        process.execPath,
        ['scripts/verify.ts', '--batch', credentialDir].concat([
          '--trust',
          bundlePath,
          '--workers',
          String(workers),
        ]),
        { cwd: root, stdio: 'ignore' },
      );
      if (run.status !== 0) throw new Error(`verify --batch exited ${run.status}`);
    };

    await single(); // warm-up: keys imported, code compiled
    const rates: Record<string, number[]> = {};
    const cpuRates: Record<string, number[]> = {};
    const record = async (name: string, fn: () => unknown, inProcess = true) => {
      const cpu = process.cpuUsage();
      const start = performance.now();
      await fn();
      const rate = (files.length * 1000) / (performance.now() - start);
      const { user, system } = process.cpuUsage(cpu);
      const cpuRate = (files.length * 1_000_000) / (user + system);
      rates[name] = [...(rates[name] ?? []), rate];
      if (inProcess) cpuRates[name] = [...(cpuRates[name] ?? []), cpuRate];
      console.log(
        `${name.padEnd(58)} ${rate.toFixed(0).padStart(8)} files/s` +
          (inProcess ? `  ${cpuRate.toFixed(0).padStart(6)} files/CPU-s` : ''),
      );
    };
    for (let round = 1; round <= ROUNDS; round++) {
      await record('one thread, in process', single);
      await record('verifyBatch, 1 thread (main only)', batch(1));
      await record(`verifyBatch, ${cores} threads`, batch(cores));
      await record(
        `npm run verify -- --batch (--workers ${cores}, CLI end to end)`,
        cli(cores),
        false,
      );
    }
    const best = (name: string, from = rates) => Math.max(...(from[name] ?? [0]));
    const oneThread = best('one thread, in process');
    const parallel = best(`verifyBatch, ${cores} threads`);
    const cpuOne = best('one thread, in process', cpuRates);
    const cpuParallel = best(`verifyBatch, ${cores} threads`, cpuRates);
    console.log(
      `verify-batch: ${FILES} files; one thread ${Math.round(oneThread)}/s; ` +
        `${cores} threads ${Math.round(parallel)}/s (×${(parallel / oneThread).toFixed(2)}); ` +
        `CLI end to end ${Math.round(best(`npm run verify -- --batch (--workers ${cores}, CLI end to end)`))}/s ` +
        `(best of ${ROUNDS} rounds, ${cores} cores)`,
    );
    console.log(
      `verify-batch per CPU-second: one thread ${Math.round(cpuOne)}/s; ${cores} threads ` +
        `${Math.round(cpuParallel)}/s (${((1 - cpuParallel / cpuOne) * 100).toFixed(0)}% spent on spreading the work)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` distinct credentials, one file each, and the bundle that verifies them. */
async function writeCredentials(
  dir: string,
  count: number,
): Promise<{ bundle: TrustBundle; bundlePath: string; credentialDir: string }> {
  const keyDir = join(dir, 'keys');
  const credentialDir = join(dir, 'credentials');
  mkdirSync(credentialDir);
  ensureLocalSigningKey(keyDir);
  const keys = await new LocalKeyPublicKeySource(keyDir).listKeys();
  const bundle = buildTrustBundle([buildDidDocument({ did: issuer.did, keys })]);
  const bundlePath = join(dir, 'bundle.json');
  writeFileSync(bundlePath, JSON.stringify(bundle));
  const signer = LocalFileSigner.fromDirectory(keyDir);
  for (let i = 0; i < count; i++) {
    const { credential } = await issueCredential({
      issuer,
      signer,
      subject: { name: '测试甲', nationalIdMasked: '990105********1234' },
      purpose: 'education',
      now: new Date(),
      validityDays: 90,
      certificateId: `urn:uuid:${randomUUID()}`,
    });
    writeFileSync(join(credentialDir, `applicant-${String(i).padStart(5, '0')}.jwt`), credential);
  }
  return { bundle, bundlePath, credentialDir };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runVerifyBatchBench();
}
