/**
 * The thread the embedded DynamoDB runs in (started by dynalite.ts): dynalite listening on
 * the Unix socket it is given, until the parent asks it to close. Plain, erasable
 * TypeScript with relative imports: Node runs it as it is, stripping the types itself.
 */
import { chmodSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import dynalite from 'dynalite';
import './levelIterators.ts';

type Options = { path?: string; socketPath: string };
const { path, socketPath } = workerData as Options;

const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.once('error', (error: Error) => parentPort?.postMessage({ error: error.message }));
server.listen(socketPath, () => {
  chmodSync(socketPath, 0o600);
  parentPort?.postMessage({ listening: true });
});
parentPort?.on('message', (message: { close?: boolean }) => {
  if (message.close) server.close(() => parentPort?.postMessage({ closed: true }));
});
