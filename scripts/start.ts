/**
 * `npm start` — the API on http://127.0.0.1:${PORT:-3000} with data in ${DATA_DIR:-.data}.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidNowError, localNow } from '#shared/adapters/local/localNow.ts';
import { startLocalStack } from '#shared/adapters/local/localStack.ts';
import { environmentValue, environmentVariables } from '#shared/definitions/environment.ts';
import { buildPage, servedPages } from './build-web.ts';

const { values } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' }, port: { type: 'string' } },
});
if (values.help) {
  console.log(`Usage: npm start [-- --port N]

Serves the API locally: embedded DynamoDB (dynalite) persisted under DATA_DIR, local keys
created on first run, the same handlers that run on Lambda.

Until it is ready every request gets 503 with Retry-After. SIGTERM or SIGINT stops it
gracefully: no new connections, requests in flight finish, then exit 0. A server started
meanwhile on the same DATA_DIR waits for it; one started beside a running server fails.

Environment:
  PORT        port to listen on (default 3000)
  DATA_DIR    where data and local keys live, owner-only (default .data)
  ISSUER_DID  the issuer's did:web (default: fixed on the first run, kept in DATA_DIR)
  NOW         the clock starts here and runs on, e.g. 2026-12-29T10:00:00+08:00 (deadlines,
              overdue states, validity periods); give \`npm run token\` the same NOW`);
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 3000);
const dataDir = environmentValue(process.env, environmentVariables.dataDir) ?? '.data';
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${values.port ?? process.env.PORT}".`);
  process.exit(2);
}
let now: Date | undefined;
try {
  now = localNow();
} catch (error) {
  if (!(error instanceof InvalidNowError)) throw error;
  console.error(error.message);
  process.exit(2);
}
// The citizen's page and the desks, served from the API's own origin as a deployment serves
// them: /citizen, /desk (officials), /inquire (units and judicial applicants), /oversight.
const pageDir = mkdtempSync(join(tmpdir(), 'sealed-records-pages-'));
const pages: Record<string, string> = {};
for (const [path, page] of Object.entries(servedPages)) {
  pages[path] = readFileSync((await buildPage(page, { outDir: pageDir })).html, 'utf8');
}
rmSync(pageDir, { recursive: true, force: true });
const stack = await startLocalStack({ dataDir, port, now, pages }).catch(
  (error: NodeJS.ErrnoException) => {
    const reasons: Record<string, string> = {
      EADDRINUSE: `port ${port} is already in use: stop the other server or set PORT.`,
      DATA_DIR_IN_USE: `${dataDir} is in use by another server: one server per DATA_DIR.`,
      DATA_DIR_NOT_PRIVATE: `${dataDir} holds files of another user: it cannot be kept private.`,
      EACCES: `permission denied (port ${port} or ${dataDir}).`,
    };
    console.error(`Cannot start: ${reasons[error.code ?? ''] ?? error.message}`);
    process.exit(1);
  },
);
// Pinned by `npm run verify` when no --trust is given: the local issuer's keys.
const bundle = await (await fetch(`${stack.url}/v1/trust-bundle`)).text();
writeFileSync(join(stack.dataDir, 'trust-bundle.json'), bundle, { mode: 0o600 });
// Before the line that says the server is listening, which scripts wait for.
if (now) console.log(`The clock started at NOW: ${now.toISOString()}`);
console.log(`Sealed-records API listening on ${stack.url} (data in ${stack.dataDir})`);
console.log(`The citizen's page: ${stack.url}/citizen`);
console.log(
  `The desks: ${stack.url}/desk (officials), ${stack.url}/inquire (applicants), ${stack.url}/oversight (supervisors)`,
);

let stopping = false;
function stop(): void {
  // A second signal while draining means "now".
  if (stopping) process.exit(1);
  stopping = true;
  stack.close().then(
    () => process.exit(0),
    (error: Error) => {
      console.error(`Stopped with an error: ${error.name}`);
      process.exit(1);
    },
  );
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);

// npm does not pass a SIGTERM on to the script it runs: `npm start` exits at once and would
// leave the server behind (npm 11). So under npm the server stops, gracefully, as soon as the
// process that started it is gone (`npm start` runs it directly: `node scripts/start.ts`,
// no wrapper process in between).
if (process.env.npm_lifecycle_event === 'start') {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent && !stopping) stop();
  }, 200).unref();
}
