/**
 * Use case: a person's application to have a record sealed (API.md, The person's own view;
 * RULES.md §5): the person — or a guardian or agent acting for them — asks the organisation
 * that holds the record; its officials decide with reasons within the same working-day period
 * as an inquiry; the person sees each application and its decision. Every step is audited
 * before its answer. A decision to seal goes to the sealing service, the only function that
 * may move a record under the sealed-archive key (ApplySealingEffects.sealOnApplication).
 *
 * The answer to an application never depends on the person's records: it is received the same
 * whether the case exists, is sealed already or was never there.
 */
import type { AgencyRole } from '../domain/agencies.ts';
import { blindIndexOfCase, blindIndexOfPerson } from '../domain/blindIndex.ts';
import { type CivilDate, chinaToday, compareCivilDates } from '../domain/calendar.ts';
import type { Official } from '../domain/inquiry/inquiry.ts';
import { restateDeadline, type WorkingDayCalendar } from '../domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import type { PersonConcerned } from '../domain/representation.ts';
import { OversightNotFoundError, OversightStateError } from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Ids } from '../ports/ids.ts';
import type {
  SealingApplicationContent,
  SealingApplicationStatus,
  SealingApplicationStore,
  SealingDecision,
  StoredSealingApplication,
} from '../ports/sealingApplications.ts';
import type { SealingApplicationQueue } from '../ports/sealingQueue.ts';
import { auditAgentOf } from './auditAgent.ts';

export type SealingApplicationsDependencies = {
  mac: MacGenerator;
  cipher: EnvelopeCipher;
  applications: SealingApplicationStore;
  queue: SealingApplicationQueue;
  audit: AuditLog;
  clock: Clock;
  ids: Ids;
  calendar: WorkingDayCalendar;
  params?: LegalParameters;
};

export type SealingApplicationView = {
  applicationId: string;
  caseNumber: string;
  agency: { role: string; org: string };
  grounds: string;
  status: SealingApplicationStatus;
  decideBy: string;
  calendar: 'official' | 'provisional';
  overdue: boolean;
  receivedAt: string;
  decision?: { decision: SealingDecision; reasons: string; decidedAt: string };
  /** To the deciding organisation only: who applied, as verified. */
  applicant?: { name: string; nationalIdMasked: string };
};

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const context = (applicationId: string) => ({
  recordId: applicationId,
  purpose: 'sealing-application',
});

const BASIS = ['CPL art. 286', 'IM art. 4'];

export class SealingApplications {
  private readonly deps: SealingApplicationsDependencies;
  readonly #params: LegalParameters;

  constructor(deps: SealingApplicationsDependencies) {
    this.deps = deps;
    this.#params = deps.params ?? LEGAL_PARAMETERS;
  }

  async apply(
    caller: { subject: string } & PersonConcerned,
    input: { caseNumber: string; agency: { role: AgencyRole; org: string }; grounds: string },
  ): Promise<{ applicationId: string; decideBy: string; calendar: 'official' | 'provisional' }> {
    const { deps } = this;
    const now = deps.clock.now();
    const applicantIndex = await blindIndexOfPerson(deps.mac, caller.nationalId);
    const caseIndex = await blindIndexOfCase(deps.mac, input.caseNumber);
    const agent = await auditAgentOf(deps.mac, caller.agent);
    const deadline = deps.calendar.deadline(
      chinaToday(now),
      this.#params.sealingApplicationDecision[input.agency.role],
    );
    const applicationId = this.deps.ids.uuid();
    const content: SealingApplicationContent = {
      caseNumber: input.caseNumber,
      grounds: input.grounds,
      applicant: { name: caller.name, nationalIdMasked: maskNationalId(caller.nationalId) },
    };
    await deps.audit.append({
      eventId: `sealing-application.apply:${applicationId}`,
      at: now.toISOString(),
      actor: { subject: caller.subject, role: 'citizen', organisation: '' },
      action: 'sealing-application.apply',
      recordId: applicationId,
      blindIndex: applicantIndex,
      legalBasis: BASIS,
      ...(agent ? { agent } : {}),
    });
    await deps.applications.create({
      applicationId,
      applicantIndex,
      caseIndex,
      agency: input.agency,
      status: 'pending',
      receivedAt: now.toISOString(),
      decideBy: deadline.date,
      calendar: deadline.calendar,
      version: 1,
      envelope: await this.seal(applicationId, content),
    });
    return { applicationId, decideBy: deadline.date, calendar: deadline.calendar };
  }

