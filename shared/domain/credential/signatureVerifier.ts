/**
 * The port through which the offline verifier checks ES256 signatures (ECDSA P-256 with
 * SHA-256, the signature as JWS `r || s`, RFC 7518 §3.4). Two adapters, chosen by the
 * platform through the `#signature-verifier` import in package.json: `node:crypto` in Node
 * (`nodeSignatureVerifier.ts`) and WebCrypto everywhere else (`webCryptoSignatureVerifier.ts`,
 * what the browser page bundles). A key is imported once per trust bundle and `kid`.
 *
 * The port decodes base64url and hashes too: the portable decoder costs about a sixth of a
 * signature check in Node, where `Buffer` does the same work several times faster
 * (`npm run bench -- verify`), and WebCrypto's digest hops to Node's thread pool and back for
 * each of a presentation's several digests, at about five times the cost of `node:crypto`'s
 * (`npm run bench -- presentations`).
 */
import type { PublicKeyJwk } from './didDocument.ts';

/** One issuer key, ready to check signatures. */
export interface Es256PublicKey {
  /**
   * Whether `signature` is a valid ES256 signature of the JWS signing input
   * `BASE64URL(header).BASE64URL(payload)` (RFC 7515 §5.2, ASCII text, encoded by the
   * adapter). Never throws: false for a signature of the wrong length too.
   */
  verify(signingInput: string, signature: Uint8Array): boolean | Promise<boolean>;
}

export interface SignatureVerifier {
  /** Rejects if `jwk` is not a P-256 public key (say, a point off the curve). */
  importKey(jwk: PublicKeyJwk): Promise<Es256PublicKey>;
  /**
   * The bytes of base64url text that the caller has checked: of the alphabet, unpadded, and
   * of a length that bytes encode to.
   */
  decodeBase64url(text: string): Uint8Array;
  /**
   * SHA-256 of `text` as UTF-8: the digests an SD-JWT's disclosures and its key binding's
   * `sd_hash` are compared with (RFC 9901 §4.2.3, §4.3.1).
   */
  sha256(text: string): Uint8Array | Promise<Uint8Array>;
}
