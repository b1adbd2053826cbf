/**
 * Ports: where records live. One item per record; the only plain attributes are those
 * routing needs, everything personal is inside `envelope` (DESIGN.md, Storage).
 */
import type { EncryptionContext, KeyClass } from './envelope.ts';

export type StoredRecord = {
  recordId: string;
  /** HMAC of the normalised national ID: how a person's records are found. */
  blindIndex: string;
  /** HMAC of the case number: how co-defendants' records and agencies' copies are linked. */
  caseIndex: string;
  owningAgency: string;
  /** The role of the owning agency (court, procuratorate, police, justice). */
  owningRole: string;
  recordType: string;
  /** The sealing status: sealed at ingestion by the record's own facts, opened on a legal ground. */
  status: 'sealed' | 'open';
  /**
   * 含犯罪记录封存信息 (IM arts. 5–6): decided at ingestion from the record's own facts — a
   * co-defendant under 18 at the offence, a combined case committed before the 18th birthday.
   */
  containsSealedInformation: boolean;
  keyClass: KeyClass;
  envelope: Uint8Array;
  /** Keyed MAC of the submission as received: an identical resubmission is recognised without decrypting. */
  submissionDigest: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set until the sealing service has applied the record's effects on other records. */
  effectsPending?: boolean;
  /** The retrial or second-instance record that replaced it. */
  supersededBy?: string;
  /** Set when a legal ground unsealed the record: the triggering decision's date. */
  unsealedFrom?: string;
  /** The record whose legal ground unsealed it. */
  unsealedBy?: string;
};

/** What the ingestion may read of an existing record: routing attributes, never the envelope. */
export type RecordRouting = Pick<StoredRecord, 'recordId' | 'blindIndex' | 'recordType'>;

/** A change of a record's state by the sealing service, conditional on its version. */
export type RecordChange = {
  expectedVersion: number;
  envelope: Uint8Array;
  keyClass: KeyClass;
  status: StoredRecord['status'];
  supersededBy?: string;
  unsealedFrom?: string;
  unsealedBy?: string;
  updatedAt: string;
};

export interface RecordStore {
  /** Stores a new record; `exists` (with the stored digest) when the record ID is already taken. */
  create(
    record: StoredRecord,
  ): Promise<{ outcome: 'created' } | { outcome: 'exists'; submissionDigest?: string }>;
  get(recordId: string): Promise<StoredRecord | undefined>;
  routingOf(recordId: string): Promise<RecordRouting | undefined>;
  /** Removes a record this request created and could not audit (compensation). */
  deleteUnaudited(recordId: string, version: number): Promise<void>;
  /** One conditional write; throws `ConcurrentChangeError` when the version moved on. */
  change(recordId: string, change: RecordChange): Promise<void>;
  /** The sealing service has applied the record's effects. */
  completeEffects(recordId: string): Promise<void>;
  /** Records whose effects are still pending (recovery after a crash). */
  listPendingEffects(): Promise<string[]>;
}

/**
 * One entry of the disclosable set: the conviction's letter facts (`letterFacts.ts`), sealed
 * under the letter-facts key with the record's context, and the digest of the submission they
 * were taken from, so that a different submission under the same record ID never replaces them.
 */
export type DisclosableEntry = {
  blindIndex: string;
  recordId: string;
  letterFacts: Uint8Array;
  submissionDigest: string;
  /**
   * The ingestion attempt that wrote the entry (absent where the sealing service did): a
   * reconciliation the attempt asked for removes the entry only while that attempt's write
   * is the last, never one a retry made since.
   */
  attempt?: string;
};

/**
 * Port: the disclosable set — blind index → record ID of every unsealed, unreplaced
 * conviction, read strongly consistently, so a conviction blocks a certificate requested a
 * moment after it was ingested (DESIGN.md, Storage).
 */
export interface DisclosableConvictions {
  /**
   * Writes the entry. `sameSubmissionOnly`: only where no entry is, or one from the same
   * submission — `other-submission` when another submission's entry is there.
   */
  add(
    entry: DisclosableEntry,
    options?: { sameSubmissionOnly?: boolean },
  ): Promise<'added' | 'other-submission'>;
  /** Removes the entry; with `attempt`, only an entry that attempt wrote last. */
  remove(blindIndex: string, recordId: string, attempt?: string): Promise<void>;
  recordIdsOf(blindIndex: string): Promise<string[]>;
}

/**
 * Port: what the letter function reads — each entry's sealed letter facts, and nothing else
 * of any record. `letterFacts` is absent only on an entry written before entries carried them.
 */
export interface DisclosableLetterFacts {
  letterFactsOf(blindIndex: string): Promise<{ recordId: string; letterFacts?: Uint8Array }[]>;
}

/**
 * Port: links from a person to their records, written by the ingestion before it queues a
 * record (and by the sealing service for one it finds unlinked) and read strongly consistent
 * after, so of two records of one person processed at once, the later always sees the earlier.
 */
export interface RecordLinks {
  link(recordId: string, keys: readonly string[]): Promise<void>;
  recordIdsUnder(key: string): Promise<string[]>;
}

export const linkKeys = {
  person: (blindIndex: string) => `person#${blindIndex}`,
};

/** The encryption context binding an envelope to its record. */
export function recordEnvelopeContext(recordId: string): EncryptionContext {
  return { recordId, purpose: 'criminal-record' };
}
