/**
 * Port: the issuer's signing key. In AWS it is a KMS `ECC_NIST_P256` key (`Sign`,
 * `ECDSA_SHA_256`, message type `DIGEST`); locally a P-256 key file. The domain defines what
 * it signs with (`shared/domain/signing.ts`); the adapters implement it.
 */
import type { PublishedKey } from '../domain/signing.ts';

export type { PublishedKey, Signer } from '../domain/signing.ts';

/** Port: every current and retired public signing key, for the DID document. */
export interface PublicKeySource {
  listKeys(): Promise<PublishedKey[]>;
}
