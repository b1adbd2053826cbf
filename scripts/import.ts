/**
 * `npm run --silent import -- FILE.ndjson --role ROLE --org ORG` — bulk import of historical
 * records into the local stack's DATA_DIR (API.md, Bulk import).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { DataDirInUseError } from '#shared/adapters/local/localStore.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { emptyImportCounts, ImportInterruptedError } from '#shared/usecases/importRecords.ts';
import {
  DEFAULT_CONCURRENCY,
  type ImportProgress,
  LocalImport,
  rejectsFileFor,
  summaryLine,
} from './import/localImport.ts';
import { progressLine, ratePerSecond } from './import/progress.ts';

const usage = `Usage: npm run --silent import -- FILE.ndjson --role ROLE --org ORG [--sub SUB] [--concurrency N] [--progress-every SECONDS]

Imports historical records into the local stack's DATA_DIR (\${DATA_DIR:-.data}; set up as
\`npm start\` sets it up on first use). Each line of FILE is one POST /v1/records body,
ingested through the same use case: the same rules, encryption, audit and effects on the
person's other records. Blank lines are skipped.

  --role ROLE        the submitting agency's role: ${agencyRoles.join(', ')}
  --org ORG          the submitting agency (its organisation ID)
  --sub SUB          the official the audit trail names (default: local:<your user name>)
  --concurrency N    lines ingested at once, 1–64 (default ${DEFAULT_CONCURRENCY})
  --progress-every SECONDS
                     how often the plain progress line is printed, 0.1–3600 (default 5)

Idempotent by each record's natural key (agency, case number, subject, record type,
effective date): running it again — also after it was killed at any moment — leaves the
state of one clean run. A line already imported with the same content counts as "already
present"; with different content it is rejected (record-conflict). Of two conflicting lines
in one file the earlier one is imported.

Progress: a bar on a terminal, a line every 5 seconds (--progress-every) otherwise (both on stderr). The last
line, on stdout:
  imported <N> records: <S> sealed, <U> not sealed, <D> already present, <R> rejected
N counts the lines holding a record: N = S + U + D + R.

Rejected lines go to FILE.rejects.ndjson (FILE without its .ndjson), one JSON object a line,
{"line": <number>, "code": "<problem code>", "errors": [{"path", "message"}]}: line numbers,
codes and field paths, never the line's content. A run without rejects removes that file.

Exit status:
  0  the whole file was processed (rejected lines, if any, are in the rejects file)
  1  stopped before the end — a dependency kept failing, or interrupted (Ctrl-C): what was
     imported stays; run the same command again to resume
  2  usage error, FILE not readable, or DATA_DIR in use by a running server (stop it first)`;

function fail(message: string): never {
  console.error(
    `${message}\nUsage: npm run --silent import -- FILE.ndjson --role ROLE --org ORG (--help for more)`,
  );
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      concurrency: { type: 'string' },
      'progress-every': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
try {
  parsed = parse();
} catch (error) {
  fail((error as Error).message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const [file, ...extra] = positionals;
if (file === undefined || extra.length > 0) fail('Give exactly one FILE.');
const role = values.role;
if (!role || !(agencyRoles as readonly string[]).includes(role)) {
  fail(`--role is required: one of ${agencyRoles.join(', ')}.`);
}
const org = values.org?.trim();
if (!org || org.length > 100) fail('--org is required (1–100 characters).');
const sub = values.sub?.trim() || `local:${userInfo().username}`;
const concurrency = Number(values.concurrency ?? DEFAULT_CONCURRENCY);
if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
  fail('--concurrency must be a whole number from 1 to 64.');
}
const progressEvery = Number(values['progress-every'] ?? 5);
if (!Number.isFinite(progressEvery) || progressEvery < 0.1 || progressEvery > 3600) {
  fail('--progress-every must be a number of seconds from 0.1 to 3600.');
}
try {
  if (!statSync(file).isFile()) fail(`${file} is not a file.`);
  accessSync(file, constants.R_OK);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code) fail(`Cannot read ${file}.`);
  throw error;
}

const dataDir = process.env.DATA_DIR ?? '.data';
let localImport: LocalImport;
try {
  localImport = await LocalImport.open(dataDir);
} catch (error) {
  if (error instanceof DataDirInUseError) {
    console.error(
      `Cannot import: ${dataDir} is in use by a running server (one process per DATA_DIR). ` +
        'Stop the server, then run the import again; or import into another DATA_DIR.',
    );
    process.exit(2);
  }
  console.error(`Cannot open ${dataDir}: ${(error as Error).message}`);
  process.exit(1);
}

const stop = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());

const progress: ImportProgress = {
  counts: emptyImportCounts(),
  bytesDone: 0,
  bytesTotal: 0,
  startedAt: Date.now(),
};
let display: { stop(): void } | undefined;
let exitCode = 0;
try {
  const recovered = await localImport.recoverPendingEffects();
  if (recovered > 0) {
    console.error(`Applied the pending effects of ${recovered} records a killed run left behind.`);
  }
  display = startProgressDisplay(progress);
  const result = await localImport.importFile({
    file,
    submitter: { subject: sub, role, organisation: org },
    concurrency,
    signal: stop.signal,
    progress,
  });
  display.stop();
  display = undefined;
  if (result.rejectsFile) {
    const lines = result.counts.rejected === 1 ? 'line' : 'lines';
    console.error(`${result.counts.rejected} rejected ${lines}: see ${result.rejectsFile}`);
  }
  console.log(summaryLine(result.counts));
  if (!result.complete) {
    console.error('Interrupted: run the same command again to resume.');
    exitCode = 1;
  }
} catch (error) {
  display?.stop();
  console.log(summaryLine(progress.counts));
  if (error instanceof ImportInterruptedError) {
    const cause = error.cause as Error | undefined;
    console.error(
      `Stopped at line ${error.line}: ${cause?.name ?? 'error'} after several attempts. ` +
        `What was imported stays; run the same command again to resume (rejects so far: ${rejectsFileFor(file)}).`,
    );
  } else {
    console.error(`Stopped: ${(error as Error).name}. Run the same command again to resume.`);
  }
  exitCode = 1;
} finally {
  await localImport.close();
}
process.exit(exitCode);

/** A bar with rate and ETA on a terminal; otherwise a plain line every few seconds. */
function startProgressDisplay(state: ImportProgress) {
  const PLAIN_INTERVAL_MS = Math.round(progressEvery * 1000);
  if (process.stderr.isTTY) {
    const bar = new SingleBar({
      format:
        'importing [{bar}] {percentage}% | {records} records | {rate} records/s | ETA {eta_formatted}',
      barsize: 30,
      hideCursor: true,
      etaBuffer: 50,
      stream: process.stderr,
    });
    bar.start(1, 0, { records: 0, rate: 0 });
    const timer = setInterval(() => {
      bar.setTotal(Math.max(1, state.bytesTotal));
      bar.update(state.bytesDone, {
        records: state.counts.records,
        rate: ratePerSecond(state).toFixed(0),
      });
    }, 200);
    return {
      stop: () => {
        clearInterval(timer);
        bar.update(state.bytesDone, { records: state.counts.records });
        bar.stop();
      },
    };
  }
  const timer = setInterval(() => console.error(progressLine(state)), PLAIN_INTERVAL_MS);
  return { stop: () => clearInterval(timer) };
}
