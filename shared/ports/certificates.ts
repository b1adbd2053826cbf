/**
 * Ports of the certificate path. Invariant 2: the path can ask only whether a disclosable
 * (unsealed) conviction is on file — there is no port through which it could reach a
 * sealed record — and it appends to its own issuance log.
 */

export interface DisclosableConvictionLookup {
  /** A strongly consistent, keys-only query on the disclosable set. */
  hasDisclosableConviction(blindIndex: string): Promise<boolean>;
}

/** One issued certificate. Nothing in it distinguishes a sealed record from none. */
export type IssuanceLogEntry = {
  certificateId: string;
  blindIndex: string;
  purpose: string;
  notBefore: string;
  expires: string;
  holderDid?: string;
  /** Whether a justification was given (required from the fourth request in a year). */
  justified: boolean;
  issuedAt: string;
};

export interface IssuanceLog {
  /** Certificates issued to this person in the given calendar year (China Standard Time). */
  countIssuedInYear(blindIndex: string, year: number): Promise<number>;
  append(entry: IssuanceLogEntry): Promise<void>;
}
