/**
 * `npm run --silent audit:migrate` — imports the former hash-chained audit log of the local
 * stack's DATA_DIR into the Merkle log, once, in order (docs/audit-log.md, "Importing the
 * former hash chains"). The sequencer does it before it sequences anything anyway; this runs
 * it now and says what it did. Idempotent: run again, it imports nothing.
 *
 * In AWS the same import runs in the sequencer function: invoke it with
 * `{"action":"migrate"}` (docs/audit-log.md).
 */
import { environmentVariables as v } from '#shared/definitions/environment.ts';

// The sequencer's own logs and metrics are for Lambda; here the summary line says it all.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const { inProcessAuditSequencer } = await import(
  '#shared/adapters/local/inProcessAuditSequencer.ts'
);
const { DataDirInUseError, openLocalStore } = await import('#shared/adapters/local/localStore.ts');

const USAGE = `Usage: npm run --silent audit:migrate

Imports the former hash chains of \${DATA_DIR:-.data} into the Merkle audit log, once, in
order (each chain verified first; merged by time, each chain in its own order). Stop
\`npm start\` first: one process per DATA_DIR.

Exit status: 0 done (or nothing to do), 1 a former chain does not verify (nothing imported),
2 usage error or DATA_DIR held by a server.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`unexpected argument ${argv[0]}\n\n${USAGE}\n`);
    return 2;
  }
  let store: Awaited<ReturnType<typeof openLocalStore>>;
  try {
    store = await openLocalStore(process.env[v.dataDir.name] || v.dataDir.default);
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
  try {
    const { imported, size } = await inProcessAuditSequencer.migrate();
    process.stdout.write(
      `imported ${imported} entries of the former hash chains; the audit log holds ${size}\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
