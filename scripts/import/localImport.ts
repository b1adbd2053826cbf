/**
 * `npm run import` without its terminal: a file streamed line by line through the bulk import
 * pipeline (`ImportRecords`) into the local stack's DATA_DIR, each record's effects applied
 * before its line counts as done, rejects written in line order. The CLI (scripts/import.ts)
 * and the import bench drive it.
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, rmSync, statSync, type WriteStream } from 'node:fs';
import { type LocalStore, openLocalStore } from '#shared/adapters/local/localStore.ts';
import type { RecordSubmission } from '#shared/domain/submission.ts';
import {
  type LineRejection,
  lineTooLong,
  MAX_RECORD_LINE_BYTES,
  parseRecordLine,
  type RejectEntry,
  rejectionOf,
} from '#shared/http/recordLines.ts';
import type { SealingWork } from '#shared/ports/sealingQueue.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';
import {
  countOutcome,
  emptyImportCounts,
  type ImportCounts,
  type ImportItem,
  ImportRecords,
} from '#shared/usecases/importRecords.ts';
import {
  IngestRecord,
  type IngestRecordResult,
  type Submitter,
} from '#shared/usecases/ingestRecord.ts';
import { ndjsonLines } from './ndjsonLines.ts';

export type { ImportCounts };

/** Where an import stands; read by the progress display while it runs. */
export type ImportProgress = {
  counts: ImportCounts;
  /** Bytes of the file up to the end of the last line done (lines finish in order). */
  bytesDone: number;
  bytesTotal: number;
  startedAt: number;
};

export type ImportFileOptions = {
  file: string;
  submitter: Submitter;
  /** Default: `FILE.rejects.ndjson` (see `rejectsFileFor`). */
  rejectsFile?: string;
  /** Lines ingested at once (default 8). */
  concurrency?: number;
  /** Stops reading; lines in flight finish. */
  signal?: AbortSignal;
  progress?: ImportProgress;
};

export type ImportResult = {
  counts: ImportCounts;
  /** false when stopped by the signal before the end of the file. */
  complete: boolean;
  /** Set when some line was rejected. */
  rejectsFile?: string;
};

export const DEFAULT_CONCURRENCY = 8;

/** The summary line of API.md, the last line `npm run import` prints. */
export function summaryLine(counts: ImportCounts): string {
  return (
    `imported ${counts.records} records: ${counts.sealed} sealed, ${counts.notSealed} not sealed, ` +
    `${counts.alreadyPresent} already present, ${counts.rejected} rejected`
  );
}

/** `x.ndjson` → `x.rejects.ndjson`; any other name gets `.rejects.ndjson` appended. */
export function rejectsFileFor(file: string): string {
  return `${file.replace(/\.ndjson$/, '')}.rejects.ndjson`;
}

const EFFECT_ATTEMPTS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects, appended in line order; the file is created at the first one. */
class RejectsWriter {
  readonly path: string;
  #stream: WriteStream | undefined;
  constructor(path: string) {
    this.path = path;
  }

  get written(): boolean {
    return this.#stream !== undefined;
  }

