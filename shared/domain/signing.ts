/**
 * What the domain signs with: the issuer's key, injected (as did-jwt-vc takes an `Issuer`
 * with its `signer`). The port (`shared/ports/signer.ts`) and its adapters implement it — a
 * KMS `ECC_NIST_P256` key in AWS, a P-256 key file locally; the domain never knows which.
 */

/**
 * Signs a message: the adapter hashes it with SHA-256 (KMS is sent the digest, message type
 * `DIGEST`). Returns the signature DER-encoded, exactly as KMS does, so the one DER → JOSE
 * (r||s) conversion in the credential module runs on every path.
 */
export interface Signer {
  /** Short ID of the key this signer uses; the JWS `kid` is `<issuer DID>#<keyId>`. */
  readonly keyId: string;
  /** ECDSA P-256 signature with SHA-256 (`ES256`) over the message, DER-encoded. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** A public signing key as published in the DID document. */
export type PublishedKey = {
  keyId: string;
  status: 'pending' | 'active' | 'retired';
  publicKeyJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
};
