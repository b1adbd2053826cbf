/**
 * Ports of oversight (API.md, Oversight and accountability): corrective opinions and
 * complaints. Routing and state in the clear; what people wrote — findings, measures,
 * grounds, reasons, a complaint's description and resolution — inside an envelope under the
 * oversight key.
 */
import type { ComplaintStatus } from '../domain/oversight/complaints.ts';
import type { OpinionKind, OpinionState } from '../domain/oversight/opinions.ts';

export type AgencyRef = { role: string; org: string };

export type StoredOpinion = {
  opinionId: string;
  agency: AgencyRef;
  kind: OpinionKind;
  replyDue: string;
  state: OpinionState;
  issuedAt: string;
  issuedBy: { subject: string; org: string };
  repliedAt?: string;
  reviewRequestedAt?: string;
  reviewDecisionDue?: string;
  reviewDecidedAt?: string;
  /** An upheld review, reported to the procuratorate one level up (SPP arts. 552–554). */
  reportedTo?: AgencyRef;
  reportedToOrg?: string;
  version: number;
  envelope: Uint8Array;
};

export type OpinionContent = {
  findings: string;
  measures?: string;
  grounds?: string;
  reviewReasons?: string;
};

/** Whose opinions: those naming an agency, or those a procuratorate issued or was reported. */
export type OpinionScope = { agency: AgencyRef } | { supervisor: string };

export type OpinionPage = { opinions: StoredOpinion[]; cursor?: string };

export type ListPage = { cursor?: string; limit: number };

export interface OpinionStore {
  create(opinion: StoredOpinion): Promise<void>;
  get(opinionId: string): Promise<StoredOpinion | undefined>;
  listForAgency(agency: AgencyRef): Promise<StoredOpinion[]>;
  listIssuedBy(org: string): Promise<StoredOpinion[]>;
  /** The upheld reviews reported to this procuratorate. */
  listReportedTo(org: string): Promise<StoredOpinion[]>;
  listAll(): Promise<StoredOpinion[]>;
  /** A page, newest first: the agency's; or the procuratorate's issued, then reported to it. */
  page(scope: OpinionScope, request: ListPage): Promise<OpinionPage>;
  /** One conditional write: only from `fromState` at `expectedVersion`. */
  transition(
    opinionId: string,
    change: {
      fromState: OpinionState;
      expectedVersion: number;
      state: OpinionState;
      set: Partial<
        Pick<
          StoredOpinion,
          | 'repliedAt'
          | 'reviewRequestedAt'
          | 'reviewDecisionDue'
          | 'reviewDecidedAt'
          | 'reportedTo'
          | 'reportedToOrg'
        >
      >;
      envelope: Uint8Array;
    },
  ): Promise<'done' | 'conflict'>;
}

export type StoredComplaint = {
  complaintId: string;
  /** Blind index of the complainant's national ID: how they find their own complaints. */
  complainantIndex: string;
  against: AgencyRef;
  inquiryId?: string;
  status: ComplaintStatus;
  receivedAt: string;
  answeredAt?: string;
  answeredBy?: { subject: string; role: string; org: string };
  resolvedAt?: string;
  resolvedBy?: { subject: string; role: string; org: string };
  version: number;
  envelope: Uint8Array;
};

export type ComplaintContent = { description: string; response?: string; resolution?: string };

/** Whose complaints: the complainant's own, those against an agency, or all (supervisors). */
export type ComplaintScope = { complainantIndex: string } | { against: AgencyRef } | { all: true };

export type ComplaintPage = { complaints: StoredComplaint[]; cursor?: string };

export interface ComplaintStore {
  create(complaint: StoredComplaint): Promise<void>;
  get(complaintId: string): Promise<StoredComplaint | undefined>;
  listByComplainant(complainantIndex: string): Promise<StoredComplaint[]>;
  listAgainst(agency: AgencyRef): Promise<StoredComplaint[]>;
  listAll(): Promise<StoredComplaint[]>;
  /** A page, newest first; across all, by status (received, answered, resolved) first. */
  page(scope: ComplaintScope, request: ListPage): Promise<ComplaintPage>;
  /** One conditional write: only while `received`, at `expectedVersion`. */
  answer(
    complaintId: string,
    change: {
      expectedVersion: number;
      answeredAt: string;
      answeredBy: { subject: string; role: string; org: string };
      envelope: Uint8Array;
    },
  ): Promise<'done' | 'conflict'>;
  /** One conditional write: from `fromStatus` at `expectedVersion`. */
  resolve(
    complaintId: string,
    change: {
      fromStatus: ComplaintStatus;
      expectedVersion: number;
      resolvedAt: string;
      resolvedBy: { subject: string; role: string; org: string };
      envelope: Uint8Array;
    },
  ): Promise<'done' | 'conflict'>;
}

/** Port: whom an inquiry is about (its subject's blind index), read by state only. */
export interface InquirySubjects {
  subjectIndexOf(inquiryId: string): Promise<string | undefined>;
}
