/**
 * Bulk import throughput, `npm run bench -- import` (BENCH_IMPORT_RECORDS, default 100,000):
 *
 *   1. a synthetic historical file (area-code-99 people: sealed minors, adults, joint
 *      crimes, a combined sentence that unseals, sealing notices) is written to a temp dir;
 *   2. it is imported by the code `npm run import` runs (`LocalImport`: the pipeline, the
 *      ingestion use case, the sealing service's effects) into a fresh DATA_DIR — timed;
 *      every DynamoDB request it sends is captured on the way (its serialised body, already
 *      built by the SDK, appended to a file);
 *   3. the storage floor: the captured requests are sent again, in the same order and with
 *      the same concurrency, through the same SDK client to a fresh dynalite with the same
 *      tables — the same writes and reads without validation, MACs, rules, encryption or
 *      the sealing service's decisions — timed.
 *
 * Prints both rates, their ratio (goal ≥ 0.8) and the process's resident memory as the
 * import went on (flat: the file is streamed). dynalite runs in this process in both runs,
 * as it does under `npm run import`.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as dynamodb from '@aws-sdk/client-dynamodb';
import pLimit from 'p-limit';
import { DEFAULT_CONCURRENCY, LocalImport } from '../scripts/import/localImport.ts';
import { ndjsonLines } from '../scripts/import/ndjsonLines.ts';
import { createDynamoDbClient } from '../shared/adapters/dynamodb/client.ts';
import { ensureTables, startDynalite } from '../shared/adapters/local/dynalite.ts';
import { dynamoDbClient } from '../shared/composition.ts';
import { tables } from '../shared/definitions/tables.ts';
import { historicalFile } from '../test/support/imports.ts';

const RECORDS = Number(process.env.BENCH_IMPORT_RECORDS ?? 100_000);
const MiB = 2 ** 20;

const cpuSeconds = ({ user, system }: NodeJS.CpuUsage) => (user + system) / 1e6;

/**
 * The JS heap still in use after a full collection (what a leak or a file read whole would
 * grow), and the resident set (which also holds the embedded database's memory-mapped
 * table files, growing with the data, not with the file being read).
 */
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;
function memoryFigures(): string {
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return `heap ${(heapUsed / MiB).toFixed(0)} MiB, rss ${(rss / MiB).toFixed(0)} MiB`;
}

/** Writes about `records` synthetic records, a group of seven at a time (never all in memory). */
async function writeHistoricalFile(path: string, records: number): Promise<number> {
  const out = createWriteStream(path);
  let written = 0;
  while (written < records) {
    const { bodies } = historicalFile(1);
    for (const body of bodies) {
      if (!out.write(`${JSON.stringify(body)}\n`)) await once(out, 'drain');
    }
    written += bodies.length;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return written;
}

/** Appends every request's target and body (as the SDK serialised it) to `path`. */
function captureRequests(client: dynamodb.DynamoDBClient, path: string) {
  const out = createWriteStream(path);
  let count = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body?: unknown };
      const target = request.headers['x-amz-target'] ?? '';
      const { body } = request;
      // The SDK's body is its UTF-8 bytes (or a string): written as they are, no copy.
      const bytes =
        typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.from(
              (body as Uint8Array).buffer,
              (body as Uint8Array).byteOffset,
              (body as Uint8Array).byteLength,
            );
      out.write(`${target}\t`);
      out.write(bytes);
      if (!out.write('\n')) await once(out, 'drain');
      count += 1;
      return next(args);
    },
    { step: 'build', name: 'benchCaptureRequests' },
  );
  return {
    get count() {
      return count;
    },
    close: () => new Promise<void>((resolve) => out.end(resolve)),
  };
}

/** The wire form's binary values (`{"B": base64}`) as the SDK's inputs take them. */
function reviveBinary(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reviveBinary);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  const [only] = entries;
  if (entries.length === 1 && only?.[0] === 'B' && typeof only[1] === 'string') {
    return { B: Buffer.from(only[1], 'base64') };
  }
  if (entries.length === 1 && only?.[0] === 'BS' && Array.isArray(only[1])) {
    return { BS: only[1].map((item: string) => Buffer.from(item, 'base64')) };
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, reviveBinary(item)]));
}

const commands: Record<string, new (input: never) => unknown> = {
  PutItem: dynamodb.PutItemCommand as never,
  GetItem: dynamodb.GetItemCommand as never,
  UpdateItem: dynamodb.UpdateItemCommand as never,
  DeleteItem: dynamodb.DeleteItemCommand as never,
  Query: dynamodb.QueryCommand as never,
  Scan: dynamodb.ScanCommand as never,
};

