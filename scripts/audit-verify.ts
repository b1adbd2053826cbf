/**
 * `npm run --silent audit:verify -- EXPORT.ndjson [--trust BUNDLE.json] [--json]`
 *
 * Verifies an audit export (`GET /v1/audit`) offline: recomputes every chain's hashes and
 * checks every checkpoint's signature against the audit keys the pinned trust bundle
 * publishes. Exit 0 intact, 1 tampered (naming the first bad line), 2 usage error.
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { describeProblem, verifyAuditExport } from '../shared/domain/audit/verifyExport.ts';
import { auditKeysOf, parseTrustBundle } from '../shared/domain/credential/didDocument.ts';

const USAGE = `Usage: npm run --silent audit:verify -- EXPORT.ndjson [--trust BUNDLE.json] [--json]

Verifies an audit export offline: every hash recomputed, every checkpoint's signature checked
against the audit keys in the issuer's trust bundle. No network, no database.

  EXPORT.ndjson    the export (GET /v1/audit), one event or checkpoint a line
  --trust FILE     the issuer's trust bundle (default: $DATA_DIR/trust-bundle.json)
  --json           print the verdict as JSON
  -h, --help       show this help

Exit status: 0 intact, 1 tampered (the first bad line is named), 2 usage error.`;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<
    typeof parseArgs<{
      options: {
        trust: { type: 'string' };
        json: { type: 'boolean' };
        help: { type: 'boolean'; short: 'h' };
      };
      allowPositionals: true;
    }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        trust: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    return usage((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) return usage('missing EXPORT.ndjson');
  if (extra.length > 0) return usage(`unexpected argument ${extra[0]}`);
  if (!existsSync(file)) return usage(`no such file: ${file}`);
  const trustFile = values.trust ?? join(process.env.DATA_DIR ?? '.data', 'trust-bundle.json');
  let keys: ReturnType<typeof auditKeysOf>;
  try {
    keys = auditKeysOf(parseTrustBundle(JSON.parse(readFileSync(trustFile, 'utf8'))));
  } catch (error) {
    return usage(`cannot use ${trustFile} as a trust bundle: ${(error as Error).message}`);
  }
  if (keys.size === 0) return usage(`${trustFile} publishes no audit key (auditCheckpointMethod)`);

  const lines = createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const verdict = await verifyAuditExport(lines, keys);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(verdict)}\n`);
  } else if (verdict.intact) {
    process.stdout.write(
      `INTACT: ${verdict.entries} entries in ${verdict.chains} chains, ${verdict.checkpoints} signed checkpoints verified\n`,
    );
  } else {
    process.stdout.write(
      `TAMPERED: line ${verdict.line}${verdict.chain ? ` (${verdict.chain})` : ''} ${describeProblem(verdict.problem)} [${verdict.problem}]\n`,
    );
  }
  return verdict.intact ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
