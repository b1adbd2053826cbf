/**
 * `npm run verify` as a function of its arguments, output and environment
 * (`scripts/verify.ts` runs it as the process). See {@link USAGE}.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../shared/config.ts';
import {
  InvalidTrustBundleError,
  parseTrustBundle,
  type TrustBundle,
} from '../shared/domain/credential/didDocument.ts';
import { verifyCredential } from '../shared/domain/credential/verifyCredential.ts';
import {
  type DocumentVerdict,
  documentKind,
  verifyDocument,
} from '../shared/domain/credential/verifyDocument.ts';
import {
  credentialFromText,
  defaultThreads,
  type FileVerdict,
  listCredentialFiles,
  verifyBatch,
} from './verifyBatch.ts';
import { batchLine, recordsOnFile, renderVerdict } from './verifyOutput.ts';

const USAGE = `Usage: npm run --silent verify -- FILE_OR_JWT [--trust BUNDLE.json] [--now ISO] [--json]
                                     [--nonce NONCE --audience AUDIENCE]
       npm run --silent verify -- --batch DIR [--workers N] [--trust BUNDLE.json] [--now ISO] [--json]
                                     [--nonce NONCE --audience AUDIENCE]

Verifies the issuer's signed documents offline: no network, no database.

  FILE_OR_JWT      a no-criminal-record certificate (a JWT), or a file holding it
                   or the issuing response {"certificateId": …, "credential": …};
                   an inquiry result letter (a JWT), or a file holding it or the
                   result response {"letter": …}; or a wallet's presentation
                   <sd-jwt>~<disclosures>~<kb-jwt>
  --nonce NONCE    for a presentation: the nonce you gave the holder
  --audience AUD   for a presentation: your identifier, which the holder addressed
  --batch DIR      verify every file in DIR (not its subdirectories or hidden
                   files), each a document as above, on several threads at once;
                   prints one line per file, then a count
  --workers N      threads verifying at once for --batch, the main one included
                   (default: one per core, here ${defaultThreads()})
  --trust FILE     the issuer's trust bundle to pin (default: $DATA_DIR/trust-bundle.json)
  --now ISO        verify as of this instant instead of the current time
  --json           print the verdict as JSON; with --batch, one JSON object per
                   line: {"file": …, "kind": …, "valid": …, …}
  -h, --help       show this help

A valid letter is genuine and current; read its statement: it may say a criminal
record is on file, and lists each conviction it reports.

Exit status: 0 valid (with --batch: every file valid), 1 not valid (with --batch:
any file not valid), 2 usage error.`;

const NO_BUNDLE_HINT =
  "Get the issuer's trust bundle once and keep it:\n" +
  '  curl http://127.0.0.1:3000/v1/trust-bundle > bundle.json\n' +
  'then: npm run --silent verify -- FILE_OR_JWT --trust bundle.json';

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
/** `PRESENTATION` as a command-line argument: base64url parts joined by `.` and `~`. */
const PRESENTATION = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+~[A-Za-z0-9_.~-]*$/;

class UsageError extends Error {
  override name = 'UsageError';
}

/** Where the command writes, and the environment it reads (`DATA_DIR`). */
export type CommandIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
};

/** Runs `npm run verify` with these arguments; resolves to its exit status (0, 1 or 2). */
export async function verifyCommand(argv: string[], io: CommandIo): Promise<number> {
  const usageError = (error: unknown) => reportUsageError(error, io);
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    return usageError(error);
  }
  if (args.values.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (args.values.batch !== undefined) return batch(args.values.batch, args, io);
  let jwt: string;
  let bundle: TrustBundle;
  let now: Date | undefined;
  try {
    const [input, ...extra] = args.positionals;
    if (input === undefined) throw new UsageError('missing FILE_OR_JWT');
    if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
    if (args.values.workers !== undefined) throw new UsageError('--workers needs --batch');
    jwt = readCredential(input);
    bundle = readBundle(args.values.trust, io.env);
    now = args.values.now === undefined ? undefined : parseInstant(args.values.now);
  } catch (error) {
    return usageError(error);
  }

  const { nonce, audience } = args.values;
  if (documentKind(jwt) === 'presentation' && (nonce === undefined || audience === undefined)) {
    return usageError(
      'a presentation needs --nonce and --audience: the nonce you gave the holder and your own identifier',
    );
  }
  let verdict: DocumentVerdict;
  try {
    verdict = await verifyDocument(jwt, bundle, { now, nonce, audience });
  } catch (error) {
    return usageError(error);
  }
  io.stdout(args.values.json ? `${JSON.stringify(verdict, null, 2)}\n` : renderVerdict(verdict));
  return verdict.valid ? 0 : 1;
}

