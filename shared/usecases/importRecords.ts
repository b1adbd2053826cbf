/**
 * Use case: bulk import of historical records (API.md, Bulk import) — lines of a file, each
 * a `POST /v1/records` body, ingested through the same `IngestRecord` use case with bounded
 * concurrency. The same pipeline runs in `npm run import` and in the bulk-import Lambda of
 * the distributed map.
 *
 * - Idempotent by the natural key: `IngestRecord` derives the record ID from agency, subject,
 *   case, type and date, so a line imported before (this run, an earlier run, a run killed
 *   half-way) is found again — "already present" when its content is the same, a
 *   `record-conflict` rejection when it differs. Nothing here keeps state between runs.
 * - One person's lines are ingested in file order, one after another: of two conflicting
 *   lines the earlier one is stored, whatever the concurrency, and one person's effects are
 *   applied in order (as the sealing queue orders them by person).
 * - Outcomes come out in line order, whatever order the lines finish in.
 * - A line the endpoint would answer with a 4xx is rejected; any other failure is retried
 *   with backoff and then stops the import (`ImportInterruptedError`): nothing is half-done
 *   (the use case's own order guarantees it) and running the import again resumes.
 */
import pLimit from 'p-limit';
import { normalizeNationalId } from '../domain/nationalId.ts';
import type { RecordSubmission } from '../domain/submission.ts';
import { SealedRecordsError } from '../errors.ts';
import type { IngestRecordResult, Submitter } from './ingestRecord.ts';

/** A line ready to ingest, or one already rejected by validation (`R`: how rejections are told). */
export type ImportItem<R> =
  | { line: number; submission: RecordSubmission }
  | { line: number; rejection: R };

export type ImportOutcome<R> =
  | { line: number; kind: 'sealed' | 'not-sealed' | 'already-present'; recordId: string }
  | { line: number; kind: 'rejected'; rejection: R };

export type ImportRecordsDependencies<R> = {
  /** `IngestRecord.execute`, or a composition of it (locally: followed by the record's effects). */
  ingest(submission: RecordSubmission, submitter: Submitter): Promise<IngestRecordResult>;
  /** The line's own fault → its rejection; `undefined` → a failure that is retried. */
  rejectionOf(error: unknown): R | undefined;
  /** Lines being ingested at once. */
  concurrency: number;
  /** Attempts per line at a failure that is not its own (default 5). */
  attempts?: number;
  /** First backoff between attempts, doubled each time (default 100 ms). */
  retryDelayMs?: number;
};

/** What an import did, line by line (API.md's summary line: records = the other four). */
export type ImportCounts = {
  /** Lines holding a record. */
  records: number;
  sealed: number;
  notSealed: number;
  alreadyPresent: number;
  rejected: number;
};

export function emptyImportCounts(): ImportCounts {
  return { records: 0, sealed: 0, notSealed: 0, alreadyPresent: 0, rejected: 0 };
}

export function countOutcome(counts: ImportCounts, outcome: ImportOutcome<unknown>): void {
  counts.records += 1;
  if (outcome.kind === 'sealed') counts.sealed += 1;
  else if (outcome.kind === 'not-sealed') counts.notSealed += 1;
  else if (outcome.kind === 'already-present') counts.alreadyPresent += 1;
  else counts.rejected += 1;
}

/** A line failed for a reason not its own, every attempt: the import stops there. */
export class ImportInterruptedError extends SealedRecordsError {
  readonly line: number;
  override name = 'ImportInterruptedError';
  constructor(line: number, options: { cause: unknown }) {
    super(`line ${line} could not be imported`, options);
    this.line = line;
  }
}

/**
 * Lines one batch invocation of the bulk-import function ingests at once; the distributed
 * map's `MaxConcurrency` is derived from it (infra/bulkImportCapacity.ts).
 */
export const BATCH_LINES_IN_FLIGHT = 8;

/** Lines admitted ahead of the oldest unfinished one, per unit of concurrency. */
const WINDOW_PER_SLOT = 4;