  /** The person's own applications (or those of the person a guardian acts for). */
  async listMine(
    caller: { subject: string } & Pick<PersonConcerned, 'nationalId' | 'agent'>,
  ): Promise<SealingApplicationView[]> {
    const { deps } = this;
    const applicantIndex = await blindIndexOfPerson(deps.mac, caller.nationalId);
    const agent = await auditAgentOf(deps.mac, caller.agent);
    const at = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `sealing-application.read:${applicantIndex}:${at}`,
      at,
      actor: { subject: caller.subject, role: 'citizen', organisation: '' },
      action: 'sealing-application.read',
      recordId: applicantIndex,
      blindIndex: applicantIndex,
      ...(agent ? { agent } : {}),
    });
    const views: SealingApplicationView[] = [];
    for (const stored of await deps.applications.listByApplicant(applicantIndex)) {
      views.push(this.viewOf(stored, await this.open(stored), false));
    }
    return views.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  /** The applications addressed to the official's organisation, by deadline, paged. */
  async listForAgency(
    official: Official,
    query: { status: SealingApplicationStatus; cursor?: string; limit: number },
  ): Promise<{ applications: SealingApplicationView[]; cursor?: string }> {
    const { deps } = this;
    const at = deps.clock.now().toISOString();
    const page = await deps.applications.listForAgency(
      { role: official.role, org: official.org },
      query.status,
      query,
    );
    // One event a page, naming what it showed, before any of it is opened.
    await deps.audit.append({
      eventId: `sealing-application.list:${official.subject}:${at}:${query.cursor ?? ''}`,
      at,
      actor: { subject: official.subject, role: official.role, organisation: official.org },
      action: 'sealing-application.list',
      recordId: `${official.role}#${official.org}`,
      listed: page.applications.map((application) => application.applicationId),
    });
    const applications: SealingApplicationView[] = [];
    for (const stored of page.applications) {
      applications.push(this.viewOf(stored, await this.open(stored), true));
    }
    return { applications, ...(page.cursor ? { cursor: page.cursor } : {}) };
  }

  /**
   * An official of the addressed organisation decides, with reasons; anyone else learns
   * nothing (404). `seal` is carried out by the sealing service.
   */
  async decide(
    official: Official,
    applicationId: string,
    input: { decision: SealingDecision; reasons: string },
  ): Promise<SealingApplicationView> {
    const { deps } = this;
    const stored = await deps.applications.get(applicationId);
    if (
      stored === undefined ||
      stored.agency.role !== official.role ||
      stored.agency.org !== official.org
    ) {
      throw new OversightNotFoundError('not found');
    }
    if (stored.status !== 'pending') throw new OversightStateError('out-of-order');
    const decidedAt = deps.clock.now().toISOString();
    const content = { ...(await this.open(stored)), reasons: input.reasons };
    await deps.audit.append({
      eventId: `sealing-application.decide:${applicationId}`,
      at: decidedAt,
      actor: { subject: official.subject, role: official.role, organisation: official.org },
      action: 'sealing-application.decide',
      recordId: applicationId,
      blindIndex: stored.applicantIndex,
      legalBasis: BASIS,
      outcome: input.decision,
    });
    const outcome = await deps.applications.decide(applicationId, {
      expectedVersion: stored.version,
      decision: input.decision,
      decidedAt,
      decidedBy: official.subject,
      envelope: await this.seal(applicationId, content),
    });
    if (outcome === 'conflict') throw new OversightStateError('out-of-order');
    if (input.decision === 'seal') {
      // Applied off the request path; retried by the queue until done (idempotent).
      await deps.queue.enqueue({ applicationId, personIndex: stored.applicantIndex });
    }
    return this.viewOf(
      {
        ...stored,
        status: 'decided',
        decision: input.decision,
        decidedAt,
        decidedBy: official.subject,
      },
      content,
      true,
    );
  }

  private viewOf(
    stored: StoredSealingApplication,
    content: SealingApplicationContent,
    forDecider: boolean,
  ): SealingApplicationView {
    const now = this.deps.clock.now();
    // A provisional deadline as it stands today: restated, never earlier (RULES.md §5).
    const deadline = restateDeadline(
      { date: stored.decideBy as CivilDate, calendar: stored.calendar },
      () =>
        this.deps.calendar.deadline(
          chinaToday(new Date(stored.receivedAt)),
          this.#params.sealingApplicationDecision[stored.agency.role],
        ),
    );
    return {
      applicationId: stored.applicationId,
      caseNumber: content.caseNumber,
      agency: stored.agency,
      grounds: content.grounds,
      status: stored.status,
      decideBy: deadline.date,
      calendar: deadline.calendar,
      overdue: stored.status === 'pending' && compareCivilDates(chinaToday(now), deadline.date) > 0,
      receivedAt: stored.receivedAt,
      ...(stored.decision && stored.decidedAt
        ? {
            decision: {
              decision: stored.decision,
              reasons: content.reasons ?? '',
              decidedAt: stored.decidedAt,
            },
          }
        : {}),
      ...(forDecider ? { applicant: content.applicant } : {}),
    };
  }

  private seal(applicationId: string, content: SealingApplicationContent) {
    return this.deps.cipher.encrypt(
      encoder.encode(JSON.stringify(content)),
      'oversight',
      context(applicationId),
    );
  }

  private async open(stored: StoredSealingApplication): Promise<SealingApplicationContent> {
    const plaintext = await this.deps.cipher.decrypt(
      stored.envelope,
      'oversight',
      context(stored.applicationId),
    );
    return JSON.parse(decoder.decode(plaintext)) as SealingApplicationContent;
  }
}
