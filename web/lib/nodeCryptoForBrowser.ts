/**
 * The part of `node:crypto` the audit verifier (`shared/domain/audit/`) uses, for the browser:
 * `npm run build:web` resolves `node:crypto` to this module for the supervisor's desk, so that
 * the page runs the very verifier `npm run audit:verify` runs, unchanged. Synchronous, as the
 * verifier is: SHA-256 from `@noble/hashes`, ECDSA P-256 from `@noble/curves` (WebCrypto's
 * `subtle` is asynchronous only). Anything else the verifier does not use throws.
 */
import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
// `buffer/`: the npm package even where Node would resolve `buffer` to its own module.
import { Buffer } from 'buffer/';

const encoder = new TextEncoder();
const bytesOf = (data: string | Uint8Array): Uint8Array =>
  typeof data === 'string' ? encoder.encode(data) : data;

type Hash = {
  update(data: string | Uint8Array): Hash;
  digest(): Buffer;
  digest(encoding: 'hex' | 'base64'): string;
};

export function createHash(algorithm: string): Hash {
  if (algorithm !== 'sha256') throw new Error(`${algorithm} is not available in the browser`);
  const state = sha256.create();
  const hash = {
    update(data: string | Uint8Array) {
      state.update(bytesOf(data));
      return hash;
    },
    digest(encoding?: 'hex' | 'base64') {
      const digest = Buffer.from(state.digest());
      return encoding === undefined ? digest : digest.toString(encoding);
    },
  } as Hash;
  return hash;
}

/** DER SubjectPublicKeyInfo of a P-256 key, up to the uncompressed point (RFC 5480). */
const P256_SPKI_PREFIX = Uint8Array.from([
  0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a,
  0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
]);

/** The `buffer` package predates Node's `base64url` encoding. */
const fromBase64Url = (text: string): Uint8Array =>
  Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');

/** The public point (0x04 ‖ x ‖ y) of a P-256 SPKI, or an error for anything else. */
function pointOfSpki(spki: Uint8Array): Uint8Array {
  const prefix = spki.subarray(0, P256_SPKI_PREFIX.length);
  if (
    spki.length !== P256_SPKI_PREFIX.length + 65 ||
    !prefix.every((byte, index) => byte === P256_SPKI_PREFIX[index])
  ) {
    throw new Error('not a P-256 public key');
  }
  return spki.subarray(P256_SPKI_PREFIX.length);
}

/** A P-256 JWK as a key object that exports its SPKI DER. */
export function createPublicKey(input: {
  key: { kty?: string; crv?: string; x?: string; y?: string };
  format: 'jwk';
}) {
  const { key } = input;
  if (input.format !== 'jwk' || key.kty !== 'EC' || key.crv !== 'P-256' || !key.x || !key.y) {
    throw new Error('only P-256 JWKs are supported');
  }
  const x = fromBase64Url(key.x);
  const y = fromBase64Url(key.y);
  if (x.length !== 32 || y.length !== 32) throw new Error('not a P-256 public key');
  const spki = Buffer.concat([P256_SPKI_PREFIX, Uint8Array.of(0x04), x, y]);
  // Throws if the point is not on the curve, as node:crypto does.
  p256.Point.fromBytes(pointOfSpki(spki));
  return {
    export(options: { type: 'spki'; format: 'der' }): Buffer {
      if (options.type !== 'spki' || options.format !== 'der') throw new Error('SPKI DER only');
      return spki;
    },
  };
}

/** `crypto.verify('sha256', data, {key: SPKI DER, dsaEncoding: 'der'}, signature)` for P-256. */
export function verify(
  algorithm: string,
  data: Uint8Array,
  key: { key: Uint8Array; format: 'der'; type: 'spki'; dsaEncoding: 'der' },
  signature: Uint8Array,
): boolean {
  if (algorithm !== 'sha256' || key.format !== 'der' || key.type !== 'spki') {
    throw new Error('only ECDSA P-256 with SHA-256 over an SPKI DER key is supported');
  }
  try {
    // node:crypto accepts high-S signatures; so does this (lowS: false).
    return p256.verify(signature, data, pointOfSpki(key.key), {
      prehash: true,
      lowS: false,
      format: 'der',
    });
  } catch {
    return false;
  }
}