/** Why a line that was admitted is not ingested: the import is stopping. */
class Stopped extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ImportRecords<R> {
  private readonly deps: ImportRecordsDependencies<R>;
  readonly #attempts: number;
  readonly #retryDelayMs: number;

  constructor(deps: ImportRecordsDependencies<R>) {
    this.deps = deps;
    if (!Number.isInteger(deps.concurrency) || deps.concurrency < 1) {
      throw new RangeError('concurrency must be a positive integer');
    }
    this.#attempts = deps.attempts ?? 5;
    this.#retryDelayMs = deps.retryDelayMs ?? 100;
  }

  /**
   * Ingests `items` and yields one outcome per item, in line order. Memory stays bounded:
   * at most `concurrency × 4` lines are held, however long the input. Stops early when
   * the consumer stops iterating or `signal` aborts (lines admitted but not started are
   * dropped; those started finish), and throws `ImportInterruptedError` at the first line
   * that cannot be imported, after the lines before it.
   */
  async *run(
    items: AsyncIterable<ImportItem<R>> | Iterable<ImportItem<R>>,
    submitter: Submitter,
    signal?: AbortSignal,
  ): AsyncGenerator<ImportOutcome<R>> {
    const limit = pLimit(this.deps.concurrency);
    const stopping = new AbortController();
    const stop = () => stopping.abort();
    signal?.addEventListener('abort', stop, { once: true });
    /** Outcomes not yet yielded, oldest line first. */
    const window: Promise<ImportOutcome<R> | undefined>[] = [];
    /** The last admitted line of each person: the next one of theirs waits for it. */
    const tails = new Map<string, Promise<unknown>>();
    const maxWindow = this.deps.concurrency * WINDOW_PER_SLOT;

    const admit = (item: ImportItem<R>): Promise<ImportOutcome<R> | undefined> => {
      if ('rejection' in item) {
        return Promise.resolve({ line: item.line, kind: 'rejected', rejection: item.rejection });
      }
      const person = normalizeNationalId(item.submission.subject.nationalId);
      const previous = tails.get(person) ?? Promise.resolve();
      const ingest = () =>
        limit(() =>
          stopping.signal.aborted
            ? Promise.reject(new Stopped())
            : this.ingestLine(item, submitter),
        );
      const outcome = previous.then(ingest, ingest);
      const tail = outcome.then(
        () => undefined,
        () => undefined,
      );
      tails.set(person, tail);
      void tail.then(() => {
        if (tails.get(person) === tail) tails.delete(person);
      });
      const settled = outcome.catch((error: unknown) => {
        if (error instanceof Stopped) return undefined;
        stop();
        throw error;
      });
      // Marked handled at once: it is awaited in order, possibly after later lines failed.
      settled.catch(() => undefined);
      return settled;
    };

    try {
      for await (const item of items) {
        if (stopping.signal.aborted) break;
        window.push(admit(item));
        while (window.length >= maxWindow) {
          const outcome = await window.shift();
          if (outcome) yield outcome;
        }
      }
      while (window.length > 0) {
        const outcome = await window.shift();
        if (outcome) yield outcome;
      }
    } finally {
      stop();
      signal?.removeEventListener('abort', stop);
      await Promise.allSettled(window);
    }
  }

  private async ingestLine(
    item: { line: number; submission: RecordSubmission },
    submitter: Submitter,
  ): Promise<ImportOutcome<R>> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.deps.ingest(item.submission, submitter);
        const kind = !result.created ? 'already-present' : result.sealed ? 'sealed' : 'not-sealed';
        return { line: item.line, kind, recordId: result.recordId };
      } catch (error) {
        const rejection = this.deps.rejectionOf(error);
        if (rejection !== undefined) return { line: item.line, kind: 'rejected', rejection };
        if (attempt >= this.#attempts)
          throw new ImportInterruptedError(item.line, { cause: error });
        await sleep(this.#retryDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