/** Sends the captured requests again, in order, `concurrency` at a time. */
async function replay(client: dynamodb.DynamoDBClient, path: string, concurrency: number) {
  const limit = pLimit(concurrency);
  let sent = 0;
  let conditionsFailed = 0;
  const inFlight = new Set<Promise<void>>();
  for await (const raw of ndjsonLines(createReadStream(path), 16 * MiB)) {
    if ('tooLong' in raw) throw new Error('captured request too long');
    const text = raw.bytes.toString('utf8');
    const tab = text.indexOf('\t');
    const operation = text.slice(0, tab).replace(/^DynamoDB_\d+\./, '');
    const Command = commands[operation];
    if (!Command) throw new Error(`no replay for ${operation}`);
    const input = reviveBinary(JSON.parse(text.slice(tab + 1))) as never;
    const sending: Promise<void> = limit(async () => {
      try {
        await client.send(new Command(input) as never);
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        conditionsFailed += 1;
      }
      sent += 1;
    }).finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    if (inFlight.size >= concurrency * 4) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { sent, conditionsFailed };
}

export async function runImportBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'import-bench-'));
  try {
    const file = join(work, 'archive.ndjson');
    const records = await writeHistoricalFile(file, RECORDS);
    console.log(
      `import bench: ${records} synthetic records (${(statSync(file).size / MiB).toFixed(0)} MiB), concurrency ${DEFAULT_CONCURRENCY}`,
    );

    // 1. The import, as `npm run import` runs it, every DynamoDB request captured.
    const localImport = await LocalImport.open(join(work, 'data'));
    const captured = join(work, 'requests.tsv');
    const capture = captureRequests(dynamoDbClient(localImport.config), captured);
    const memory: string[] = [];
    const progress = {
      counts: { records: 0, sealed: 0, notSealed: 0, alreadyPresent: 0, rejected: 0 },
      bytesRead: 0,
      bytesTotal: 0,
      startedAt: Date.now(),
    };
    let nextSample = 0.1;
    const sampler = setInterval(() => {
      if (progress.counts.records >= records * nextSample) {
        memory.push(`${progress.counts.records} records: ${memoryFigures()}`);
        nextSample += 0.1;
      }
    }, 250);
    const started = performance.now();
    const importCpu = process.cpuUsage();
    const result = await localImport.importFile({
      file,
      submitter: { subject: 'bench', role: 'court', organisation: 'court-bench' },
      progress,
    });
    const importSeconds = (performance.now() - started) / 1000;
    const importCpuSeconds = cpuSeconds(process.cpuUsage(importCpu));
    clearInterval(sampler);
    memory.push(`end: ${memoryFigures()}`);
    await capture.close();
    await localImport.close();
    const importRate = result.counts.records / importSeconds;
    console.log(
      `import (npm run import's code)           ${importRate.toFixed(0).padStart(6)} records/s  ` +
        `${importSeconds.toFixed(1)} s; ${result.counts.sealed} sealed, ${result.counts.notSealed} not sealed, ` +
        `${result.counts.rejected} rejected; ${capture.count} DynamoDB requests (${(capture.count / records).toFixed(1)} a record); ` +
        `${importCpuSeconds.toFixed(1)} CPU s`,
    );
    console.log(`memory while importing: ${memory.join('; ')}`);

    // 2. The storage floor: the same requests, without the use case.
    const engine = await startDynalite({ path: join(work, 'floor') });
    const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: engine.endpoint });
    try {
      await ensureTables(client, tables);
      const floorStarted = performance.now();
      const floorCpu = process.cpuUsage();
      const { sent, conditionsFailed } = await replay(client, captured, DEFAULT_CONCURRENCY);
      const floorSeconds = (performance.now() - floorStarted) / 1000;
      const floorCpuSeconds = cpuSeconds(process.cpuUsage(floorCpu));
      const floorRate = records / floorSeconds;
      console.log(
        `storage floor (same requests, replayed)   ${floorRate.toFixed(0).padStart(6)} records/s  ` +
          `${floorSeconds.toFixed(1)} s; ${sent} requests (${conditionsFailed} conditions failed); ` +
          `${floorCpuSeconds.toFixed(1)} CPU s`,
      );
      console.log(
        `import / floor: ${(importRate / floorRate).toFixed(2)} by the clock, ` +
          `${(floorCpuSeconds / importCpuSeconds).toFixed(2)} by CPU time (goal ≥ 0.80)`,
      );
    } finally {
      client.destroy();
      await engine.close();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
