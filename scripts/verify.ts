/**
 * `npm run --silent verify -- FILE_OR_JWT [--trust BUNDLE.json] [--now ISO] [--json]
 *   [--nonce N --audience A]`
 * `npm run --silent verify -- --batch DIR [--workers N] [--trust BUNDLE.json] [--now ISO] [--json]
 *   [--nonce N --audience A]`
 *
 * Verifies any of the issuer's signed documents offline against a pinned trust bundle — a
 * no-criminal-record certificate, an inquiry result letter, or a wallet's presentation — and
 * prints the verdict; with `--batch`, every file in a directory, on worker threads, with one
 * line per file. Exit 0 valid (all valid), 1 not valid (any), 2 usage error. Never touches the
 * network.
 */
import { verifyCommand } from './verifyCommand.ts';

process.exitCode = await verifyCommand(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
