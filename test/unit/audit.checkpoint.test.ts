/**
 * Checkpoints of the audit log (shared/domain/audit/checkpoint.ts; C2SP tlog-checkpoint and
 * signed-note): the origin taken from the issuer's did:web DID, the note's exact text, the
 * key ID, and a strict verifier that refuses every note not exactly in the form this log
 * signs — and accepts only a signature by a key of the trust bundle, whose name is the origin.
 */
import { createHash, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkpointText,
  ecdsaKeyId,
  type NoteKey,
  noteKeyOf,
  noteKeysOf,
  ORIGIN_SUFFIX,
  originOf,
  signCheckpoint,
  spkiOfJwk,
  verifyCheckpointNote,
} from '#shared/domain/audit/checkpoint.ts';
import { type AuditKey, auditKey } from './audit.fixtures.ts';

const key = auditKey('credentials.example.gov.cn', 'audit-1');
const second = auditKey('credentials.example.gov.cn', 'audit-2');
const origin = 'credentials.example.gov.cn/audit';
const root = createHash('sha256').update('root').digest();
const rootText = root.toString('base64');
const body = (size: string | number = 42, rootLine = rootText, from = origin) =>
  `${from}\n${size}\n${rootLine}\n`;

/** A signature line over `text` by `signer`, under the key name `name`. */
async function signatureLine(text: string, signer: AuditKey, name = signer.origin) {
  const signature = await signer.signer.sign(Buffer.from(text));
  const blob = Buffer.concat([ecdsaKeyId(signer.spki), signature]).toString('base64');
  return `\u2014 ${name} ${blob}`;
}
async function noteOf(text: string, ...signers: AuditKey[]) {
  const signatures = await Promise.all(signers.map((signer) => signatureLine(text, signer)));
  return `${text}\n${signatures.join('\n')}\n`;
}
const check = (note: unknown, keys: readonly NoteKey[] = [key.noteKey]) =>
  verifyCheckpointNote(note as string, keys);
const malformed = { valid: false, reason: 'malformed' };

describe('the origin of the audit log', () => {
  it('is the did:web host, port decoded, followed by /audit', () => {
    expect(ORIGIN_SUFFIX).toBe('/audit');
    expect(originOf('did:web:credentials.example.gov.cn')).toBe(origin);
    expect(originOf('did:web:127.0.0.1%3A3000')).toBe('127.0.0.1:3000/audit');
    expect(originOf('did:web:credentials.example.gov.cn#audit-1')).toBe(origin);
    expect(originOf('did:web:credentials.example.gov.cn:issuers:7')).toBe(origin);
  });

  it('is refused for a DID that is no did:web DID, or names no host', () => {
    for (const did of ['did:key:z6MkhaXgBZD', 'did:web:', 'did:web:#audit-1', 'x did:web:a.cn']) {
      expect(() => originOf(did), did).toThrow(RangeError);
    }
  });
});

