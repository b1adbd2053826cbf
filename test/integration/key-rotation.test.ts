/**
 * Key rotation end to end, as an operator does it: a credential is issued, the signing key
 * is rotated and the server restarted, a second credential is issued; the DID document then
 * lists both keys, the new one signs, and both credentials verify offline against the
 * fresh trust bundle — while a bundle pinned before rotation rejects the new credential.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { parseTrustBundle } from '#shared/domain/credential/didDocument.ts';
import { verifyCredential } from '#shared/domain/credential/verifyCredential.ts';
import { syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';
import { spawnServer } from '../support/server.ts';

async function issue(url: string, token: string): Promise<string> {
  const response = await fetch(`${url}/v1/certificates`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ purpose: 'education' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { credential: string }).credential;
}

describe('signing key rotation', () => {
  it('keeps old credentials verifiable and signs new ones with the new key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-rotation-'));
    const person = syntheticPerson();
    // A fixed port: the issuer DID (did:web:127.0.0.1%3A<port>) must survive the restart.
    const env = { PORT: String(20_000 + Math.floor(Math.random() * 20_000)) };

    const before = await spawnServer(dataDir, env);
    const citizen = await issueDevToken(dataDir, {
      role: 'citizen',
      nationalId: person.nationalId,
      name: person.name,
    });
    const oldCredential = await issue(before.url, citizen);
    const oldBundle = parseTrustBundle(await (await fetch(`${before.url}/v1/trust-bundle`)).json());
    await before.stop();

    const output = execFileSync(process.execPath, ['scripts/rotate-signing-key.ts'], {
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(output).toContain('Active certificate signing key: key-2; retired: key-1');
    // Each kind rotates on its own: the letters' keys, not the certificate's.
    const letters = execFileSync(
      process.execPath,
      ['scripts/rotate-signing-key.ts', '--kind', 'letter'],
      { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' },
    );
    expect(letters).toContain('Active letter signing key: letter-2; retired: letter-1');

    const after = await spawnServer(dataDir, env);
    try {
      const newCredential = await issue(after.url, citizen);
      const did = await (await fetch(`${after.url}/.well-known/did.json`)).json();
      const bundle = parseTrustBundle(await (await fetch(`${after.url}/v1/trust-bundle`)).json());

      expect(did.certificateMethod).toEqual([`${did.id}#key-2`, `${did.id}#key-1`]);
      expect(did.letterMethod).toEqual([`${did.id}#letter-2`, `${did.id}#letter-1`]);
      expect(did.walletCredentialMethod).toEqual([`${did.id}#wallet-1`]);
      expect(did.approvalMethod).toEqual([`${did.id}#approval-1`]);
      expect(did.assertionMethod).toEqual([
        ...did.certificateMethod,
        ...did.letterMethod,
        ...did.walletCredentialMethod,
      ]);
      expect(decodeJwt(oldCredential).header.kid).toBe(`${did.id}#key-1`);
      expect(decodeJwt(newCredential).header.kid).toBe(`${did.id}#key-2`);
      expect((await verifyCredential(oldCredential, bundle)).valid).toBe(true);
      expect((await verifyCredential(newCredential, bundle)).valid).toBe(true);

      const stale = await verifyCredential(newCredential, oldBundle);
      expect(stale.valid).toBe(false);
      expect(stale.reasons.map((r) => r.code)).toContain('unknown-key');
    } finally {
      await after.stop();
    }
  });
});
