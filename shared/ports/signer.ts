/**
 * Port: the issuer's signing key. In AWS it is a KMS `ECC_NIST_P256` key (`Sign`,
 * `ECDSA_SHA_256`, message type `DIGEST`); locally a P-256 key file. Both return the
 * signature DER-encoded, exactly as KMS does, so the one DER → JOSE (r||s) conversion in
 * the credential module runs on every path.
 */
export interface Signer {
  /** Short ID of the key this signer uses; the JWS `kid` is `<issuer DID>#<keyId>`. */
  readonly keyId: string;
  /** ECDSA P-256 signature over a SHA-256 digest (32 bytes), DER-encoded. */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}

/** A public signing key as published in the DID document. */
export type PublishedKey = {
  keyId: string;
  status: 'pending' | 'active' | 'retired';
  publicKeyJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
};

/** Port: every current and retired public signing key, for the DID document. */
export interface PublicKeySource {
  listKeys(): Promise<PublishedKey[]>;
}