describe('a signed checkpoint', () => {
  it('is the origin, the size and the base64 root, one a line, then a blank line and one signature', async () => {
    expect(checkpointText({ origin, size: 42, root })).toBe(
      `credentials.example.gov.cn/audit\n42\n${rootText}\n`,
    );
    const note = await signCheckpoint({ origin, size: 42, root }, key.signer, key.spki);
    const [text, signature] = note.split('\n\n') as [string, string];
    expect(`${text}\n`).toBe(body());
    const match = /^\u2014 credentials\.example\.gov\.cn\/audit ([A-Za-z0-9+/=]+)\n$/.exec(
      signature,
    );
    expect(match).not.toBeNull();
    const blob = Buffer.from(match?.[1] as string, 'base64');
    expect(blob.subarray(0, 4).equals(Buffer.from(ecdsaKeyId(key.spki)))).toBe(true);
    const verified = verify(
      'sha256',
      Buffer.from(body()),
      { key: Buffer.from(key.spki), format: 'der', type: 'spki', dsaEncoding: 'der' },
      blob.subarray(4),
    );
    expect(verified).toBe(true);
  });

  it('carries as key ID the first four bytes of SHA-256 of the key’s SPKI', () => {
    const id = ecdsaKeyId(key.spki);
    expect(id).toHaveLength(4);
    expect(
      Buffer.from(id).equals(createHash('sha256').update(key.spki).digest().subarray(0, 4)),
    ).toBe(true);
    expect(Buffer.from(spkiOfJwk(key.jwk)).equals(Buffer.from(key.spki))).toBe(true);
  });

  it('is checked against note keys named by the origin of their kid', () => {
    const kid = 'did:web:credentials.example.gov.cn#audit-1';
    const noteKey = noteKeyOf(kid, key.jwk);
    expect(noteKey.name).toBe(origin);
    expect(noteKey.kid).toBe(kid);
    expect(Buffer.from(noteKey.id).equals(Buffer.from(ecdsaKeyId(key.spki)))).toBe(true);
    const both = noteKeysOf(
      new Map([
        [kid, key.jwk],
        ['did:web:credentials.example.gov.cn#audit-2', second.jwk],
      ]),
    );
    expect(both.map((k) => k.kid)).toEqual([kid, 'did:web:credentials.example.gov.cn#audit-2']);
    expect(
      Buffer.from(both[1]?.id as Uint8Array).equals(Buffer.from(ecdsaKeyId(second.spki))),
    ).toBe(true);
  });
});

