/**
 * ECDSA signature encodings: the DER `Ecdsa-Sig-Value` that KMS and OpenSSL return
 * (RFC 3279 §2.2.3) and the fixed-width `r || s` that JWS ES256 requires (RFC 7518 §3.4).
 */
import { CredentialError } from './claims.ts';

/** A signature that is not a strict DER `SEQUENCE { INTEGER r, INTEGER s }` for the curve. */
export class MalformedSignatureError extends CredentialError {
  override name = 'MalformedSignatureError';
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;

/**
 * DER → JOSE: each integer left-padded to `size` bytes (32 for P-256).
 * Strict: non-minimal integers, negative or zero values, values wider than `size`, long-form
 * lengths where short form fits, and trailing bytes are all rejected.
 */
export function derToJose(der: Uint8Array, size = 32): Uint8Array {
  let offset = 0;
  const readLength = (): number => {
    const first = der[offset++];
    if (first === undefined) return fail('truncated length');
    if (first < 0x80) return first;
    // Only 0x81 is ever needed (a P-521 sequence is at most 139 bytes).
    if (first !== 0x81) return fail('unsupported length form');
    const length = der[offset++];
    if (length === undefined) return fail('truncated length');
    if (length < 0x80) return fail('non-minimal length');
    return length;
  };
  const readInteger = (out: Uint8Array, at: number): void => {
    if (der[offset++] !== INTEGER) fail('expected INTEGER');
    const length = readLength();
    const end = offset + length;
    if (length === 0 || end > der.length) fail('bad INTEGER length');
    let start = offset;
    if ((der[start] as number) & 0x80) fail('negative INTEGER');
    if (der[start] === 0x00) {
      if (length > 1 && !((der[start + 1] as number) & 0x80)) fail('non-minimal INTEGER');
      start++;
    }
    const width = end - start;
    if (width > size) fail('INTEGER wider than the curve order');
    if (width === 0) fail('zero INTEGER');
    out.set(der.subarray(start, end), at + size - width);
    offset = end;
  };

  if (der[offset++] !== SEQUENCE) fail('expected SEQUENCE');
  const length = readLength();
  if (offset + length !== der.length) fail('SEQUENCE length does not match input');
  const jose = new Uint8Array(2 * size);
  readInteger(jose, 0);
  readInteger(jose, size);
  if (offset !== der.length) fail('trailing bytes');
  return jose;
}

function fail(why: string): never {
  throw new MalformedSignatureError(`malformed DER signature: ${why}`);
}

/** JOSE → DER, minimal encoding; the inverse of {@link derToJose}. */
export function joseToDer(jose: Uint8Array, size = 32): Uint8Array {
  if (jose.length !== 2 * size) {
    throw new MalformedSignatureError(`JOSE signature must be ${2 * size} bytes`);
  }
  const r = integer(jose.subarray(0, size));
  const s = integer(jose.subarray(size));
  const body = r.length + s.length;
  const header = body < 0x80 ? [SEQUENCE, body] : [SEQUENCE, 0x81, body];
  const der = new Uint8Array(header.length + body);
  der.set(header, 0);
  der.set(r, header.length);
  der.set(s, header.length + r.length);
  return der;
}

function integer(value: Uint8Array): Uint8Array {
  let start = 0;
  while (start < value.length - 1 && value[start] === 0) start++;
  const digits = value.subarray(start);
  if (digits.length === 1 && digits[0] === 0) {
    throw new MalformedSignatureError('JOSE signature has a zero r or s');
  }
  const pad = (digits[0] as number) & 0x80 ? 1 : 0;
  const out = new Uint8Array(2 + pad + digits.length);
  out[0] = INTEGER;
  out[1] = pad + digits.length;
  out.set(digits, 2 + pad);
  return out;
}
