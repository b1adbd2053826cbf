/** The server as its own process, exactly as `npm start` runs it; output is kept for inspection. */
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { environmentVariables as v } from '#shared/definitions/environment.ts';
import { markStackStarted } from './logAudit.ts';

export type ServerProcess = {
  url: string;
  pid: number;
  output: () => string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop: () => Promise<void>;
  /** `kill -9`: no drain, no cleanup. */
  kill: () => Promise<void>;
};

export type StartingServer = Omit<ServerProcess, 'url'> & {
  /** Resolves with the URL once the server reports it is listening (and ready). */
  ready: Promise<string>;
};

/**
 * Starts the server without waiting for it: for tests that watch it start. `viaNpm`: as
 * `npm start` (the PID is npm's), else the very command `npm start` runs.
 */
export function launchServer(
  dataDir: string,
  env: Record<string, string> = {},
  options: { viaNpm?: boolean } = {},
): StartingServer {
  const chunks: Buffer[] = [];
  // What an in-process stack of this worker set for its handlers is not the server's.
  const inherited = { ...process.env };
  for (const variable of [v.issuerDid, v.issuerBaseUrl, v.dynamodbEndpoint]) {
    delete inherited[variable.name];
  }
  const [command, args] = options.viaNpm
    ? ['npm', ['start']]
    : [process.execPath, ['scripts/start.ts']];
  const child = spawn(command, args, {
    env: { ...inherited, [v.dataDir.name]: dataDir, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  markStackStarted();
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  // What the server logged joins the suite-wide search for test IDs and names (logAudit.ts).
  exited.then(() => {
    const dir = process.env.TEST_LOG_DIR;
    if (dir) appendFileSync(join(dir, `server-${child.pid}.log`), output());
  });
  const ready = new Promise<string>((resolve, reject) => {
    // A loaded machine can take a minute to start a server (bundling the citizen page, the
    // embedded database); a server that never starts still fails.
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output()}`)), 90_000);
    exited.then((code) => reject(new Error(`server exited with ${code}:\n${output()}`)));
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  ready.catch(() => undefined);
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(name);
    await exited;
  };
  return {
    pid: child.pid ?? -1,
    output,
    exited,
    ready,
    stop: () => signal('SIGTERM'),
    kill: () => signal('SIGKILL'),
  };
}

export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const server = launchServer(dataDir, env);
  const url = await server.ready;
  return { ...server, url };
}
