/**
 * ECDSA P-256 signature encodings: the DER `Ecdsa-Sig-Value` that KMS and OpenSSL return
 * (RFC 3279 §2.2.3) and the fixed-width `r || s` that JWS ES256 requires (RFC 7518 §3.4),
 * converted by `@noble/curves`. Its DER parser is strict (minimal lengths and integers, no
 * trailing bytes) and its signature type checks that r and s lie in 1..n-1.
 */
import { p256 } from '@noble/curves/nist.js';
import { CredentialError } from './claims.ts';

/** A signature that is not a strict DER (or `r || s`) encoding of a P-256 signature. */
export class MalformedSignatureError extends CredentialError {
  override name = 'MalformedSignatureError';
}

/** DER → JOSE: `r || s`, each 32 bytes, big-endian. */
export function derToJose(der: Uint8Array): Uint8Array {
  return convert(() => p256.Signature.fromBytes(der, 'der').toBytes('compact'), 'DER');
}

/** JOSE → DER, minimal encoding; the inverse of {@link derToJose}. */
export function joseToDer(jose: Uint8Array): Uint8Array {
  return convert(() => p256.Signature.fromBytes(jose, 'compact').toBytes('der'), 'JOSE');
}

function convert(run: () => Uint8Array, from: string): Uint8Array {
  try {
    return run();
  } catch (cause) {
    const why = cause instanceof Error ? `: ${cause.message}` : '';
    throw new MalformedSignatureError(`malformed ${from} signature${why}`, { cause });
  }
}
