/**
 * Bulk import throughput, `npm run bench -- import` (BENCH_IMPORT_RECORDS, default 100,000,
 * in BENCH_IMPORT_PARTS files, default 50):
 *
 *   1. synthetic historical files (area-code-99 people: sealed minors, adults, joint crimes,
 *      a combined sentence that unseals, sealing notices) are written to a temp dir;
 *   2. each is imported by the code `npm run import` runs (`LocalImport`: the pipeline, the
 *      ingestion use case, the sealing service's effects) into one DATA_DIR — timed; every
 *      DynamoDB request it sends is captured on the way (the body the SDK serialised);
 *   3. right after each part, the storage floor: that part's requests are sent again, in the
 *      same order and with the same concurrency, through the same SDK client to a second
 *      dynalite with the same tables — the same writes and reads without validation, MACs,
 *      rules, encryption or the sealing service's decisions — timed.
 *
 * Alternating the two keeps them under the same conditions on a shared machine. Prints both
 * rates and their ratio (goal ≥ 0.8), by the clock and by CPU time, and memory after each
 * part (flat: files are streamed), and the requests per record by operation and table.
 * dynalite runs in this process in both, as under `npm run import`.
 *
 * The records are submitted by BENCH_IMPORT_ORG (default `court-bench`, an organisation the
 * local agency directory does not list: its sealed records' notices cannot be routed and
 * are audited instead); a listed court (`court-0105`) adds the notices to its division's
 * procuratorate and police.
 */
import { once } from 'node:events';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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
import { inProcessAuditSequencer } from '../shared/adapters/local/inProcessAuditSequencer.ts';
import { tables } from '../shared/definitions/tables.ts';
import { emptyImportCounts } from '../shared/usecases/importRecords.ts';
import { historicalFile } from '../test/support/imports.ts';

const RECORDS = Number(process.env.BENCH_IMPORT_RECORDS ?? 100_000);
const PARTS = Number(process.env.BENCH_IMPORT_PARTS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_IMPORT_CONCURRENCY ?? DEFAULT_CONCURRENCY);
const ORGANISATION = process.env.BENCH_IMPORT_ORG ?? 'court-bench';
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

/**
 * Records every request's target and body (as the SDK serialised it) into the current
 * capture file, in large writes so that capturing costs the import next to nothing.
 */
