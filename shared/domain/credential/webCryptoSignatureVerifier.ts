/**
 * ES256 with WebCrypto (`crypto.subtle`), which takes the JWS `r || s` form as it is: the
 * adapter for browsers and any runtime without `node:crypto`.
 */
import { base64url } from 'jose';
import type { PublicKeyJwk } from './didDocument.ts';
import type { Es256PublicKey, SignatureVerifier } from './signatureVerifier.ts';

const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const utf8 = new TextEncoder();

export const webCryptoSignatureVerifier: SignatureVerifier = {
  async importKey({ kty, crv, x, y }: PublicKeyJwk): Promise<Es256PublicKey> {
    const key = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, ECDSA_P256, false, [
      'verify',
    ]);
    return {
      verify(signingInput, signature) {
        return crypto.subtle
          .verify(ECDSA_P256, key, signature as Uint8Array<ArrayBuffer>, utf8.encode(signingInput))
          .catch(() => false);
      },
    };
  },
  decodeBase64url(text: string): Uint8Array {
    return base64url.decode(text);
  },
  async sha256(text: string): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(text)));
  },
};

/** What `#signature-verifier` resolves to on this platform. */
export default webCryptoSignatureVerifier;