  async write(entry: RejectEntry): Promise<void> {
    this.#stream ??= createWriteStream(this.path, { flags: 'w', mode: 0o600 });
    if (!this.#stream.write(`${JSON.stringify(entry)}\n`)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    const stream = this.#stream;
    if (!stream) return;
    await new Promise<void>((resolve, reject) =>
      stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}

export class LocalImport {
  private readonly store: LocalStore;
  private constructor(store: LocalStore) {
    this.store = store;
  }

  /** Opens DATA_DIR; throws `DataDirInUseError` while a server holds it. */
  static async open(dataDir: string): Promise<LocalImport> {
    return new LocalImport(await openLocalStore(dataDir));
  }

  get config() {
    return this.store.config;
  }

  /** The DynamoDB client every request of this import goes through (the bench watches it). */
  get dynamoDb() {
    return this.store.dynamoDb;
  }

  /**
   * Applies the effects a killed run (of the import or of the server) left pending, as
   * `npm start` does before it reports ready. Returns how many records it completed.
   */
  async recoverPendingEffects(): Promise<number> {
    const { records } = this.store.effects;
    let recovered = 0;
    for (const recordId of await records.listPendingEffects()) {
      const record = await records.get(recordId);
      if (record) {
        await this.applyEffects({ recordId, personIndex: record.blindIndex });
        recovered += 1;
      }
    }
    return recovered;
  }

  /**
   * Imports one file. Throws `ImportInterruptedError` (counts so far in `progress`) when a
   * line cannot be imported for a reason not its own; running it again resumes.
   */
  async importFile(options: ImportFileOptions): Promise<ImportResult> {
    const progress: ImportProgress = options.progress ?? {
      counts: emptyImportCounts(),
      bytesDone: 0,
      bytesTotal: 0,
      startedAt: Date.now(),
    };
    progress.bytesTotal = statSync(options.file).size;
    const { counts } = progress;
    const rejects = new RejectsWriter(options.rejectsFile ?? rejectsFileFor(options.file));
    const pipeline = new ImportRecords<LineRejection>({
      ingest: (submission, submitter) => this.ingestWithEffects(submission, submitter),
      rejectionOf,
      concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    });
    const source = createReadStream(options.file, { highWaterMark: 256 * 1024 });
    /** Where each line in flight ends in the file (at most the pipeline's window of them). */
    const ends = new Map<number, number>();

    async function* items(): AsyncGenerator<ImportItem<LineRejection>> {
      for await (const raw of ndjsonLines(source, MAX_RECORD_LINE_BYTES)) {
        ends.set(raw.line, raw.end);
        if ('tooLong' in raw) yield { line: raw.line, rejection: lineTooLong() };
        else yield { line: raw.line, ...parseRecordLine(raw.bytes) };
      }
    }

    try {
      for await (const outcome of pipeline.run(items(), options.submitter, options.signal)) {
        countOutcome(counts, outcome);
        progress.bytesDone = ends.get(outcome.line) ?? progress.bytesDone;
        ends.delete(outcome.line);
        if (outcome.kind === 'rejected') {
          await rejects.write({ line: outcome.line, ...outcome.rejection });
        }
      }
    } finally {
      source.destroy();
      await rejects.close();
    }
    const complete = !options.signal?.aborted;
    if (complete) progress.bytesDone = progress.bytesTotal;
    // A complete run without rejects leaves no rejects file from an earlier run behind.
    if (complete && !rejects.written) rmSync(rejects.path, { force: true });
    return {
      counts: { ...counts },
      complete,
      ...(rejects.written ? { rejectsFile: rejects.path } : {}),
    };
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  /**
   * `IngestRecord`, then the record's effects through the sealing service's own use case,
   * before the line counts as done — the import's bounded pipeline instead of the server's
   * unbounded in-process queue, and the same end state. A record that was already present
   * gets its effects only if they are still pending (a killed run): `completeEffects` is
   * the sealing service's last step, so a record without the flag needs nothing more.
   */
  private async ingestWithEffects(
    submission: RecordSubmission,
    submitter: Submitter,
  ): Promise<IngestRecordResult> {
    let work: SealingWork | undefined;
    const ingest = new IngestRecord({
      ...this.store.ingest,
      queue: {
        enqueue: async (queued) => {
          work = queued;
        },
        // An attempt that kept no record: the service's use case brings its entry in line.
        reconcile: async (queued) => this.applyEffects(queued),
      },
    });
    const result = await ingest.execute(submission, submitter);
    if (work !== undefined) {
      const pending =
        result.created || (await this.store.effects.records.get(work.recordId))?.effectsPending;
      if (pending) await this.applyEffects(work);
    }
    return result;
  }

  #applySealingEffects: ApplySealingEffects | undefined;

  /** The sealing service's use case, retried like a queue redelivers a failed message. */
  private async applyEffects(work: SealingWork): Promise<void> {
    this.#applySealingEffects ??= new ApplySealingEffects(this.store.effects);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#applySealingEffects.execute(work);
        return;
      } catch (error) {
        if (attempt >= EFFECT_ATTEMPTS) throw error;
        await sleep(20 * 2 ** attempt);
      }
    }
  }
}