describe('verifying a checkpoint', () => {
  it('gives the origin, size, root, signed text and the kid of the key that signed', async () => {
    const note = await noteOf(body(), key);
    const verdict = check(note);
    expect(verdict).toEqual({
      valid: true,
      origin,
      size: 42,
      root: expect.any(Uint8Array),
      text: body(),
      kid: 'did:web:credentials.example.gov.cn#audit-1',
    });
    expect(verdict.valid && Buffer.from(verdict.root).equals(root)).toBe(true);
  });

  it('accepts the sizes 0 and 16 digits, and refuses 17 digits, a leading zero, a sign or a fraction', async () => {
    for (const size of ['0', '9007199254740991', '1234567890123456']) {
      expect(check(await noteOf(body(size), key)), size).toMatchObject({ valid: true });
    }
    for (const size of ['12345678901234567', '042', '-1', '+1', '1.0', '', ' 1', 'x42', '42x']) {
      expect(check(await noteOf(body(size), key)), size).toEqual(malformed);
    }
  });

  it('refuses a root that is not 32 bytes in canonical base64', async () => {
    // The last character before the padding carries two bits beyond the 32 bytes.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const otherBits = alphabet[alphabet.indexOf(rootText.at(-2) as string) ^ 1] as string;
    for (const rootLine of [
      Buffer.alloc(31).toString('base64'),
      Buffer.alloc(33).toString('base64'),
      rootText.slice(0, -1),
      `${rootText.slice(0, -2)}${otherBits}=`,
      `${rootText.slice(0, 10)}!${rootText.slice(11)}`,
      `${rootText.slice(0, 10)}-${rootText.slice(11)}`,
      '',
    ]) {
      expect(check(await noteOf(body(42, rootLine), key)), rootLine).toEqual(malformed);
    }
  });

  it('refuses a body of other than three lines, an empty origin, a missing blank line or final newline', async () => {
    const note = await noteOf(body(), key);
    const [text, signatures] = note.split('\n\n') as [string, string];
    for (const forged of [
      `${text}\nextension\n\n${signatures}`,
      `${origin}\n42\n\n${signatures}`,
      `${text}\n${signatures}`,
      note.slice(0, -1),
      `\n${text.slice(text.indexOf('\n') + 1)}\n\n${signatures}`,
    ]) {
      expect(check(forged), JSON.stringify(forged)).toEqual(malformed);
    }
    expect(check(await noteOf(body(42, rootText, ''), key))).toEqual(malformed);
  });

  it('refuses a control character anywhere but a newline', async () => {
    for (const control of ['\t', '\r', '\u0000', '\u001f']) {
      const note = await noteOf(
        body(42, rootText, `credentials.example.gov.cn${control}/audit`),
        key,
      );
      expect(check(note), JSON.stringify(control)).toEqual(malformed);
    }
  });

  it('refuses a note longer than 4096 characters, and accepts one of exactly 4096', async () => {
    const note = await noteOf(body(), key);
    const unknown = (length: number) => `\u2014 ${'n'.repeat(length)} AAAAAAAA\n`;
    const room = 4096 - note.length - unknown(0).length;
    expect(check(note + unknown(room))).toMatchObject({ valid: true });
    expect((note + unknown(room)).length).toBe(4096);
    expect(check(note + unknown(room + 1))).toEqual(malformed);
    expect(check(42)).toEqual(malformed);
  });

  it('refuses a signature line not of the form “— name base64”, or a signature of fewer than five bytes', async () => {
    const note = await noteOf(body(), key);
    const good = note.slice(body().length + 1, -1);
    for (const signature of [
      good.replace('\u2014', '-'),
      `${good} `,
      `${good} extra`,
      good.replace(' ', '  '),
      `\u2014 ${origin} !!!!!!!!`,
      `\u2014 ${origin} AAAAAA==`,
      `\u2014 someone AAAAAA==`,
      '',
    ]) {
      expect(check(`${body()}\n${signature}\n`), signature).toEqual(malformed);
      expect(check(`${body()}\n${good}\n${signature}\n`), signature).toEqual(malformed);
    }
  });

  it('ignores a signature of a key it does not know, and needs one of a key it knows', async () => {
    const note = await noteOf(body(), key);
    const stranger = await signatureLine(body(), auditKey());
    const fiveBytes = `\u2014 someone ${Buffer.alloc(5).toString('base64')}`;
    expect(check(`${note}${stranger}\n${fiveBytes}\n`)).toMatchObject({ valid: true });
    expect(check(`${body()}\n${stranger}\n${fiveBytes}\n`)).toEqual({
      valid: false,
      reason: 'unknown-key',
    });
    expect(check(note, [])).toEqual({ valid: false, reason: 'unknown-key' });
    expect(check(note, [second.noteKey])).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('knows a key by its name and its ID together', async () => {
    const note = await noteOf(body(), key);
    const renamed = { ...key.noteKey, name: 'other.example.gov.cn/audit' };
    expect(check(note, [renamed])).toEqual({ valid: false, reason: 'unknown-key' });
    const otherId = { ...key.noteKey, id: ecdsaKeyId(second.spki) };
    expect(check(note, [otherId])).toEqual({ valid: false, reason: 'unknown-key' });
  });

  it('refuses a note any known key’s signature fails on, even beside a good one', async () => {
    const good = await noteOf(body(), key);
    const onOther = await signatureLine(body(43), second);
    expect(check(`${good}${onOther}\n`, [key.noteKey, second.noteKey])).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
    expect(check(good.replace('\n42\n', '\n43\n'))).toEqual({
      valid: false,
      reason: 'bad-signature',
    });
  });

  it('names the first known key that signed, when two did', async () => {
    const note = await noteOf(body(), key, second);
    expect(check(note, [key.noteKey, second.noteKey])).toMatchObject({
      valid: true,
      kid: 'did:web:credentials.example.gov.cn#audit-1',
    });
    expect(check(await noteOf(body(), second, key), [key.noteKey, second.noteKey])).toMatchObject({
      valid: true,
      kid: 'did:web:credentials.example.gov.cn#audit-2',
    });
  });

  it('refuses a body whose origin is not the name of the key that signed it', async () => {
    const text = body(42, rootText, 'other.example.gov.cn/audit');
    const note = `${text}\n${await signatureLine(text, key, origin)}\n`;
    expect(check(note)).toEqual(malformed);
  });
});
