/**
 * DATA_DIR holds the local stack's personal data and keys, so it is owner-only whatever
 * existed before: directories 0700, files and sockets 0600, and the process umask 077 so
 * that what is created later — LevelDB writes new table files all the time — is born
 * owner-only too. One live server per DATA_DIR (its embedded database allows one).
 */

import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import * as z from 'zod';
import { ISSUER_DID } from '../../domain/credential/claims.ts';

/** Another live process holds this DATA_DIR (its embedded database allows one). */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  readonly code = 'DATA_DIR_IN_USE';
}

/** DATA_DIR holds something this user does not own, so it cannot be made private. */
export class DataDirNotPrivateError extends Error {
  override name = 'DataDirNotPrivateError';
  readonly code = 'DATA_DIR_NOT_PRIVATE';
}

/**
 * Creates DATA_DIR if needed and makes it and everything in it owner-only. Symbolic links
 * are left alone (chmod would follow them out of DATA_DIR); an entry owned by another user
 * stops the start, since it could not be kept private.
 */
export function makeDataDirPrivate(dataDir: string): void {
  // Files created from now on by this process (LevelDB tables, logs, sockets) are 0600/0700.
  // A worker thread may not set the process's umask (tests under Stryker's vitest runner):
  // there the directory's own 0700, set below, keeps them private.
  if (isMainThread) process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const uid = process.getuid?.();
  const pending = [dataDir];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) continue;
    if (uid !== undefined && stat.uid !== uid) {
      throw new DataDirNotPrivateError(`${path} belongs to another user`);
    }
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
      for (const entry of readdirSync(path)) pending.push(join(path, entry));
    } else if ((stat.mode & 0o777) !== 0o600) {
      chmodSync(path, 0o600);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type DataDirLock = {
  /** Tells a server starting meanwhile that this one is on its way out: it may wait. */
  markStopping(): void;
  release(): void;
};

/** How long a starting server waits for one that is stopping (its drain is bounded). */
const STOPPING_HOLDER_WAIT_MS = 30_000;

function readLock(lock: string): { pid: number; stopping: boolean } {
  const [pid = '', state] = readFileSync(lock, 'utf8').split('\n');
  return { pid: Number(pid), stopping: state === 'stopping' };
}

/**
 * One server per DATA_DIR: a pid file, taken over when its process is gone. A holder that
 * is still draining (a restart) is waited for; a running one is an error at once.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const lock = join(dataDir, 'server.pid');
  const deadline = Date.now() + STOPPING_HOLDER_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let holder: { pid: number; stopping: boolean };
    try {
      holder = readLock(lock);
    } catch {
      continue; // removed meanwhile: try again
    }
    if (holder.pid === process.pid || !isAlive(holder.pid)) {
      writeFileSync(lock, String(process.pid), { mode: 0o600 });
      break;
    }
    if (!holder.stopping || Date.now() > deadline) {
      throw new DataDirInUseError(`${dataDir} is in use by process ${holder.pid}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    markStopping: () => writeFileSync(lock, `${process.pid}\nstopping`, { mode: 0o600 }),
    release: () => rmSync(lock, { force: true }),
  };
}

const ISSUER_FILE = 'issuer.json';
const issuerFileSchema = z.strictObject({ did: z.string().regex(ISSUER_DID) });

/**
 * The local issuer's DID, fixed on the first run and kept in DATA_DIR/issuer.json: the
 * credentials issued here name it, so it must not change when the server restarts on
 * another port. The first run's address (`did:web:127.0.0.1%3A3000` for `npm start`) is
 * only its starting value.
 */
export function persistedIssuerDid(dataDir: string, firstRunDid: string): string {
  const path = join(dataDir, ISSUER_FILE);
  try {
    writeFileSync(path, `${JSON.stringify({ did: firstRunDid })}\n`, { flag: 'wx', mode: 0o600 });
    return firstRunDid;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = issuerFileSchema.safeParse(
    (() => {
      try {
        return JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        return undefined;
      }
    })(),
  );
  if (!stored.success) {
    throw new Error(`${path} must be {"did": "did:web:…"}; fix or remove it`);
  }
  return stored.data.did;
}