async function batch(dir: string, args: ReturnType<typeof parse>, io: CommandIo): Promise<number> {
  const usageError = (error: unknown) => reportUsageError(error, io);
  let files: string[];
  let bundle: TrustBundle;
  let now: Date | undefined;
  let workers: number;
  try {
    if (args.positionals.length > 0) {
      throw new UsageError(
        `unexpected argument ${args.positionals[0]} (--batch takes a directory)`,
      );
    }
    if ((args.values.nonce === undefined) !== (args.values.audience === undefined)) {
      throw new UsageError('--nonce and --audience go together (for the presentations in DIR)');
    }
    workers =
      args.values.workers === undefined ? defaultThreads() : parseWorkers(args.values.workers);
    bundle = readBundle(args.values.trust, io.env);
    now = args.values.now === undefined ? undefined : parseInstant(args.values.now);
    try {
      files = listCredentialFiles(dir);
    } catch {
      throw new UsageError(`cannot read the directory ${dir}`);
    }
    if (files.length === 0) throw new UsageError(`no files in ${dir}`);
    // Imports the bundle's keys here, so that an unusable key is a usage error, not a
    // failure in every worker.
    await verifyCredential('', bundle);
  } catch (error) {
    return usageError(error);
  }

  let results: FileVerdict[];
  try {
    results = await verifyBatch({
      files,
      bundle,
      now,
      nonce: args.values.nonce,
      audience: args.values.audience,
      threads: workers,
    });
  } catch (error) {
    io.stderr(`verify: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.stdout(args.values.json ? renderJsonLines(results) : renderBatch(dir, results));
  return results.every(({ verdict }) => verdict.valid) ? 0 : 1;
}

function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!/^[0-9]+$/.test(text) || workers < 1 || workers > 256) {
    throw new UsageError(
      `--workers must be a whole number from 1 to 256, got ${JSON.stringify(text)}`,
    );
  }
  return workers;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      batch: { type: 'string' },
      workers: { type: 'string' },
      trust: { type: 'string' },
      now: { type: 'string' },
      nonce: { type: 'string' },
      audience: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}

function readCredential(input: string): string {
  if (JWT.test(input) || PRESENTATION.test(input)) return input;
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${input} (and it is not a JWT)`);
  }
  return credentialFromText(text);
}

function readBundle(option: string | undefined, env: NodeJS.ProcessEnv): TrustBundle {
  const path = option ?? join(readConfig(env).dataDir, 'trust-bundle.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(
      option === undefined
        ? `no --trust given and no trust bundle at ${path}.\n${NO_BUNDLE_HINT}`
        : `cannot read the trust bundle ${path}`,
    );
  }
  try {
    return parseTrustBundle(JSON.parse(text));
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof InvalidTrustBundleError) {
      throw new UsageError(
        `${path} is not a usable trust bundle: ${error.message}\n${NO_BUNDLE_HINT}`,
      );
    }
    throw error;
  }
}

function parseInstant(text: string): Date {
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--now must be an ISO 8601 date-time, got ${JSON.stringify(text)}`);
  }
  return date;
}

/**
 * One line per file — the verdict, the file, and the reason codes or the kind of document
 * (a letter's statement too) and the end of validity — then a count. Names and ID numbers stay out of it (ask --json for them): a list of
 * thousands of files is printed, scrolled and pasted into messages.
 */
function renderBatch(dir: string, results: FileVerdict[]): string {
  const lines = results.map(({ file, verdict }) => batchLine(relative(dir, file), verdict));
  const valid = results.filter(({ verdict }) => verdict.valid).length;
  const invalid = results.length - valid;
  lines.push(
    '',
    `${results.length} ${results.length === 1 ? 'file' : 'files'}: ${valid} valid, ${invalid} not valid.`,
  );
  const onFile = recordsOnFile(results.map(({ verdict }) => verdict));
  if (onFile > 0) {
    lines.push(
      `${onFile} valid ${onFile === 1 ? 'letter states' : 'letters state'} a criminal record on file; verify one alone for its convictions.`,
    );
  }
  if (invalid > 0) {
    lines.push(
      'Do not rely on the documents marked NOT VALID; verify one alone for the reasons in words.',
    );
  }
  return `${lines.join('\n')}\n`;
}

function renderJsonLines(results: FileVerdict[]): string {
  return results.map(({ file, verdict }) => `${JSON.stringify({ file, ...verdict })}\n`).join('');
}

function reportUsageError(error: unknown, io: CommandIo): number {
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`verify: ${message}\nTry --help for usage.\n`);
  return 2;
}
