/**
 * Ready means ready, and stopping is orderly: while the server starts, every request gets
 * 503 with `Retry-After` (never a 404 a client would take as final); `beforeReady` hooks
 * run before the first request is served; on SIGTERM the server stops accepting, finishes
 * the requests in flight, runs its `onShutdown` hooks and exits 0.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { ensureLocalKeyMaterial } from '#shared/adapters/local/localKeys.ts';
import { startLocalStack } from '#shared/adapters/local/localStack.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { launchServer, spawnServer } from '../support/server.ts';

const freePort = () => 20_000 + Math.floor(Math.random() * 20_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Seen = { status: number; retryAfter: string | null; contentType: string | null };

/** One request; `undefined` when nothing listens yet (connection refused). */
async function poll(url: string, init?: RequestInit): Promise<Seen | undefined> {
  try {
    const response = await fetch(url, init);
    await response.arrayBuffer();
    return {
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      contentType: response.headers.get('content-type'),
    };
  } catch {
    return undefined;
  }
}

/**
 * Starts a POST whose headers reach the server (it answers `100 Continue`) but whose body
 * is held back until `send()`: a request deterministically in flight.
 */
function requestInFlight(url: string, token: string, body: unknown) {
  const payload = JSON.stringify(body);
  const request = httpRequest(`${url}/v1/records`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      expect: '100-continue',
    },
  });
  const started = new Promise<void>((resolve) => request.once('continue', () => resolve()));
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (message: IncomingMessage) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.on('end', () =>
        resolve({ status: message.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
  });
  return { started, send: () => request.end(payload), response };
}

/** Resolves once a new TCP connection to the port is refused. */
async function untilRefused(port: number): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await sleep(25);
  }
  throw new Error(`port ${port} still accepts connections`);
}

