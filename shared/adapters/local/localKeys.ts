/**
 * Local key material under DATA_DIR/keys, created on first run with owner-only modes.
 * It stands in for the KMS keys of a deployment (their files are named in
 * shared/definitions/keys.ts) and for the identity providers' signing keys; it never leaves
 * the machine.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type FunctionDefinition, functionDefinitions } from '../../definitions/functions.ts';
import {
  type KeyDefinition,
  keyDefinitions,
  localKeyFileOf,
  type RotatingSigningKeyName,
} from '../../definitions/keys.ts';

/** The local identity providers' token-signing keys: one per provider, as in a deployment. */
export const devTokenIssuerKeyFiles = {
  citizens: 'dev-token-citizens.pem',
  staff: 'dev-token-staff.pem',
} as const;

export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

/**
 * The folder of one kind's signing keys (keys.ts `signedDocumentKinds`): `signing` (the
 * certificate's, as in every earlier version), `letter`, `wallet`, `approval`, `audit`.
 */
export function signingKeysDir(
  dataDir: string,
  keyName: RotatingSigningKeyName | 'auditSigningKey' = 'signingKey',
): string {
  return join(keysDir(dataDir), keyDefinitions[keyName].localFile);
}

/** The audit trail's own signing key (checkpoints), apart from the credential keys. */
export function auditKeysDir(dataDir: string): string {
  return join(keysDir(dataDir), keyDefinitions.auditSigningKey.localFile);
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

/** Every symmetric key file: the shared keys, and each function's own where it declares one. */
function symmetricKeyFiles(): string[] {
  const files: string[] = [];
  for (const [name, definition] of Object.entries(keyDefinitions) as [
    keyof typeof keyDefinitions,
    KeyDefinition,
  ][]) {
    if (definition.kind === 'sign') continue;
    if (!definition.perFunction) files.push(localKeyFileOf(name));
    else {
      for (const fn of functionDefinitions as readonly FunctionDefinition[]) {
        if (name in fn.keys) files.push(localKeyFileOf(name, fn.name));
      }
    }
  }
  return files;
}

/** Creates whatever key material is missing; existing keys are kept as they are. */
export function ensureLocalKeyMaterial(dataDir: string): void {
  const dir = keysDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const file of symmetricKeyFiles()) {
    const path = join(dir, file);
    if (!existsSync(path)) writeSecret(path, randomBytes(32));
  }
  for (const file of Object.values(devTokenIssuerKeyFiles)) {
    const path = join(dir, file);
    if (!existsSync(path)) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      writeSecret(path, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    }
  }
}

export function readLocalKey(dataDir: string, file: string): Buffer {
  return readFileSync(join(keysDir(dataDir), file));
}
