/**
 * What a record's envelope holds (encrypted under the records or sealed-archive key): the
 * submission as received — except that co-defendants are kept only as blind indexes, so an
 * adult's record never carries a minor's ID number — the decision taken on it, and the effects
 * the sealing service applied later.
 */
import type { ReviewFlag } from './record.ts';
import type { RecordSubmission } from './submission.ts';

export type StoredSubmission = Omit<RecordSubmission, 'coDefendants' | 'combinedWith'> & {
  coDefendants?: { blindIndex: string }[];
  combinedWith?: { caseNumber: string; caseIndex: string; offenceDate?: string }[];
};

export type RecordEnvelope = {
  schemaVersion: 2;
  submission: StoredSubmission;
  decision: {
    sealed: boolean;
    /** 含犯罪记录封存信息, decided from this record's own facts (IM arts. 5–6); absent before it was. */
    containsSealedInformation?: boolean;
    basis: string[];
    reviewFlags: ReviewFlag[];
    parametersVersion: string;
  };
  receivedAt: string;
  submittedBy: { subject: string; role: string; organisation: string };
  /** Set by the sealing service: what the person's other records changed about this one. */
  effects?: {
    reviewFlags: ReviewFlag[];
    unsealing?: { from: string; basis: string[]; byRecordId: string };
    supersededBy?: string;
    /** Sealed later, on the person's application, by the holding organisation's decision. */
    sealedOnApplication?: { applicationId: string; at: string; basis: string[] };
  };
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeEnvelope(envelope: RecordEnvelope): Uint8Array {
  return encoder.encode(JSON.stringify(envelope));
}

export function decodeEnvelope(plaintext: Uint8Array): RecordEnvelope {
  return JSON.parse(decoder.decode(plaintext)) as RecordEnvelope;
}
