import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { derToJose, joseToDer, MalformedSignatureError } from '#shared/domain/credential/der.ts';

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const filled = (length: number, byte: number) => new Uint8Array(length).fill(byte);
const P256_ORDER = 'ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551';

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
    const s = filled(32, 0xf0);
    const der = hex(`3046 0221 00${'80'.repeat(32)} 0221 00${'f0'.repeat(32)}`);
    expect(derToJose(der)).toEqual(Uint8Array.from([...r, ...s]));
  });

  it('left-pads short integers (leading zero bytes of r or s) to 32 bytes', () => {
    const der = hex(`3026 0201 01 0221 00${'f0'.repeat(32)}`);
    const jose = derToJose(der);
    expect(jose.subarray(0, 31)).toEqual(new Uint8Array(31));
    expect(jose[31]).toBe(1);
    expect(jose.subarray(32)).toEqual(filled(32, 0xf0));

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
    // 32 bytes, but not below the order n of P-256: no signature has such an r or s.
    ['r equal to the curve order', `3026 0221 00${P256_ORDER} 020101`],
    ['s above the curve order', `3026 020101 0221 00${'ff'.repeat(32)}`],
  ])('rejects %s', (_label, der) => {
    expect(() => derToJose(hex(der))).toThrow(MalformedSignatureError);
  });
});

describe('Function: joseToDer', () => {
  it('round-trips any r||s with r and s in 1..n-1', () => {
    // First byte below 0xff keeps every value below the order n (0xffffffff00…).
    const scalar = fc
      .uint8Array({ minLength: 32, maxLength: 32 })
      .map((bytes) => {
        bytes[0] = Math.min(bytes[0] ?? 0, 0xfe);
        return bytes;
      })
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

  it('rejects a wrong length, a zero scalar and a scalar not below the order', () => {
    expect(() => joseToDer(new Uint8Array(63))).toThrow(MalformedSignatureError);
    expect(() => joseToDer(Uint8Array.from([...new Uint8Array(32), ...filled(32, 1)]))).toThrow(
      MalformedSignatureError,
    );
    expect(() => joseToDer(Uint8Array.from([...hex(P256_ORDER), ...filled(32, 1)]))).toThrow(
      MalformedSignatureError,
    );
  });
});

describe('the range of r and s, and what a refusal says', () => {
  const order = hex(P256_ORDER);
  const belowOrder = Uint8Array.from(order);
  belowOrder[31] = (belowOrder[31] ?? 0) - 1;

  it('accepts 1 and n-1, the ends of the range, both ways', () => {
    const one = Uint8Array.from([...new Uint8Array(31), 1]);
    const jose = Uint8Array.from([...one, ...belowOrder]);
    expect(derToJose(joseToDer(jose))).toEqual(jose);
    expect(joseToDer(jose)).toEqual(hex(`3026 020101 0221 00${P256_ORDER.slice(0, -2)}50`));
  });

  it('says which encoding was malformed and why, and keeps the cause', () => {
    const fromDer = (() => {
      try {
        derToJose(hex('3006 020100 020101'));
      } catch (error) {
        return error as Error;
      }
    })();
    expect(fromDer).toBeInstanceOf(MalformedSignatureError);
    expect(fromDer?.name).toBe('MalformedSignatureError');
    expect(fromDer?.message).toBe('malformed DER signature: r or s is out of range 1..n-1');
    expect(fromDer?.cause).toBeInstanceOf(Error);

    expect(() => joseToDer(new Uint8Array(65))).toThrow(
      new MalformedSignatureError('malformed JOSE signature: expected 64 bytes'),
    );
    expect(() => joseToDer(Uint8Array.from([...order, ...filled(32, 1)]))).toThrow(
      new MalformedSignatureError('malformed JOSE signature: r or s is out of range 1..n-1'),
    );
    expect(() => joseToDer(Uint8Array.from([...filled(32, 1), ...new Uint8Array(32)]))).toThrow(
      new MalformedSignatureError('malformed JOSE signature: r or s is out of range 1..n-1'),
    );
  });
});
