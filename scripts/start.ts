/**
 * `npm start` — the API on http://127.0.0.1:${PORT:-3000} with data in ${DATA_DIR:-.data}.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack } from '#shared/adapters/local/localStack.ts';

const { values } = parseArgs({
  options: { help: { type: 'boolean', short: 'h' }, port: { type: 'string' } },
});
if (values.help) {
  console.log(`Usage: npm start [-- --port N]

Serves the API locally: embedded DynamoDB (dynalite) persisted under DATA_DIR, local keys
created on first run, the same handlers that run on Lambda.

Environment:
  PORT       port to listen on (default 3000)
  DATA_DIR   where data and local keys live (default .data)`);
  process.exit(0);
}

const port = Number(values.port ?? process.env.PORT ?? 3000);
const dataDir = process.env.DATA_DIR ?? '.data';
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`PORT must be a port number, not "${values.port ?? process.env.PORT}".`);
  process.exit(2);
}
const stack = await startLocalStack({ dataDir, port }).catch((error: NodeJS.ErrnoException) => {
  const reasons: Record<string, string> = {
    EADDRINUSE: `port ${port} is already in use: stop the other server or set PORT.`,
    DATA_DIR_IN_USE: `${dataDir} is in use by another server: one server per DATA_DIR.`,
    EACCES: `permission denied (port ${port} or ${dataDir}).`,
  };
  console.error(`Cannot start: ${reasons[error.code ?? ''] ?? error.message}`);
  process.exit(1);
});
// Pinned by `npm run verify` when no --trust is given: the local issuer's keys.
const bundle = await (await fetch(`${stack.url}/v1/trust-bundle`)).text();
writeFileSync(join(stack.dataDir, 'trust-bundle.json'), bundle, { mode: 0o644 });
console.log(`Sealed-records API listening on ${stack.url} (data in ${stack.dataDir})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stack.close().then(() => process.exit(0));
  });
}
