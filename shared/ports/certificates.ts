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
  /** Whether a justification was given (required beyond the free applications of a year). */
  justified: boolean;
  issuedAt: string;
};

/** A person's certificate applications of one calendar year (China Standard Time). */
export type ApplicationYear = { blindIndex: string; year: number };

export interface IssuanceLog {
  /**
   * Counts the application `applicationId` against the person's year in one conditional
   * write, so parallel requests cannot overrun `limit`: false when `limit` applications are
   * already counted (a justified application passes no limit). Counting the same
   * application again changes nothing, so a retry after a crash does not count twice.
   */
  reserveApplication(
    year: ApplicationYear,
    applicationId: string,
    limit: number | undefined,
  ): Promise<boolean>;
  /** Gives an application back when it ended without a certificate. */
  releaseApplication(year: ApplicationYear, applicationId: string): Promise<void>;
  /** Records the issued certificate; writing the same certificate again replaces its entry. */
  append(entry: IssuanceLogEntry): Promise<void>;
}
