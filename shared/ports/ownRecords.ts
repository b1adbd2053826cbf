/**
 * Port: the person's own view of their records (shared/domain/ownRecords.ts), one entry per
 * record under the person's blind index, its content inside an envelope under the
 * person-view key. The sealing service writes it (encrypt only); the own-view function reads
 * it (decrypt only) and nothing else: it never touches a record or the sealed archive.
 */
export type StoredOwnRecord = {
  personIndex: string;
  recordId: string;
  updatedAt: string;
  envelope: Uint8Array;
};

export interface OwnRecordsWriter {
  /** Writes the entry as it now stands (the same state writes the same entry). */
  put(entry: StoredOwnRecord): Promise<void>;
}

export interface OwnRecordsReader {
  listFor(personIndex: string): Promise<StoredOwnRecord[]>;
}

/** The encryption context binding an entry to its record and to the own view. */
export function ownRecordEnvelopeContext(recordId: string) {
  return { recordId, purpose: 'own-view' };
}
