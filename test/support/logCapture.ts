/**
 * Runs in every test worker: everything the process writes to stdout/stderr is also
 * appended to a file under TEST_LOG_DIR, and structured log and metric lines (Powertools
 * JSON) are kept out of the terminal. `logAudit.ts` searches those files after the suite.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

const CAPTURED = Symbol.for('sealed-records.log-capture');
const dir = process.env.TEST_LOG_DIR;

type Write = typeof process.stdout.write;

function capture(stream: NodeJS.WriteStream, file: string): void {
  const original = stream.write.bind(stream) as Write;
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    appendFileSync(file, chunk);
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (/^\{"(level|_aws)"/.test(text)) return true;
    return (original as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as Write;
}

const state = globalThis as { [CAPTURED]?: boolean };
if (dir && !state[CAPTURED]) {
  state[CAPTURED] = true;
  capture(process.stdout, join(dir, `${process.pid}.stdout.log`));
  capture(process.stderr, join(dir, `${process.pid}.stderr.log`));
}
