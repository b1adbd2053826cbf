/**
 * The local stack keeps to itself: DATA_DIR and everything in it owner-only, even when the
 * directory existed beforehand with looser modes, database files included; the embedded
 * DynamoDB reachable through an owner-only Unix socket, with no TCP port besides the API's;
 * dev tokens checked by the API's own Lambda authorizer, as strictly as in AWS; an issuer DID that stays
 * the same when the server restarts on another port.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { calculateJwkThumbprint, importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devTokenIssuers, issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';
import { listeningSockets } from '../support/listeningSockets.ts';
import { type ServerProcess, spawnServer } from '../support/server.ts';

/** Every path under `root` whose mode is not 0700 (directories) or 0600 (anything else). */
function notOwnerOnly(root: string): string[] {
  const offenders: string[] = [];
  const pending = [root];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    const stat = lstatSync(path);
    const mode = stat.mode & 0o777;
    if (stat.isDirectory()) {
      if (mode !== 0o700) offenders.push(`${path} ${mode.toString(8)}`);
      for (const entry of readdirSync(path)) pending.push(join(path, entry));
    } else if (mode !== 0o600) {
      offenders.push(`${path} ${mode.toString(8)}`);
    }
  }
  return offenders;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

async function postJson(url: string, token: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const base = mkdtempSync(join(tmpdir(), 'sealed-records-private-'));
const dataDir = join(base, 'data');
let server: ServerProcess;
let citizen: Person;

beforeAll(async () => {
  // A DATA_DIR someone made by hand, readable by everyone.
  mkdirSync(join(dataDir, 'notes'), { recursive: true });
  writeFileSync(join(dataDir, 'notes', 'readme.txt'), 'local notes\n', { mode: 0o644 });
  chmodSync(join(dataDir, 'notes'), 0o755);
  chmodSync(dataDir, 0o755);
  expect(lstatSync(dataDir).mode & 0o777).toBe(0o755);

  server = await spawnServer(dataDir);
  const court = await issueDevToken(dataDir, { role: 'court', org: 'court-private' });
  const created = await postJson(
    `${server.url}/v1/records`,
    court,
    judgment({ person: syntheticPerson(), offenceDate: '2021-06-01' }),
  );
  expect(created.status, created.text).toBe(201);
  citizen = syntheticPerson();
});
afterAll(async () => server?.stop());

describe('DATA_DIR', () => {
  it('is owner-only throughout while the server runs, database files included', () => {
    const database = filesUnder(join(dataDir, 'dynamodb'));
    expect(database.length).toBeGreaterThanOrEqual(3); // LevelDB: CURRENT, LOCK, MANIFEST, logs…
    expect(filesUnder(join(dataDir, 'keys')).length).toBeGreaterThanOrEqual(4);
    expect(notOwnerOnly(dataDir)).toEqual([]);
  });
});

describe.skipIf(process.platform !== 'linux')('listening sockets', () => {
  it('are the API port and one owner-only Unix socket inside DATA_DIR', () => {
    const { tcpPorts, unixPaths } = listeningSockets(server.pid);
    expect(tcpPorts).toEqual([Number(new URL(server.url).port)]);
    expect(unixPaths).toHaveLength(1);
    const [socket] = unixPaths;
    expect(socket?.startsWith(`${dataDir}/`)).toBe(true);
    expect(lstatSync(socket ?? '').mode & 0o777).toBe(0o600);
  });
});

describe.skipIf(process.platform !== 'linux')('a DATA_DIR too deep for a socket path', () => {
  it('puts the socket in a private temporary directory instead', async () => {
    const deep = join(base, 'd'.repeat(60), 'e'.repeat(60));
    const other = await spawnServer(deep);
    try {
      const { tcpPorts, unixPaths } = listeningSockets(other.pid);
      expect(tcpPorts).toEqual([Number(new URL(other.url).port)]);
      expect(unixPaths).toHaveLength(1);
      const socket = unixPaths[0] ?? '';
      expect(socket.startsWith(deep)).toBe(false);
      expect(lstatSync(socket).mode & 0o777).toBe(0o600);
      expect(lstatSync(dirname(socket)).mode & 0o777).toBe(0o700);
      expect((await fetch(`${other.url}/v1/trust-bundle`)).status).toBe(200);
    } finally {
      await other.stop();
    }
    expect(notOwnerOnly(deep)).toEqual([]);
  });
});

describe('dev tokens', () => {
  const pem = (provider: 'citizens' | 'staff' = 'citizens') =>
    readFileSync(join(dataDir, 'keys', `dev-token-${provider}.pem`), 'utf8');

  async function token(
    options: {
      kid?: string | null;
      exp?: number | null;
      iat?: number | null;
      key?: string;
      issuer?: string;
      audience?: string;
      role?: string;
    } = {},
  ): Promise<string> {
    const key = await importPKCS8(options.key ?? pem(), 'ES256');
    const now = Math.floor(Date.now() / 1000);
    const kid =
      options.kid === undefined
        ? await calculateJwkThumbprint(createPublicKey(pem()).export({ format: 'jwk' }) as never)
        : options.kid;
    const claims: Record<string, unknown> = {
      national_id: citizen.nationalId,
      name: citizen.name,
      ...(options.role ? { role: options.role } : {}),
    };
    if (options.exp !== null) claims.exp = options.exp ?? now + 600;
    if (options.iat !== null) claims.iat = options.iat ?? now;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', ...(kid === null ? {} : { kid }) })
      .setIssuer(options.issuer ?? devTokenIssuers.citizens.issuer)
      .setAudience(options.audience ?? devTokenIssuers.citizens.audience)
      .setSubject(`citizen-${randomUUID()}`)
      .sign(key);
  }

  const certificate = async (bearer: string) =>
    postJson(`${server.url}/v1/certificates`, bearer, { purpose: 'employment' });

  it('accepts a well-formed token (the cases below differ from it in one thing)', async () => {
    const response = await certificate(await token());
    expect(response.status, response.text).toBe(201);
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['without exp', () => token({ exp: null })],
    ['expired', () => token({ exp: now() - 5 })],
    ['without iat', () => token({ iat: null })],
    ['issued in the future', () => token({ iat: now() + 120 })],
    ['with an unknown kid', () => token({ kid: 'another-key' })],
    ['without a kid', () => token({ kid: null })],
    ['with the staff audience', () => token({ audience: devTokenIssuers.staff.audience })],
    ["signed with the staff provider's key", () => token({ key: pem('staff') })],
    [
      'from the staff provider claiming the citizen role',
      async () =>
        token({
          key: pem('staff'),
          kid: await calculateJwkThumbprint(
            createPublicKey(pem('staff')).export({ format: 'jwk' }) as never,
          ),
          issuer: devTokenIssuers.staff.issuer,
          audience: devTokenIssuers.staff.audience,
          role: 'citizen',
        }),
    ],
  ])('refuses a token %s with 401', async (_name, make) => {
    const response = await certificate(await make());
    expect(response.status, response.text).toBe(401);
    expect(JSON.parse(response.text)).toMatchObject({ status: 401, code: 'unauthorized' });
  });
});

describe('issuer DID', () => {
  it('survives a restart on another port; ISSUER_DID overrides it without replacing it', async () => {
    const didOf = async (url: string) =>
      ((await (await fetch(`${url}/.well-known/did.json`)).json()) as { id: string }).id;
    const first = await didOf(server.url);
    const firstPort = new URL(server.url).port;
    await server.stop();

    server = await spawnServer(dataDir);
    expect(new URL(server.url).port).not.toBe(firstPort);
    expect(await didOf(server.url)).toBe(first);
    await server.stop();

    server = await spawnServer(dataDir, { ISSUER_DID: 'did:web:records.example.gov.cn' });
    expect(await didOf(server.url)).toBe('did:web:records.example.gov.cn');
    await server.stop();

    server = await spawnServer(dataDir);
    expect(await didOf(server.url)).toBe(first);
    // Still owner-only after restarts (the database rewrote files meanwhile).
    expect(notOwnerOnly(dataDir)).toEqual([]);
  });
});
