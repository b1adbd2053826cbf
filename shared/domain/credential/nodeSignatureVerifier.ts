/**
 * ES256 with `node:crypto`: a `KeyObject` per key, and a synchronous `crypto.verify` that
 * takes the JWS `r || s` form directly (`dsaEncoding: 'ieee-p1363'`). About twice the
 * throughput of WebCrypto in Node, which hops to the thread pool and back for every
 * signature — the hop costs more than the check — and `Buffer` decodes and encodes the
 * JWS text several times faster than the portable code; the same holds for SHA-256. Never bundled for the browser.
 */
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { PublicKeyJwk } from './didDocument.ts';
import type { Es256PublicKey, SignatureVerifier } from './signatureVerifier.ts';

export const nodeSignatureVerifier: SignatureVerifier = {
  async importKey({ kty, crv, x, y }: PublicKeyJwk): Promise<Es256PublicKey> {
    const key = createPublicKey({ key: { kty, crv, x, y }, format: 'jwk' });
    return {
      verify(signingInput, signature) {
        try {
          return verify(
            'sha256',
            Buffer.from(signingInput, 'utf8'),
            { key, dsaEncoding: 'ieee-p1363' },
            signature,
          );
        } catch {
          return false;
        }
      },
    };
  },
  decodeBase64url(text: string): Uint8Array {
    return Buffer.from(text, 'base64url');
  },
  sha256(text: string): Uint8Array {
    return createHash('sha256').update(text, 'utf8').digest();
  },
};

/** What `#signature-verifier` resolves to on this platform. */
export default nodeSignatureVerifier;
