/**
 * Port: where records live. One item per record; the only plain attributes are those
 * routing needs, everything personal is inside `envelope` (DESIGN.md, Storage).
 */
import type { KeyClass } from './envelope.ts';

export type StoredRecord = {
  recordId: string;
  /** HMAC of the normalised national ID: how a person's records are found. */
  blindIndex: string;
  /** HMAC of the case number: how co-defendants' records are linked. */
  caseIndex: string;
  owningAgency: string;
  recordType: string;
  status: 'sealed' | 'open';
  /** True exactly while the record is an unsealed conviction (the sparse index). */
  disclosable: boolean;
  /** 含犯罪记录封存信息: the record cites a co-defendant's sealed record (IM arts. 5–6). */
  containsSealedInformation: boolean;
  keyClass: KeyClass;
  envelope: Uint8Array;
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set when a legal ground unsealed the record: the triggering decision's date. */
  unsealedFrom?: string;
};

export type UnsealChange = {
  expectedVersion: number;
  envelope: Uint8Array;
  /** The blind index to put back in the Disclosable index, when the record is a conviction. */
  disclosableBlindIndex?: string;
  unsealedFrom: string;
  updatedAt: string;
};

export interface RecordStore {
  /** Stores a new record; `exists` when the record ID is already taken. */
  create(record: StoredRecord): Promise<'created' | 'exists'>;
  get(recordId: string): Promise<StoredRecord | undefined>;
  /** Removes a record this request created and could not audit (compensation). */
  deleteUnaudited(recordId: string, version: number): Promise<void>;
  listRecordIdsOfPerson(blindIndex: string): Promise<string[]>;
  markContainsSealedInformation(recordId: string, updatedAt: string): Promise<void>;
  /** Re-encrypted under the records key and back in the disclosable index, in one write. */
  unseal(recordId: string, change: UnsealChange): Promise<void>;
}

/** One record's entry among the records of its case. */
export type CaseLink = {
  recordId: string;
  blindIndex: string;
  sealed: boolean;
  /** Blind indexes of the co-defendants the record names. */
  names: string[];
};

/** Port: joint-crime links between the records of one case (IM arts. 5–6). */
export interface CaseLinks {
  linkRecord(caseIndex: string, link: CaseLink): Promise<void>;
  /** Strongly consistent: a link written before this call is always returned. */
  linksOfCase(caseIndex: string): Promise<CaseLink[]>;
}
