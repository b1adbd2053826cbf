/**
 * Ports of the inquiry path (API.md, Inquiries). Applications are stored with their routing
 * and state in the clear and everything the applicant wrote — the subject's ID and name, the
 * reason, the purpose — inside an envelope under the inquiries key.
 */
import type { Agency } from '../domain/agencies.ts';
import type { InquiryState, InquiryStatus } from '../domain/inquiry/inquiry.ts';

export type StoredInquiry = InquiryState & { envelope: Uint8Array };

export type InquiryDecision = {
  expectedVersion: number;
  status: Exclude<InquiryStatus, 'pending'>;
  decidedBy: string;
  decidedAt: string;
  envelope: Uint8Array;
  /** An approval's granted scope and its signature (absent on a refusal). */
  granted?: InquiryState['granted'];
  approval?: string;
};

/** One page of a list: `cursor` continues it, absent on the last page. */
export type InquiryPage = { inquiries: StoredInquiry[]; cursor?: string };

export interface InquiryStore {
  /** `exists` when the ID is taken (a retry of the same application). */
  create(inquiry: StoredInquiry): Promise<'created' | 'exists'>;
  get(inquiryId: string): Promise<StoredInquiry | undefined>;
  /** Removes an application this request created and could not audit (compensation). */
  remove(inquiryId: string, version: number): Promise<void>;
  /**
   * Applications addressed to one organisation in a status, oldest deadline first, a page at
   * a time; `cursor` is what the previous page returned (an opaque string; a cursor that is
   * not one this store made for this organisation and status: `InvalidCursorError`).
   */
  listFor(
    agency: Agency,
    status: InquiryStatus,
    page: { cursor?: string; limit: number },
  ): Promise<InquiryPage>;
  /** Every application about a person (blind index), for their access log. */
  listAbout(subjectIndex: string): Promise<StoredInquiry[]>;
  /** A page of the applications about a person (blind index), newest first. */
  pageAbout(subjectIndex: string, page: { cursor?: string; limit: number }): Promise<InquiryPage>;
  /** Only from `pending`, only at `expectedVersion`: `conflict` otherwise. */
  decide(inquiryId: string, decision: InquiryDecision): Promise<'decided' | 'conflict'>;
  /** Only once, only when approved: `conflict` otherwise. */
  acknowledge(
    inquiryId: string,
    acknowledgement: { by: string; at: string; expectedVersion: number },
  ): Promise<'acknowledged' | 'conflict'>;
}

/** Port: each inquiry's one letter, stored once and returned on every later fetch. */
export interface InquiryLetterStore {
  get(inquiryId: string): Promise<Uint8Array | undefined>;
  /** Stores the sealed letter unless one is stored: `exists` then (a concurrent first fetch). */
  putOnce(inquiryId: string, sealed: Uint8Array, issuedAt: string): Promise<'stored' | 'exists'>;
}

/**
 * Port: the two functions that produce a result (the letter; the judicial full file),
 * invoked by the inquiry function for an approved, acknowledged inquiry. In AWS a synchronous
 * Lambda invocation; locally the same handlers in process.
 */
export type ResultRequest = {
  inquiryId: string;
  requester: { subject: string; role: string; org: string };
};
/** The producing function's answer, passed on as it is (a problem document on failure). */
export type ResultResponse = {
  statusCode: number;
  contentType: string;
  body: string;
  /** With a 503 or 429: when to try again (`Retry-After`), passed on to the caller. */
  retryAfter?: string;
};

export interface ResultProducers {
  letter(request: ResultRequest): Promise<ResultResponse>;
  fullFile(request: ResultRequest): Promise<ResultResponse>;
}
