/**
 * ECDSA P-256 signature encodings: the DER `Ecdsa-Sig-Value` that KMS and OpenSSL return
 * (RFC 3279 §2.2.3) and the fixed-width `r || s` that JWS ES256 requires (RFC 7518 §3.4),
 * converted with `@noble/curves`' DER codec. Its parser is strict (minimal lengths and
 * integers, no trailing bytes); r and s must lie in 1..n-1 of P-256.
 *
 * Only the codec (`abstract/der.js`), not the curve (`nist.js`): the curve's arithmetic adds
 * about 34 KB gzipped to every function that signs, for a range check on two integers.
 */
import { DER } from '@noble/curves/abstract/der.js';
import { CredentialError } from './claims.ts';

/** A signature that is not a strict DER (or `r || s`) encoding of a P-256 signature. */
export class MalformedSignatureError extends CredentialError {
  override name = 'MalformedSignatureError';
}

/** The order n of the P-256 group (FIPS 186-5, SEC 2). */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const SCALAR_BYTES = 32;

function scalar(value: bigint): bigint {
  if (value < 1n || value >= P256_ORDER) throw new Error('r or s is out of range 1..n-1');
  return value;
}

/** Hex as bytes, without Buffer: the domain also runs in the verification page. */
function hexToBytes(hex: string): Uint8Array {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1)
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return bytes;
}

function toFixedBytes(value: bigint): Uint8Array {
  return hexToBytes(value.toString(16).padStart(SCALAR_BYTES * 2, '0'));
}

function fromBytes(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

/** DER → JOSE: `r || s`, each 32 bytes, big-endian. */
export function derToJose(der: Uint8Array): Uint8Array {
  return convert(() => {
    const { r, s } = DER.toSig(der);
    const jose = new Uint8Array(SCALAR_BYTES * 2);
    jose.set(toFixedBytes(scalar(r)), 0);
    jose.set(toFixedBytes(scalar(s)), SCALAR_BYTES);
    return jose;
  }, 'DER');
}

/** JOSE → DER, minimal encoding; the inverse of {@link derToJose}. */
export function joseToDer(jose: Uint8Array): Uint8Array {
  return convert(() => {
    if (jose.length !== SCALAR_BYTES * 2) throw new Error('expected 64 bytes');
    const r = scalar(fromBytes(jose.subarray(0, SCALAR_BYTES)));
    const s = scalar(fromBytes(jose.subarray(SCALAR_BYTES)));
    return hexToBytes(DER.hexFromSig({ r, s }));
  }, 'JOSE');
}

function convert(run: () => Uint8Array, from: string): Uint8Array {
  try {
    return run();
  } catch (cause) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    throw new MalformedSignatureError(`malformed ${from} signature${why}`, { cause });
  }
}
