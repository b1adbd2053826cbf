/**
 * Port: the wallet grants of OpenID4VCI — offers' pre-authorized codes, access tokens and
 * proof nonces — each stored under the hash of its secret (`shared/domain/wallet/grants.ts`)
 * with an expiry, and used at most once.
 */

export type StoredGrant = {
  /** `<kind>#<hash of the secret>`: the secret itself is never stored. */
  grantKey: string;
  /** Epoch seconds; the table's time to live, and checked on every use. */
  expiresAt: number;
  /** What the grant stands for, sealed for the secret's holder (absent for nonces). */
  sealed?: Uint8Array;
};

export interface WalletGrants {
  /** Stores a new grant; a key that exists already is an error, never overwritten. */
  put(grant: StoredGrant): Promise<void>;
  /** The grant, unless it is unknown, used or expired at `now` (strongly consistent). */
  find(grantKey: string, now: Date): Promise<StoredGrant | undefined>;
  /**
   * Uses the grant up in one conditional write: the first caller gets it, every later or
   * concurrent caller gets undefined, as for an unknown or expired grant.
   */
  take(grantKey: string, now: Date): Promise<StoredGrant | undefined>;
}
