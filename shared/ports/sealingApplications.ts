/**
 * Port: a person's applications to have a record sealed (API.md, The person's own view;
 * RULES.md §5: the person "may ask the holding organisation to seal a record that should have
 * been sealed"). Routing and state in the clear — the applicant and the case as blind
 * indexes; what the person wrote, the case number and the reasons inside an envelope.
 */
import type { AgencyRole } from '../domain/agencies.ts';
import type { CalendarSource } from '../domain/inquiry/workingDays.ts';

export type SealingApplicationStatus = 'pending' | 'decided';
export type SealingDecision = 'seal' | 'refuse';

export type StoredSealingApplication = {
  applicationId: string;
  /** Blind index of the person the application concerns. */
  applicantIndex: string;
  /** Blind index of the case number: how the sealing service finds the record. */
  caseIndex: string;
  agency: { role: AgencyRole; org: string };
  status: SealingApplicationStatus;
  decision?: SealingDecision;
  receivedAt: string;
  /** First stated; a provisional one is restated on reading, never earlier. */
  decideBy: string;
  calendar: CalendarSource;
  decidedAt?: string;
  /** The deciding official (`sub`). */
  decidedBy?: string;
  version: number;
  envelope: Uint8Array;
};

export type SealingApplicationContent = {
  caseNumber: string;
  grounds: string;
  /** The person, as the identity provider verified them: name and masked ID for the decider. */
  applicant: { name: string; nationalIdMasked: string };
  reasons?: string;
};

export type ApplicationPage = { applications: StoredSealingApplication[]; cursor?: string };

export interface SealingApplicationStore {
  create(application: StoredSealingApplication): Promise<void>;
  get(applicationId: string): Promise<StoredSealingApplication | undefined>;
  /** An organisation's applications in one status, by deadline, a page at a time. */
  listForAgency(
    agency: { role: string; org: string },
    status: SealingApplicationStatus,
    page: { cursor?: string; limit: number },
  ): Promise<ApplicationPage>;
  listByApplicant(applicantIndex: string): Promise<StoredSealingApplication[]>;
  /** One conditional write: only while pending at `expectedVersion`. */
  decide(
    applicationId: string,
    change: {
      expectedVersion: number;
      decision: SealingDecision;
      decidedAt: string;
      decidedBy: string;
      envelope: Uint8Array;
    },
  ): Promise<'done' | 'conflict'>;
}

/** What the sealing service reads of an application: its state, never its envelope. */
export type SealingApplicationReader = Pick<SealingApplicationStore, 'get'>;
