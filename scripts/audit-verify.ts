/**
 * `npm run --silent audit:verify -- EXPORT.ndjson [--trust BUNDLE.json] [--previous CHECKPOINT]
 * [--json]`
 *
 * Verifies an audit export (`GET /v1/audit`) offline (API.md, Oversight): every line strictly
 * one entry, checkpoint or proof; the window's entries against the final checkpoint's Merkle
 * root; every checkpoint's signature against the audit keys the pinned trust bundle
 * publishes; every earlier checkpoint consistent with the final one; and with `--previous`,
 * that the log only grew since a checkpoint kept from before. Prints the tree size, the
 * window and the export time. Exit 0 intact, 1 tampered (naming the first bad line), 2 usage
 * error (or a kept checkpoint older than the export's window: nothing to compare).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { noteKeysOf, verifyCheckpointNote } from '../shared/domain/audit/checkpoint.ts';
import { describeProblem, verifyAuditExport } from '../shared/domain/audit/verifyExport.ts';
import { auditKeysOf, parseTrustBundle } from '../shared/domain/credential/didDocument.ts';

const USAGE = `Usage: npm run --silent audit:verify -- EXPORT.ndjson [--trust BUNDLE.json] [--previous CHECKPOINT] [--json]

Verifies an audit export offline: each line exactly one entry, checkpoint or proof; the
entries against the signed Merkle root; every checkpoint's signature against the audit keys
in the issuer's trust bundle; earlier checkpoints consistent with the final one. No network,
no database.

  EXPORT.ndjson      the export (GET /v1/audit)
  --trust FILE       the issuer's trust bundle (default: $DATA_DIR/trust-bundle.json)
  --previous FILE    a checkpoint kept from before (the signed note, as a file): checks that
                     the log only grew since (keep each export's last line's note for next time)
  --json             print the verdict as JSON
  -h, --help         show this help

Exit status: 0 intact, 1 tampered (the first bad line is named), 2 usage error.`;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return 2;
}

/** A kept checkpoint: the note itself, or an export line `{"type":"checkpoint","note":…}`. */
function readPrevious(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (text.trimStart().startsWith('{')) {
    const line = JSON.parse(text.trim()) as { type?: unknown; note?: unknown };
    if (line.type === 'checkpoint' && typeof line.note === 'string') return line.note;
    throw new Error('not a checkpoint line');
  }
  return text;
}

async function main(argv: string[]): Promise<number> {
  let values: { trust?: string; previous?: string; json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      options: {
        trust: { type: 'string' },
        previous: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [file, ...extra] = positionals;
  if (file === undefined) return usage('missing EXPORT.ndjson');
  if (extra.length > 0) return usage(`unexpected argument ${extra[0]}`);
  if (!existsSync(file)) return usage(`no such file: ${file}`);
  const trustFile = values.trust ?? join(process.env.DATA_DIR ?? '.data', 'trust-bundle.json');
  let keys: ReturnType<typeof noteKeysOf>;
  try {
    keys = noteKeysOf(auditKeysOf(parseTrustBundle(JSON.parse(readFileSync(trustFile, 'utf8')))));
  } catch (error) {
    return usage(`cannot use ${trustFile} as a trust bundle: ${(error as Error).message}`);
  }
  if (keys.length === 0)
    return usage(`${trustFile} publishes no audit key (auditCheckpointMethod)`);
  let previous: string | undefined;
  if (values.previous !== undefined) {
    try {
      previous = readPrevious(values.previous);
    } catch (error) {
      return usage(`cannot read ${values.previous} as a checkpoint: ${(error as Error).message}`);
    }
    const kept = verifyCheckpointNote(previous, keys);
    if (!kept.valid) {
      return usage(
        `${values.previous} is not a checkpoint signed by an audit key (${kept.reason})`,
      );
    }
  }

  const lines = createInterface({
    input: createReadStream(file),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const verdict = await verifyAuditExport(lines, keys, previous);
  if (values.json) {
    process.stdout.write(`${JSON.stringify(verdict)}\n`);
  } else if (verdict.intact === true) {
    const window =
      verdict.end > verdict.start
        ? `entries ${verdict.start}–${verdict.end - 1} (${verdict.end - verdict.start})`
        : 'no entries';
    const asked =
      verdict.from === undefined && verdict.to === undefined
        ? 'the whole log'
        : `from ${verdict.from ?? 'the start'} to ${verdict.to ?? 'now'}`;
    process.stdout.write(
      `INTACT: tree size ${verdict.treeSize}; window ${asked}: ${window}; exported at ${verdict.exportedAt}; ` +
        `${verdict.earlierCheckpoints} earlier checkpoints consistent` +
        (verdict.previousSize === undefined
          ? ''
          : `; grew from the previous checkpoint (tree size ${verdict.previousSize})`) +
        '\n',
    );
  } else if (verdict.intact === 'unknown') {
    process.stdout.write(
      `UNKNOWN: the previous checkpoint (tree size ${verdict.previousSize}) is older than this export's window (from entry ${verdict.start}); export a window from before it\n`,
    );
    return 2;
  } else {
    const around = verdict.lines
      ? ` (entries on lines ${verdict.lines[0]}–${verdict.lines[1]})`
      : '';
    process.stdout.write(
      `TAMPERED: line ${verdict.line} ${describeProblem(verdict.problem)}${around} [${verdict.problem}]\n`,
    );
  }
  return verdict.intact === true ? 0 : verdict.intact === 'unknown' ? 2 : 1;
}

process.exitCode = await main(process.argv.slice(2));
