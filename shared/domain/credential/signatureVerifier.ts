/**
 * The port through which the offline verifier checks ES256 signatures (ECDSA P-256 with
 * SHA-256, the signature as JWS `r || s`, RFC 7518 §3.4). Two adapters, chosen by the
 * platform through the `#signature-verifier` import in package.json: `node:crypto` in Node
 * (`nodeSignatureVerifier.ts`) and WebCrypto everywhere else (`webCryptoSignatureVerifier.ts`,
 * what the browser page bundles). A key is imported once per trust bundle and `kid`.
 */
import type { PublicKeyJwk } from './didDocument.ts';

/** One issuer key, ready to check signatures. */
export interface Es256PublicKey {
  /** Whether `signature` is a valid ES256 signature of `signingInput`; never throws. */
  verify(signingInput: Uint8Array, signature: Uint8Array): boolean | Promise<boolean>;
}

export interface SignatureVerifier {
  /** Rejects if `jwk` is not a P-256 public key (say, a point off the curve). */
  importKey(jwk: PublicKeyJwk): Promise<Es256PublicKey>;
}
