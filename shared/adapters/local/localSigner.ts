/**
 * Local stand-in for the KMS signing key: P-256 private keys in PEM files, one per key ID,
 * plus `keys.json` naming the active key and the retired ones:
 *
 * ```
 * <dir>/key-1.pem  <dir>/key-2.pem  <dir>/keys.json  {"active":"key-2","retired":["key-1"]}
 * ```
 *
 * Signatures are ECDSA P-256 with SHA-256, DER-encoded exactly as KMS `Sign` returns them, so
 * the credential module runs the same DER → JOSE path locally.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { type SignedDocumentKind, signedDocumentKinds } from '../../definitions/keys.ts';
import type { PublicKeySource, PublishedKey, Signer } from '../../ports/signer.ts';
import { signingKeysDir, writeSecret } from './localKeys.ts';

/** The local key directory is missing, unreadable or inconsistent. */
export class LocalSigningKeyError extends Error {
  override name = 'LocalSigningKeyError';
}

const keyIdSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);
const keyRingSchema = z.strictObject({
  active: keyIdSchema,
  retired: z.array(keyIdSchema),
});
/** Contents of `<dir>/keys.json`. */
export type LocalKeyRing = z.infer<typeof keyRingSchema>;

const KEY_RING_FILE = 'keys.json';
const FIRST_KEY_ID = 'key-1';

/** ECDSA P-256 with SHA-256 through node:crypto (OpenSSL), the key kept as a `KeyObject`. */
export class LocalFileSigner implements Signer {
  readonly keyId: string;
  readonly #privateKey: KeyObject;

  constructor(keyId: string, privateKeyPem: string) {
    this.keyId = keyId;
    this.#privateKey = p256PrivateKey(privateKeyPem, keyId);
  }

  /** The signer for the active key of a key directory. */
  static fromDirectory(dir: string): LocalFileSigner {
    const { active } = readKeyRing(dir);
    return new LocalFileSigner(active, readFileSync(keyFile(dir, active), 'utf8'));
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return sign('sha256', message, { key: this.#privateKey, dsaEncoding: 'der' });
  }
}

/** Public halves of every key in the directory, active first; read afresh on each call. */
export class LocalKeyPublicKeySource implements PublicKeySource {
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  async listKeys(): Promise<PublishedKey[]> {
    const { active, retired } = readKeyRing(this.dir);
    const entries = [
      { keyId: active, status: 'active' as const },
      ...retired.map((keyId) => ({ keyId, status: 'retired' as const })),
    ];
    return Promise.all(
      entries.map(async ({ keyId, status }) => {
        const pem = await readFile(keyFile(this.dir, keyId), 'utf8');
        const { x, y } = jwkOf(createPublicKey(p256PrivateKey(pem, keyId)));
        if (x === undefined || y === undefined) {
          throw new LocalSigningKeyError(`${keyId} has no public point`);
        }
        return { keyId, status, publicKeyJwk: { kty: 'EC', crv: 'P-256', x, y } };
      }),
    );
  }
}

/**
 * Creates `key-1` (file mode 0600, directory 0700) unless the directory already has a key
 * ring; returns the key ring. Safe against two processes starting at once.
 */
export function ensureLocalSigningKey(dir: string, firstKeyId = FIRST_KEY_ID): LocalKeyRing {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const existing = tryReadKeyRing(dir);
  if (existing !== undefined) return existing;
  writeNewKey(dir, firstKeyId);
  const ring = { active: firstKeyId, retired: [] };
  writeKeyRing(dir, ring);
  return ring;
}

/**
 * Every kind's key folder under DATA_DIR (keys.ts `signedDocumentKinds`), each with its first
 * key unless it has a key ring. A DATA_DIR made before each kind had its own key keeps its
 * `signing` folder as the certificate's keys; the other kinds' folders are created empty
 * of history: letters and wallet credentials signed before by a certificate key no longer
 * verify as such (DESIGN.md invariant 10).
 */
export function ensureLocalSigningKeys(dataDir: string): void {
  for (const kind of Object.keys(signedDocumentKinds) as SignedDocumentKind[]) {
    const { keyName, keyIdPrefix } = signedDocumentKinds[kind];
    ensureLocalSigningKey(signingKeysDir(dataDir, keyName), `${keyIdPrefix}-1`);
  }
}

/**
 * Creates the next `<prefix>-<n>` (the prefix of the active key's ID: `key`, `letter`, …),
 * makes it active and retires the previously active key.
 */
export function rotateLocalSigningKey(dir: string, firstKeyId = FIRST_KEY_ID): LocalKeyRing {
  const { active, retired } = ensureLocalSigningKey(dir, firstKeyId);
  const prefix = /^(.*)-[0-9]+$/.exec(active)?.[1] ?? 'key';
  const numbers = [active, ...retired].map((id) =>
    id.startsWith(`${prefix}-`) ? Number(/-([0-9]+)$/.exec(id)?.[1] ?? 0) : 0,
  );
  const next = `${prefix}-${Math.max(...numbers) + 1}`;
  writeNewKey(dir, next);
  const ring = { active: next, retired: [active, ...retired] };
  writeKeyRing(dir, ring);
  return ring;
}

function keyFile(dir: string, keyId: string): string {
  return join(dir, `${keyIdSchema.parse(keyId)}.pem`);
}

function writeNewKey(dir: string, keyId: string): void {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeSecret(keyFile(dir, keyId), privateKey.export({ format: 'pem', type: 'pkcs8' }));
}

function writeKeyRing(dir: string, ring: LocalKeyRing): void {
  // Write-then-rename so a reader never sees a half-written key ring.
  const temporary = join(dir, `${KEY_RING_FILE}.${process.pid}.tmp`);
  writeFileSync(temporary, `${JSON.stringify(ring, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, join(dir, KEY_RING_FILE));
}

function tryReadKeyRing(dir: string): LocalKeyRing | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, KEY_RING_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new LocalSigningKeyError(`${KEY_RING_FILE} is not valid JSON`, { cause });
  }
  const parsed = keyRingSchema.safeParse(json);
  if (!parsed.success) {
    throw new LocalSigningKeyError(`${KEY_RING_FILE} is not {"active": …, "retired": […]}`);
  }
  return parsed.data;
}

function readKeyRing(dir: string): LocalKeyRing {
  const ring = tryReadKeyRing(dir);
  if (ring === undefined) {
    throw new LocalSigningKeyError(`no ${KEY_RING_FILE} in the signing key directory`);
  }
  return ring;
}

function p256PrivateKey(pem: string, keyId: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new LocalSigningKeyError(`${keyId} is not a P-256 private key`);
  }
  return key;
}

function jwkOf(key: KeyObject): { d?: string; x?: string; y?: string } {
  return key.export({ format: 'jwk' });
}
