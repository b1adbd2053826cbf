/** The server as its own process, exactly as `npm start` runs it; output is kept for inspection. */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';

export type ServerProcess = {
  url: string;
  output: () => string;
  stop: () => Promise<void>;
  /** `kill -9`: no drain, no cleanup. */
  kill: () => Promise<void>;
};

export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const chunks: Buffer[] = [];
  // What an in-process stack of this worker set for its handlers is not the server's.
  const {
    ISSUER_DID: _did,
    ISSUER_BASE_URL: _baseUrl,
    DYNAMODB_ENDPOINT: _endpoint,
    ...inherited
  } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  // What the server logged joins the suite-wide search for test IDs and names (logAudit.ts).
  child.once('exit', () => {
    const dir = process.env.TEST_LOG_DIR;
    if (dir) appendFileSync(join(dir, `server-${child.pid}.log`), output());
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output()}`)));
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(name);
    await exited;
  };
  return { url, output, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
