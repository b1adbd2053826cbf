/**
 * Wallet grants (OpenID4VCI 1.0 §§4, 6, 7): bearer secrets stored only as a hash, and what a
 * grant stands for sealed under a key only the secret's holder can derive — so a pending
 * offer, which names the person, is unreadable to whoever reads the table.
 */

import { createDecipheriv, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  type GrantState,
  grantKeyOf,
  grantStateSchema,
  newGrantSecret,
  openGrantState,
  sealGrantState,
} from '#shared/domain/wallet/grants.ts';
import { IntegrityError } from '#shared/errors.ts';

const state: GrantState = {
  applicationId: '0b7e8f8e-3c1a-4d55-9e7a-2f4f2b8a9c11',
  blindIndex: 'person-index',
  year: 2026,
  name: '测试甲乙',
  nationalIdMasked: '990001********0017',
  purpose: 'employment',
  justified: false,
  actor: { subject: 'citizen-1', role: 'citizen', organisation: '' },
};

describe('newGrantSecret', () => {
  it('is 256 random bits, base64url (43 characters), never the same twice', () => {
    const secrets = new Set(Array.from({ length: 50 }, newGrantSecret));
    expect(secrets.size).toBe(50);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('grantKeyOf: the only form a secret is stored in', () => {
  it('is `<kind>#<base64url SHA-256>`, and never contains the secret', () => {
    const secret = newGrantSecret();
    const key = grantKeyOf('offer', secret);
    expect(key).toMatch(/^offer#[A-Za-z0-9_-]{43}$/);
    expect(key).not.toContain(secret);
    expect(grantKeyOf('offer', secret)).toBe(key);
  });

  it('differs for another secret, and for the same secret of another kind', () => {
    const secret = newGrantSecret();
    expect(grantKeyOf('offer', secret)).not.toBe(grantKeyOf('offer', newGrantSecret()));
    const hashes = (['offer', 'token', 'nonce'] as const).map(
      (kind) => grantKeyOf(kind, secret).split('#')[1],
    );
    expect(new Set(hashes).size).toBe(3);
  });
});

describe('sealGrantState / openGrantState (AES-256-GCM, key by HKDF from the secret)', () => {
  it('opens for the holder of the secret, as the schema reads it', () => {
    const secret = newGrantSecret();
    const sealed = sealGrantState('offer', secret, state);
    expect(openGrantState('offer', secret, sealed, grantStateSchema)).toEqual(state);
  });

  it('never holds the state in the clear, and seals twice to different bytes (fresh IV)', () => {
    const secret = newGrantSecret();
    const first = sealGrantState('offer', secret, state);
    const second = sealGrantState('offer', secret, state);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(false);
    expect(Buffer.from(first).toString('utf8')).not.toContain('person-index');
    // iv (12) ‖ ciphertext ‖ tag (16)
    expect(first.length).toBe(12 + Buffer.byteLength(JSON.stringify(state)) + 16);
  });

  it('is AES-256-GCM under HKDF-SHA-256(secret, info `wallet-grant:<kind>`), bound to the grant key', () => {
    // The documented construction, decrypted independently: a state sealed before a deploy
    // must still open after it.
    const secret = newGrantSecret();
    const sealed = Buffer.from(sealGrantState('token', secret, state));
    const key = Buffer.from(
      hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), 'wallet-grant:token', 32),
    );
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(grantKeyOf('token', secret)));
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(12, sealed.length - 16)),
      decipher.final(),
    ]);
    expect(JSON.parse(plain.toString('utf8'))).toEqual(state);
  });

  it('keeps the cause when a state cannot be opened', () => {
    const sealed = sealGrantState('offer', newGrantSecret(), state);
    try {
      openGrantState('offer', newGrantSecret(), sealed, grantStateSchema);
    } catch (error) {
      expect((error as Error).cause).toBeInstanceOf(Error);
    }
    expect.assertions(1);
  });

  it('refuses another secret, another kind, a changed byte — IntegrityError each', () => {
    const secret = newGrantSecret();
    const sealed = sealGrantState('offer', secret, state);
    const open = (kind: 'offer' | 'token', key: string, bytes: Uint8Array) => () =>
      openGrantState(kind, key, bytes, grantStateSchema);
    expect(open('offer', newGrantSecret(), sealed)).toThrow(IntegrityError);
    expect(open('token', secret, sealed)).toThrow(IntegrityError);
    for (const at of [0, 20, sealed.length - 1]) {
      const changed = Uint8Array.from(sealed);
      changed[at] = (changed[at] ?? 0) ^ 1;
      expect(open('offer', secret, changed)).toThrow(IntegrityError);
    }
  });

  it('refuses what is too short to hold an IV and a tag', () => {
    const secret = newGrantSecret();
    expect(() => openGrantState('offer', secret, new Uint8Array(27), grantStateSchema)).toThrow(
      new IntegrityError('sealed grant too short'),
    );
    expect(() => openGrantState('offer', secret, new Uint8Array(28), grantStateSchema)).toThrow(
      new IntegrityError('sealed grant could not be opened'),
    );
  });

  it('refuses a state of another shape', () => {
    const secret = newGrantSecret();
    const sealed = sealGrantState('token', secret, { ...state, extra: true });
    expect(() => openGrantState('token', secret, sealed, grantStateSchema)).toThrow(
      new IntegrityError('sealed grant has an unexpected shape'),
    );
    const other = sealGrantState('nonce', secret, { used: false });
    expect(openGrantState('nonce', secret, other, z.object({ used: z.boolean() }))).toEqual({
      used: false,
    });
  });
});

describe('grantStateSchema', () => {
  it.each([
    ['applicationId', 'not-a-uuid'],
    ['blindIndex', ''],
    ['year', 2026.5],
    ['name', ''],
    ['nationalIdMasked', ''],
    ['purpose', ''],
    ['justified', 'no'],
  ])('refuses %s = %j', (field, value) => {
    expect(grantStateSchema.safeParse({ ...state, [field]: value }).success).toBe(false);
  });

  it('refuses an actor with a member more or less', () => {
    expect(
      grantStateSchema.safeParse({ ...state, actor: { ...state.actor, extra: 'x' } }).success,
    ).toBe(false);
    const { organisation: _, ...withoutOrganisation } = state.actor;
    expect(grantStateSchema.safeParse({ ...state, actor: withoutOrganisation }).success).toBe(
      false,
    );
  });
});
