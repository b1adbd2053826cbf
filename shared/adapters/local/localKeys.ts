/**
 * Local key material under DATA_DIR/keys, created on first run with owner-only modes.
 * It stands in for the KMS keys of a deployment; it never leaves the machine.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const localKeyFiles = {
  recordsKey: 'records.aes256',
  sealedArchiveKey: 'sealed-archive.aes256',
  inquiriesKey: 'inquiries.aes256',
  oversightKey: 'oversight.aes256',
  blindIndexKey: 'blind-index.hmac256',
  devTokenIssuer: 'dev-token-issuer.pem',
} as const;

export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

export function signingKeysDir(dataDir: string): string {
  return join(keysDir(dataDir), 'signing');
}

/** The audit trail's own signing key (checkpoints), apart from the credential keys. */
export function auditKeysDir(dataDir: string): string {
  return join(keysDir(dataDir), 'audit');
}

/** Key IDs of the audit key ring: `audit-1`, … (never `key-<n>`, the credential keys). */
export const FIRST_AUDIT_KEY_ID = 'audit-1';

/**
 * Writes a key file owner-only, never overwriting one that exists: a key that appeared
 * meanwhile (two processes starting at once, an interrupted run) is adopted as it is.
 */
export function writeSecret(path: string, content: Uint8Array | string): void {
  try {
    writeFileSync(path, content, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Creates whatever key material is missing; existing keys are kept as they are. */
export function ensureLocalKeyMaterial(dataDir: string): void {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const file of [
    localKeyFiles.recordsKey,
    localKeyFiles.sealedArchiveKey,
    localKeyFiles.inquiriesKey,
    localKeyFiles.oversightKey,
    localKeyFiles.blindIndexKey,
  ]) {
    const path = join(dir, file);
    if (!existsSync(path)) writeSecret(path, randomBytes(32));
  }
  const issuer = join(dir, localKeyFiles.devTokenIssuer);
  if (!existsSync(issuer)) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    writeSecret(issuer, privateKey.export({ format: 'pem', type: 'pkcs8' }));
  }
}

export function readLocalKey(dataDir: string, file: string): Buffer {
  return readFileSync(join(keysDir(dataDir), file));
}