describe('starting', () => {
  it('answers 503 with Retry-After until ready, never 404', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-ready-'));
    ensureLocalKeyMaterial(dataDir); // so that a token exists before the server does
    const court = await issueDevToken(dataDir, { role: 'court', org: 'court-ready' });
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = launchServer(dataDir, { PORT: String(port) });
    let ready = false;
    server.ready.then(() => {
      ready = true;
    });
    const seen: Seen[] = [];
    let refused = 0;
    try {
      while (!ready) {
        const [document, submission] = await Promise.all([
          poll(`${base}/v1/trust-bundle`),
          poll(`${base}/v1/records`, {
            method: 'POST',
            headers: { authorization: `Bearer ${court}`, 'content-type': 'application/json' },
            body: JSON.stringify(
              judgment({ person: syntheticPerson(), offenceDate: '2021-06-01' }),
            ),
          }),
        ]);
        for (const answer of [document, submission]) {
          if (answer === undefined) refused += 1;
          else if (!ready) seen.push(answer);
        }
        await sleep(10);
      }
      await server.ready;

      expect(seen.map((s) => s.status)).not.toContain(404);
      // The window was observed: the server listened before it was ready…
      expect(seen.filter((s) => s.status === 503).length).toBeGreaterThan(0);
      // …and everything it answered before it was ready was a 503 problem with Retry-After.
      for (const answer of seen.filter((s) => s.status !== 200 && s.status !== 201)) {
        expect(answer).toEqual({
          status: 503,
          retryAfter: '1',
          contentType: 'application/problem+json',
        });
      }
      expect(refused + seen.length).toBeGreaterThan(0);
      expect((await poll(`${base}/v1/trust-bundle`))?.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  it('waits for beforeReady hooks, and on close for requests in flight before onShutdown', async () => {
    // One in-process stack per test file: handler modules (and their configuration) are
    // loaded once per process, as on Lambda.
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-hooks-'));
    const port = freePort();
    const events: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let hookStarted: () => void = () => undefined;
    const hookRunning = new Promise<void>((resolve) => {
      hookStarted = resolve;
    });
    const starting = startLocalStack({
      dataDir,
      port,
      inMemory: true,
      beforeReady: [
        async () => {
          hookStarted();
          await held;
          events.push('beforeReady');
        },
      ],
      onShutdown: [() => void events.push('onShutdown')],
    });
    await hookRunning;
    // The hook holds the start: the server listens, every route answers 503.
    expect((await poll(`http://127.0.0.1:${port}/v1/trust-bundle`))?.status).toBe(503);
    release();
    const stack = await starting;
    expect(events).toEqual(['beforeReady']);
    expect((await poll(`${stack.url}/v1/trust-bundle`))?.status).toBe(200);

    const court = await issueDevToken(dataDir, { role: 'court', org: 'court-hooks' });
    const inFlight = requestInFlight(
      stack.url,
      court,
      judgment({ person: syntheticPerson(), offenceDate: '2021-06-01' }),
    );
    await inFlight.started;
    const closed = stack.close().then(() => events.push('closed'));
    await sleep(100);
    expect(events).toEqual(['beforeReady']);

    events.push('body sent');
    inFlight.send();
    // Completed, not cut off by the close; the hook ran only after the request could finish.
    const response = await inFlight.response;
    expect(response.status, response.text).toBe(201);
    await closed;
    expect(events).toEqual(['beforeReady', 'body sent', 'onShutdown', 'closed']);
  });
});

describe('stopping', () => {
  it('finishes a request in flight on SIGTERM, refuses new connections, exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-drain-'));
    const port = freePort();
    const server = await spawnServer(dataDir, { PORT: String(port) });
    const court = await issueDevToken(dataDir, { role: 'court', org: 'court-drain' });
    const inFlight = requestInFlight(
      server.url,
      court,
      judgment({ person: syntheticPerson(), offenceDate: '2021-06-01' }),
    );
    await inFlight.started;

    process.kill(server.pid, 'SIGTERM');
    await untilRefused(port);
    inFlight.send();

    const response = await inFlight.response;
    expect(response.status, response.text).toBe(201);
    expect(await server.exited).toBe(0);
  });

  it('stops when `npm start` gets SIGTERM (npm does not pass it on)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-npm-'));
    const npm = launchServer(dataDir, {}, { viaNpm: true });
    const url = await npm.ready;
    expect((await fetch(`${url}/v1/trust-bundle`)).status).toBe(200);
    // The server's own process, not npm's: the one holding the DATA_DIR.
    const server = Number(readFileSync(join(dataDir, 'server.pid'), 'utf8').split('\n')[0]);
    expect(server).not.toBe(npm.pid);
    await npm.stop();
    const alive = () => {
      try {
        process.kill(server, 0);
        return true;
      } catch {
        return false;
      }
    };
    for (let waited = 0; alive() && waited < 20_000; waited += 100) await sleep(100);
    const leftBehind = alive();
    if (leftBehind) process.kill(server, 'SIGKILL');
    expect(leftBehind).toBe(false);
    // Stopped cleanly: the DATA_DIR lock was released.
    expect(existsSync(join(dataDir, 'server.pid'))).toBe(false);
  });

  it('a restart on the same DATA_DIR and port waits for the old server to drain; no 404 meanwhile', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-restart-'));
    const port = freePort();
    const base = `http://127.0.0.1:${port}`;
    const old = await spawnServer(dataDir, { PORT: String(port) });
    const court = await issueDevToken(dataDir, { role: 'court', org: 'court-restart' });
    const inFlight = requestInFlight(
      old.url,
      court,
      judgment({ person: syntheticPerson(), offenceDate: '2021-06-01' }),
    );
    await inFlight.started;
    process.kill(old.pid, 'SIGTERM');
    await untilRefused(port);
    const next = launchServer(dataDir, { PORT: String(port) });
    try {
      let ready = false;
      next.ready.then(
        () => {
          ready = true;
        },
        () => {
          ready = true; // failed to start: `await next.ready` below says why
        },
      );
      const seen: number[] = [];
      // The old server still drains (its request waits for a body): the new one must wait.
      for (let i = 0; i < 20; i += 1) {
        const answer = await poll(`${base}/v1/trust-bundle`);
        if (answer) seen.push(answer.status);
        await sleep(50);
      }
      expect(ready).toBe(false);
      inFlight.send();
      expect((await inFlight.response).status).toBe(201);
      expect(await old.exited).toBe(0);
      while (!ready) {
        const answer = await poll(`${base}/v1/trust-bundle`);
        if (answer) seen.push(answer.status);
        await sleep(20);
      }
      await next.ready;
      expect(seen).not.toContain(404);
      expect((await poll(`${base}/v1/trust-bundle`))?.status).toBe(200);
    } finally {
      await next.stop();
    }
  });

  it('a second server on a DATA_DIR in use fails at once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-twice-'));
    const first = await spawnServer(dataDir);
    try {
      const second = launchServer(dataDir);
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain('in use by another server');
    } finally {
      await first.stop();
    }
  });
});
