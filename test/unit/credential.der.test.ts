import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derToJose, joseToDer, MalformedSignatureError } from '#shared/domain/credential/der.ts';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte);

describe('Function: derToJose', () => {
  it('converts an OpenSSL DER signature to the r||s that verifies as ieee-p1363', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i++) {
      const message = Buffer.from(`message ${i}`);
      const der = sign('sha256', message, { key: privateKey, dsaEncoding: 'der' });
      const jose = derToJose(der);
      expect(jose).toHaveLength(64);
      expect(verify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(
        true,
      );
    }
  });

  it('strips the 0x00 that keeps a high-bit integer positive', () => {
    const r = filled(32, 0x80);
    const s = filled(32, 0xff);
    const der = hex(`3046 0221 00${'80'.repeat(32)} 0221 00${'ff'.repeat(32)}`);
    expect(derToJose(der)).toEqual(Uint8Array.from([...r, ...s]));
  });

  it('left-pads short integers (leading zero bytes of r or s) to 32 bytes', () => {
    const der = hex(`3026 0201 01 0221 00${'ff'.repeat(32)}`);
    const jose = derToJose(der);
    expect(jose.subarray(0, 31)).toEqual(new Uint8Array(31));
    expect(jose[31]).toBe(1);
    expect(jose.subarray(32)).toEqual(filled(32, 0xff));

    const shortS = hex(`3025 0220 7f${'11'.repeat(31)} 0201 05`);
    expect(derToJose(shortS).subarray(32)).toEqual(Uint8Array.from([...new Uint8Array(31), 5]));
  });

  it.each([
    ['empty input', ''],
    ['not a SEQUENCE', '3106 020101 020101'],
    ['truncated', '3006 020101 0201'],
    ['SEQUENCE length mismatch', '3007 020101 020101'],
    ['trailing bytes', '3006 020101 020101 00'],
    ['INTEGER tag missing', '3006 030101 020101'],
    ['zero-length INTEGER', '3005 0200 020101'],
    ['negative INTEGER', '3006 020180 020101'],
    ['non-minimal INTEGER', '3007 02020001 020101'],
    ['zero r', '3006 020100 020101'],
    ['integer wider than 32 bytes', `3026 0221 01${'00'.repeat(32)} 020101`],
    ['padded integer wider than 32 bytes', `3027 0222 0080${'00'.repeat(32)} 020101`],
    ['long-form length where short form fits', '308106 020101 020101'],
    ['indefinite length', '3080 020101 020101 0000'],
    ['a third INTEGER', '3009 020101 020101 020101'],
  ])('rejects %s', (_label, der) => {
    expect(() => derToJose(hex(der))).toThrow(MalformedSignatureError);
  });

  it('handles the long-form length of a P-521 sized signature', () => {
    const jose = Uint8Array.from({ length: 132 }, (_, i) => (i % 66 === 0 ? 0x01 : i));
    expect(derToJose(joseToDer(jose, 66), 66)).toEqual(jose);
  });
});

describe('Function: joseToDer', () => {
  it('round-trips any r||s with non-zero r and s', () => {
    const scalar = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .filter((bytes) => bytes.some((byte) => byte !== 0));
    fc.assert(
      fc.property(scalar, scalar, fc.nat(31), fc.nat(31), (r, s, zerosR, zerosS) => {
        r.fill(0, 0, zerosR);
        s.fill(0, 0, zerosS);
        if (r.every((b) => b === 0) || s.every((b) => b === 0)) return;
        const jose = Uint8Array.from([...r, ...s]);
        expect(derToJose(joseToDer(jose))).toEqual(jose);
      }),
    );
  });

  it('produces DER that OpenSSL accepts', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('interop');
    const jose = sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    expect(verify('sha256', message, publicKey, joseToDer(jose))).toBe(true);
  });

  it('rejects a wrong length and a zero scalar', () => {
    expect(() => joseToDer(new Uint8Array(63))).toThrow(MalformedSignatureError);
    expect(() => joseToDer(Uint8Array.from([...new Uint8Array(32), ...filled(32, 1)]))).toThrow(
      MalformedSignatureError,
    );
  });
});
