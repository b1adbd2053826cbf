/**
 * Batch verification for `npm run verify -- --batch DIR`: a school or an employer checking
 * thousands of applicants' certificates, inquiry result letters or wallet presentations (each
 * against the same `--nonce` and `--audience`) at once, of any kinds mixed. The files are verified by several threads
 * at once, one per core by default: the main thread and worker threads
 * (`verifyBatchWorker.ts`), each importing the trust bundle's keys once and running the same
 * offline `verifyDocument` as everything else. Work is handed out in small chunks from one
 * queue, so the main thread starts at once while the workers load (a few hundred
 * milliseconds each), and a slow thread never holds up the rest.
 */
import { closeSync, fstatSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { TrustBundle } from '../shared/domain/credential/didDocument.ts';
import {
  type DocumentVerdict,
  verifyDocument,
} from '../shared/domain/credential/verifyDocument.ts';

export type FileVerdict = { file: string; verdict: DocumentVerdict };

export type BatchOptions = {
  /** Paths of the files to verify; the verdicts come back in the same order. */
  files: readonly string[];
  bundle: TrustBundle;
  now?: Date;
  /** What every presentation among the files is checked against. */
  nonce?: string;
  audience?: string;
  /** Threads verifying at once, the main thread included; default one per core. */
  threads?: number;
  /** `false` leaves every file to the worker threads (a test of them); default `true`. */
  verifyOnMainThread?: boolean;
};

/** What a worker is given at start, and the messages it exchanges with the main thread. */
export type WorkerSetup = {
  bundle: TrustBundle;
  now: Date | undefined;
  nonce: string | undefined;
  audience: string | undefined;
};
export type Job = { start: number; files: string[] };
export type JobDone = { start: number; verdicts: DocumentVerdict[] };

/** Files per job: large enough that messaging costs little, small enough to balance. */
const CHUNK = 64;
/** A credential is about 1 KB; the browser page draws the line at the same size. */
const MAX_CREDENTIAL_FILE_BYTES = 64 * 1024;
const workerUrl = new URL('./verifyBatchWorker.ts', import.meta.url);

export function defaultThreads(): number {
  return availableParallelism();
}

/** Every regular, non-hidden file directly in `dir`, in name order. */
export function listCredentialFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
    .map((name) => join(dir, name));
}

export async function verifyBatch(options: BatchOptions): Promise<FileVerdict[]> {
  const { files, bundle, now, nonce, audience } = options;
  const queue: Job[] = [];
  for (let start = 0; start < files.length; start += CHUNK) {
    queue.push({ start, files: files.slice(start, start + CHUNK) });
  }
  const verdicts: DocumentVerdict[] = new Array(files.length);
  let pending = queue.length;
  const finished = Promise.withResolvers<void>();
  if (pending === 0) finished.resolve();
  const record = ({ start, verdicts: done }: JobDone) => {
    done.forEach((verdict, index) => {
      verdicts[start + index] = verdict;
    });
    pending -= 1;
    if (pending === 0) finished.resolve();
  };

  const setup: WorkerSetup = { bundle, now, nonce, audience };
  // No more workers than jobs the main thread leaves over: each costs a start-up.
  const workerCount = Math.max(
    0,
    Math.min((options.threads ?? defaultThreads()) - 1, queue.length - 1),
  );
  const workers = Array.from({ length: workerCount }, () =>
    startWorker(setup, queue, record, finished.reject),
  );
  try {
    await Promise.all([verifyHere(setup, queue, record), finished.promise]);
  } finally {
    // Workers still loading when the queue ran dry are not needed any more.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return files.map((file, index) => ({ file, verdict: verdicts[index] as DocumentVerdict }));
}

/** The main thread's share: jobs from the queue until it is empty. */
async function verifyHere(setup: WorkerSetup, queue: Job[], record: (done: JobDone) => void) {
  for (let job = queue.shift(); job !== undefined; job = queue.shift()) {
    record({ start: job.start, verdicts: await verifyFiles(job.files, setup) });
    // Verification here never waits for I/O: let the workers' messages in between jobs.
    await nextTurn();
  }
}

/** A worker thread that takes jobs from the queue until it is empty, then exits. */
function startWorker(
  setup: WorkerSetup,
  queue: Job[],
  record: (done: JobDone) => void,
  fail: (error: Error) => void,
): Worker {
  // Node strips the worker's TypeScript types itself (22.18, 23.6 and later): the worker takes
  // none of the parent's flags (a test runner's loader, say), and starts faster. A Node that
  // cannot strip types passes the parent's flags on, in case they bring a loader.
  const execArgv = process.features.typescript ? [] : undefined;
  const worker = new Worker(workerUrl, { workerData: setup, execArgv });
  const next = () => worker.postMessage(queue.shift() ?? null);
  worker.on('message', (done: JobDone) => {
    record(done);
    next();
  });
  worker.once('error', fail);
  // After the batch, terminate() ends the worker with code 1 and `fail` is a no-op.
  worker.once('exit', (code) => {
    if (code !== 0) fail(new Error(`a verification worker stopped with exit code ${code}`));
  });
  next();
  return worker;
}

/** The verdict for each file, in order; run by every verifying thread. */
export async function verifyFiles(files: readonly string[], setup: WorkerSetup) {
  const { bundle, now, nonce, audience } = setup;
  const verdicts: DocumentVerdict[] = [];
  for (const file of files) {
    const document = readCredentialFile(file);
    verdicts.push(
      typeof document === 'string'
        ? await verifyDocument(document, bundle, { now, nonce, audience })
        : document,
    );
  }
  return verdicts;
}

/**
 * The document in a file's text: a JWT or a presentation, or a response saved as it came —
 * the issuing response `{"certificateId": …, "credential": …}`, the inquiry result
 * `{"letter": …}`.
 */
export function credentialFromText(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      const { credential, letter } = JSON.parse(trimmed) as {
        credential?: unknown;
        letter?: unknown;
      };
      if (typeof credential === 'string') return credential.trim();
      if (typeof letter === 'string') return letter.trim();
    } catch {
      // Not JSON after all: verify the text as it is and let the verdict say why it fails.
    }
  }
  return trimmed;
}

/**
 * A file's credential, or a verdict when there is nothing to verify: the file cannot be read
 * or is far too large to be a credential (read no further than that).
 */
export function readCredentialFile(path: string): string | DocumentVerdict {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    if (fstatSync(fd).size > MAX_CREDENTIAL_FILE_BYTES) {
      return notACredential('The file is far too large to be a credential.');
    }
    return credentialFromText(readFileSync(fd, 'utf8'));
  } catch {
    return notACredential('The file cannot be read.');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Read as a certificate, like any text that is not recognisably another kind. */
function notACredential(message: string): DocumentVerdict {
  return { kind: 'certificate', valid: false, reasons: [{ code: 'malformed', message }] };
}