function captureRequests(client: dynamodb.DynamoDBClient) {
  let fd: number | undefined;
  let chunks: Buffer[] = [];
  let size = 0;
  let count = 0;
  /** Of those, the audit sequencer's (off the import's path in AWS: fed by the stream). */
  let sequencer = 0;
  /** By operation and table, e.g. `PutItem AuditEvents`. */
  const byKind = new Map<string, number>();
  /** Conditional writes the import sent that found their condition false. */
  let conditionsFailed = 0;
  const flush = () => {
    if (fd !== undefined && size > 0) writeSync(fd, Buffer.concat(chunks, size));
    chunks = [];
    size = 0;
  };
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers: Record<string, string>; body?: unknown };
      const { body } = request;
      // The SDK's body is its UTF-8 bytes (a Uint8Array that also acts as a string): taken
      // as bytes, without asking it for a string.
      const bytes =
        typeof body === 'string'
          ? Buffer.from(body)
          : Buffer.from(
              (body as Uint8Array).buffer,
              (body as Uint8Array).byteOffset,
              (body as Uint8Array).byteLength,
            );
      const line = Buffer.concat([
        Buffer.from(`${request.headers['x-amz-target'] ?? ''}\t`),
        bytes,
        NEWLINE,
      ]);
      chunks.push(line);
      size += line.length;
      if (size >= 4 * MiB) flush();
      count += 1;
      const text = bytes.toString('utf8');
      if (/"(AuditTree|AuditLog)"/.test(text)) sequencer += 1;
      const operation = operationOf(request.headers['x-amz-target'] ?? '');
      // A batch names its (first) table as the key of `RequestItems`.
      const table = /"TableName":"([^"]+)"/.exec(text) ?? /"RequestItems":\{"([^"]+)"/.exec(text);
      const kind = `${operation} ${table?.[1] ?? '?'}`;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      try {
        return await next(args);
      } catch (error) {
        if ((error as Error).name === 'ConditionalCheckFailedException') conditionsFailed += 1;
        throw error;
      }
    },
    { step: 'build', name: 'benchCaptureRequests' },
  );
  return {
    get count() {
      return count;
    },
    get sequencer() {
      return sequencer;
    },
    get byKind(): ReadonlyMap<string, number> {
      return byKind;
    },
    get conditionsFailed() {
      return conditionsFailed;
    },
    /** Requests from now on go to `path`. */
    to(path: string) {
      this.close();
      fd = openSync(path, 'w');
    },
    close() {
      flush();
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

const NEWLINE = Buffer.from('\n');

/** The operation an `x-amz-target` names: `DynamoDB_20120810.PutItem` → `PutItem`. */
const operationOf = (target: string) => target.replace(/^DynamoDB_\d+\./, '');

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
  // The audit sequencer reads a batch of events and leaves at a time.
  BatchGetItem: dynamodb.BatchGetItemCommand as never,
  BatchWriteItem: dynamodb.BatchWriteItemCommand as never,
};

/**
 * Sends the captured requests again, in order, `concurrency` at a time. On a failure it
 * lets the requests already sent finish before it throws: otherwise they would meet a
 * closed database and their errors would hide the first one.
 */
async function replay(client: dynamodb.DynamoDBClient, path: string, concurrency: number) {
  const inFlight = new Set<Promise<void>>();
  try {
    return await replayEach(client, path, concurrency, inFlight);
  } finally {
    await Promise.allSettled(inFlight);
  }
}

async function replayEach(
  client: dynamodb.DynamoDBClient,
  path: string,
  concurrency: number,
  inFlight: Set<Promise<void>>,
) {
  const limit = pLimit(concurrency);
  let sent = 0;
  let conditionsFailed = 0;
  for await (const raw of ndjsonLines(createReadStream(path), 16 * MiB)) {
    if ('tooLong' in raw) throw new Error('captured request too long');
    const text = raw.bytes.toString('utf8');
    const tab = text.indexOf('\t');
    const operation = operationOf(text.slice(0, tab));
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
    // The file in parts, imported one after another into the same DATA_DIR, each followed
    // by its floor: the two measurements share the machine's conditions as they change.
    const parts: string[] = [];
    let records = 0;
    for (let part = 0; part < PARTS; part++) {
      const path = join(work, `archive-${part}.ndjson`);
      records += await writeHistoricalFile(path, Math.ceil(RECORDS / PARTS));
      parts.push(path);
    }
    const size = parts.reduce((total, path) => total + statSync(path).size, 0);
    console.log(
      `import bench: ${records} synthetic records (${(size / MiB).toFixed(0)} MiB) in ${PARTS} parts, concurrency ${CONCURRENCY}, submitted by ${ORGANISATION}`,
    );

    const localImport = await LocalImport.open(join(work, 'data'));
    const capture = captureRequests(localImport.dynamoDb);
    const engine = await startDynalite({ path: join(work, 'floor') });
    const client = createDynamoDbClient({ region: 'cn-north-1', endpoint: engine.endpoint });
    await ensureTables(client, tables);
    const counts = emptyImportCounts();
    const timing = { importSeconds: 0, importCpu: 0, floorSeconds: 0, floorCpu: 0 };
    const replayed = { sent: 0, conditionsFailed: 0 };
    const memory: string[] = [];
    try {
      for (const [part, file] of parts.entries()) {
        const captured = join(work, `requests-${part}.tsv`);
        capture.to(captured);
        let started = performance.now();
        let cpu = process.cpuUsage();
        const result = await localImport.importFile({
          file,
          submitter: { subject: 'bench', role: 'court', organisation: ORGANISATION },
          concurrency: CONCURRENCY,
        });
        // The part's audit events sequenced too (in AWS the stream's sequencer does it): its
        // requests belong to this part, and none runs on while the floor is timed.
        await inProcessAuditSequencer.drain();
        timing.importSeconds += (performance.now() - started) / 1000;
        timing.importCpu += cpuSeconds(process.cpuUsage(cpu));
        capture.close();
        for (const key of Object.keys(counts) as (keyof typeof counts)[]) {
          counts[key] += result.counts[key];
        }
        if ((part + 1) % Math.max(1, Math.round(PARTS / 10)) === 0) {
          memory.push(`${counts.records}: ${memoryFigures()}`);
        }

        started = performance.now();
        cpu = process.cpuUsage();
        const sent = await replay(client, captured, CONCURRENCY);
        timing.floorSeconds += (performance.now() - started) / 1000;
        timing.floorCpu += cpuSeconds(process.cpuUsage(cpu));
        replayed.sent += sent.sent;
        replayed.conditionsFailed += sent.conditionsFailed;
        rmSync(captured);
        console.log(
          `  part ${part + 1}/${PARTS}: ${counts.records} records, so far import ` +
            `${(counts.records / timing.importSeconds).toFixed(1)} records/s, floor ` +
            `${(counts.records / timing.floorSeconds).toFixed(1)} records/s`,
        );
      }
    } finally {
      capture.close();
      await localImport.close();
      client.destroy();
      await engine.close();
    }

    const importRate = counts.records / timing.importSeconds;
    const floorRate = counts.records / timing.floorSeconds;
    console.log(
      `import (npm run import's code)          ${importRate.toFixed(0).padStart(6)} records/s  ` +
        `${timing.importSeconds.toFixed(0)} s (${timing.importCpu.toFixed(0)} CPU s); ` +
        `${counts.sealed} sealed, ${counts.notSealed} not sealed, ${counts.alreadyPresent} already present, ` +
        `${counts.rejected} rejected; ${capture.count} DynamoDB requests (${(capture.count / counts.records).toFixed(1)} a record: ` +
        `${((capture.count - capture.sequencer) / counts.records).toFixed(1)} on the import's path, ` +
        `${(capture.sequencer / counts.records).toFixed(1)} by the audit sequencer)`,
    );
    console.log(
      `storage floor (same requests replayed)  ${floorRate.toFixed(0).padStart(6)} records/s  ` +
        `${timing.floorSeconds.toFixed(0)} s (${timing.floorCpu.toFixed(0)} CPU s); ${replayed.sent} requests ` +
        `(${replayed.conditionsFailed} conditions failed; ${capture.conditionsFailed} in the import)`,
    );
    console.log(
      `import / floor: ${(importRate / floorRate).toFixed(2)} by the clock, ` +
        `${(timing.floorCpu / timing.importCpu).toFixed(2)} by CPU time (goal ≥ 0.80)`,
    );
    const perRecord = [...capture.byKind]
      .sort(([, a], [, b]) => b - a)
      .map(([kind, n]) => `${kind} ${(n / counts.records).toFixed(2)}`);
    console.log(`requests a record by operation and table: ${perRecord.join(', ')}`);
    console.log(`memory as the import went on (records: heap after GC, rss): ${memory.join('; ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
