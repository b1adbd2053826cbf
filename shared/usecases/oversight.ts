/**
 * Use cases of oversight (IM arts. 20–22; SPP rules 552–554; API.md, Oversight): corrective
 * opinions and their replies and reviews, complaints and their resolutions, and agencies'
 * notices. Every step is audited before its answer, attributed to the individual official;
 * a step out of order is refused (409) and changes nothing.
 */
import { mapBounded } from '../concurrency.ts';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import { type CivilDate, chinaToday, compareCivilDates } from '../domain/calendar.ts';
import { parentDivision } from '../domain/directory/agencyDirectory.ts';
import type { Official } from '../domain/inquiry/inquiry.ts';
import { mayTakeOnComplaint } from '../domain/oversight/complaints.ts';
import { currentAcknowledgementDeadline } from '../domain/oversight/noticeDeadline.ts';
import {
  isReviewable,
  mayTake,
  type OpinionAction,
  type OpinionKind,
  type OpinionState,
  opinionStatus,
  reviewDecisionDue,
} from '../domain/oversight/opinions.ts';
import type { PersonConcerned } from '../domain/representation.ts';
import {
  ComplaintInquiryNotAboutComplainantError,
  OversightNotFoundError,
  OversightStateError,
} from '../errors.ts';
import type { AgencyDirectory } from '../ports/agencyDirectory.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Ids } from '../ports/ids.ts';
import type { Notice, NoticeStore } from '../ports/notices.ts';
import type {
  AgencyRef,
  ComplaintContent,
  ComplaintScope,
  ComplaintStore,
  InquirySubjects,
  ListPage,
  OpinionContent,
  OpinionStore,
  StoredComplaint,
  StoredOpinion,
} from '../ports/oversight.ts';
import { auditAgentOf } from './auditAgent.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Envelopes of oversight documents, each bound to its own ID. */
async function seal(cipher: EnvelopeCipher, id: string, content: unknown) {
  return cipher.encrypt(encoder.encode(JSON.stringify(content)), 'oversight', {
    recordId: id,
    purpose: 'oversight',
  });
}

async function open<T>(cipher: EnvelopeCipher, id: string, envelope: Uint8Array): Promise<T> {
  const plaintext = await cipher.decrypt(envelope, 'oversight', {
    recordId: id,
    purpose: 'oversight',
  });
  return JSON.parse(decoder.decode(plaintext)) as T;
}

const actorOf = (official: Official) => ({
  subject: official.subject,
  role: official.role,
  organisation: official.org,
});

const sameAgency = (a: AgencyRef, official: Official) =>
  a.role === official.role && a.org === official.org;

export type OversightDependencies = {
  mac: MacGenerator;
  cipher: EnvelopeCipher;
  opinions: OpinionStore;
  complaints: ComplaintStore;
  /** Whom an inquiry named in a complaint is about (its blind index only). */
  inquirySubjects: InquirySubjects;
  /** Where an upheld review is reported: the procuratorate one level up. */
  directory: AgencyDirectory;
  ids: Ids;
  audit: AuditLog;
  clock: Clock;
};

export type OpinionView = {
  opinionId: string;
  agency: AgencyRef;
  kind: OpinionKind;
  findings: string;
  replyDue: string;
  status: ReturnType<typeof opinionStatus>;
  issuedAt: string;
  reply?: { measures: string; at: string };
  review?: {
    grounds: string;
    requestedAt: string;
    decisionDue: string;
    decision?: 'upheld' | 'withdrawn';
    reasons?: string;
    decidedAt?: string;
  };
  /** An upheld review, reported to the procuratorate one level up. */
  reportedTo?: AgencyRef;
};

export class CorrectiveOpinions {
  private readonly deps: OversightDependencies;
  constructor(deps: OversightDependencies) {
    this.deps = deps;
  }

  async issue(
    supervisor: Official,
    input: { agency: AgencyRef; kind: OpinionKind; findings: string; replyDue: string },
  ): Promise<OpinionView> {
    const now = this.deps.clock.now();
    if (compareCivilDates(input.replyDue as CivilDate, chinaToday(now)) < 0) {
      throw new OversightStateError('reply-due-in-the-past');
    }
    const opinionId = this.deps.ids.uuid();
    const content: OpinionContent = { findings: input.findings };
    const opinion: StoredOpinion = {
      opinionId,
      agency: input.agency,
      kind: input.kind,
      replyDue: input.replyDue,
      state: 'issued',
      issuedAt: now.toISOString(),
      issuedBy: { subject: supervisor.subject, org: supervisor.org },
      version: 1,
      envelope: await seal(this.deps.cipher, opinionId, content),
    };
    await this.deps.audit.append({
      eventId: `opinion.issue:${opinionId}`,
      at: opinion.issuedAt,
      actor: actorOf(supervisor),
      action: 'opinion.issue',
      recordId: opinionId,
      legalBasis: ['IM art. 22', 'SPP art. 552'],
    });
    await this.deps.opinions.create(opinion);
    return this.viewOf(opinion, content);
  }

  /**
   * A page of the opinions the supervisor's organisation issued (then those reported to it);
   * an agency, those naming it. Newest first; decrypted a few at a time.
   */
  async list(
    caller: Official,
    page: ListPage,
  ): Promise<{ opinions: OpinionView[]; cursor?: string }> {
    const at = this.deps.clock.now().toISOString();
    const stored = await this.deps.opinions.page(
      caller.role === 'supervisor'
        ? { supervisor: caller.org }
        : { agency: { role: caller.role, org: caller.org } },
      page,
    );
    // One event a page, naming what it showed, before any of it is opened.
    await this.deps.audit.append({
      eventId: `opinion.list:${caller.subject}:${at}:${page.cursor ?? ''}`,
      at,
      actor: actorOf(caller),
      action: 'opinion.list',
      recordId: `${caller.role}#${caller.org}`,
      listed: stored.opinions.map((opinion) => opinion.opinionId),
    });
    const opinions = await mapBounded(stored.opinions, async (opinion) =>
      this.viewOf(opinion, await this.contentOf(opinion)),
    );
    return { opinions, ...(stored.cursor ? { cursor: stored.cursor } : {}) };
  }

  async reply(official: Official, opinionId: string, measures: string): Promise<OpinionView> {
    return this.step(official, opinionId, 'reply', 'replied', (content) => ({
      content: { ...content, measures },
      set: { repliedAt: this.deps.clock.now().toISOString() },
    }));
  }

  async requestReview(
    official: Official,
    opinionId: string,
    grounds: string,
  ): Promise<OpinionView> {
    const now = this.deps.clock.now();
    const opinion = await this.visibleTo(official, opinionId);
    if (!isReviewable(opinion.kind)) throw new OversightStateError('review-not-available');
    return this.step(official, opinionId, 'request-review', 'review-requested', (content) => ({
      content: { ...content, grounds },
      set: { reviewRequestedAt: now.toISOString(), reviewDecisionDue: reviewDecisionDue(now) },
    }));
  }

  async decideReview(
    supervisor: Official,
    opinionId: string,
    decision: { decision: 'upheld' | 'withdrawn'; reasons: string },
  ): Promise<OpinionView> {
    // An upheld review is reported to the procuratorate one level up (RULES.md §6).
    const reportedTo =
      decision.decision === 'upheld' ? await this.superiorOf(supervisor.org) : undefined;
    const view = await this.step(
      supervisor,
      opinionId,
      'decide-review',
      decision.decision,
      (content) => ({
        content: { ...content, reviewReasons: decision.reasons },
        set: {
          reviewDecidedAt: this.deps.clock.now().toISOString(),
          ...(reportedTo ? { reportedTo, reportedToOrg: reportedTo.org } : {}),
        },
      }),
    );
    if (decision.decision === 'upheld') {
      const at = this.deps.clock.now().toISOString();
      await this.deps.audit.append({
        eventId: `opinion.report:${opinionId}`,
        at,
        actor: actorOf(supervisor),
        action: 'opinion.report',
        recordId: opinionId,
        legalBasis: ['SPP arts. 552–554'],
        outcome: reportedTo ? reportedTo.org : 'no-superior-in-directory',
      });
    }
    return view;
  }

  /** The procuratorate of the division one level up from the supervisor's own, by the directory. */
  private async superiorOf(org: string): Promise<AgencyRef | undefined> {
    const entry = await this.deps.directory.entry(org);
    const parent = entry && parentDivision(entry.division);
    if (!parent) return undefined;
    const [superior] = await this.deps.directory.inDivision(parent, 'procuratorate');
    return superior;
  }

  private async step(
    official: Official,
    opinionId: string,
    action: OpinionAction,
    to: OpinionState,
    change: (content: OpinionContent) => {
      content: OpinionContent;
      set: Parameters<OpinionStore['transition']>[1]['set'];
    },
  ): Promise<OpinionView> {
    const opinion = await this.visibleTo(official, opinionId);
    const bySupervisor = action === 'decide-review';
    const entitled = bySupervisor
      ? official.role === 'supervisor' && official.org === opinion.issuedBy.org
      : sameAgency(opinion.agency, official);
    if (!entitled) throw new OversightStateError('not-yours-to-take');
    if (!mayTake(action, opinion.state)) throw new OversightStateError('out-of-order');
    const { content, set } = change(await this.contentOf(opinion));
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.append({
      eventId: `opinion.${action}:${opinionId}:${opinion.version}`,
      at,
      actor: actorOf(official),
      action: `opinion.${action}`,
      recordId: opinionId,
      legalBasis: ['IM art. 22', 'SPP art. 553'],
    });
    const outcome = await this.deps.opinions.transition(opinionId, {
      fromState: opinion.state,
      expectedVersion: opinion.version,
      state: to,
      set,
      envelope: await seal(this.deps.cipher, opinionId, content),
    });
    if (outcome === 'conflict') throw new OversightStateError('out-of-order');
    return this.viewOf({ ...opinion, ...set, state: to, version: opinion.version + 1 }, content);
  }

  private async visibleTo(caller: Official, opinionId: string): Promise<StoredOpinion> {
    const opinion = await this.deps.opinions.get(opinionId);
    const visible =
      opinion !== undefined &&
      ((caller.role === 'supervisor' &&
        (caller.org === opinion.issuedBy.org || caller.org === opinion.reportedTo?.org)) ||
        sameAgency(opinion.agency, caller));
    if (!visible) throw new OversightNotFoundError('not found');
    return opinion;
  }

  private contentOf(opinion: StoredOpinion): Promise<OpinionContent> {
    return open<OpinionContent>(this.deps.cipher, opinion.opinionId, opinion.envelope);
  }

  private viewOf(opinion: StoredOpinion, content: OpinionContent): OpinionView {
    const reviewed = opinion.state === 'upheld' || opinion.state === 'withdrawn';
    return {
      opinionId: opinion.opinionId,
      agency: opinion.agency,
      kind: opinion.kind,
      findings: content.findings,
      replyDue: opinion.replyDue,
      status: opinionStatus(
        { state: opinion.state, replyDue: opinion.replyDue as CivilDate },
        this.deps.clock.now(),
      ),
      issuedAt: opinion.issuedAt,
      ...(content.measures && opinion.repliedAt
        ? { reply: { measures: content.measures, at: opinion.repliedAt } }
        : {}),
      ...(content.grounds && opinion.reviewRequestedAt
        ? {
            review: {
              grounds: content.grounds,
              requestedAt: opinion.reviewRequestedAt,
              decisionDue: opinion.reviewDecisionDue ?? '',
              ...(reviewed
                ? {
                    decision: opinion.state as 'upheld' | 'withdrawn',
                    reasons: content.reviewReasons,
                    decidedAt: opinion.reviewDecidedAt,
                  }
                : {}),
            },
          }
        : {}),
      ...(opinion.reportedTo ? { reportedTo: opinion.reportedTo } : {}),
    };
  }
}

export type ComplaintView = {
  complaintId: string;
  against: AgencyRef;
  inquiryId?: string;
  description: string;
  status: StoredComplaint['status'];
  receivedAt: string;
  /** The organisation named answers. */
  response?: string;
  answeredAt?: string;
  /** Only a supervisor resolves. */
  resolution?: string;
  resolvedAt?: string;
};

export class Complaints {
  private readonly deps: OversightDependencies;
  constructor(deps: OversightDependencies) {
    this.deps = deps;
  }

  async file(
    citizen: { subject: string; nationalId: string; agent?: PersonConcerned['agent'] },
    input: { against: AgencyRef; description: string; inquiryId?: string },
  ): Promise<ComplaintView> {
    const complaintId = this.deps.ids.uuid();
    const receivedAt = this.deps.clock.now().toISOString();
    const complainantIndex = await blindIndexOfPerson(this.deps.mac, citizen.nationalId);
    const agent = await auditAgentOf(this.deps.mac, citizen.agent);
    // An inquiry named must be one about the person complaining: one about anyone else, or
    // none at all, is answered alike (nothing learnt about other people's inquiries).
    if (
      input.inquiryId !== undefined &&
      (await this.deps.inquirySubjects.subjectIndexOf(input.inquiryId)) !== complainantIndex
    ) {
      throw new ComplaintInquiryNotAboutComplainantError();
    }
    const content: ComplaintContent = { description: input.description };
    const complaint: StoredComplaint = {
      complaintId,
      complainantIndex,
      against: input.against,
      ...(input.inquiryId ? { inquiryId: input.inquiryId } : {}),
      status: 'received',
      receivedAt,
      version: 1,
      envelope: await seal(this.deps.cipher, complaintId, content),
    };
    await this.deps.audit.append({
      eventId: `complaint.file:${complaintId}`,
      at: receivedAt,
      actor: { subject: citizen.subject, role: 'citizen', organisation: '' },
      action: 'complaint.file',
      recordId: complaintId,
      blindIndex: complainantIndex,
      legalBasis: ['IM art. 21'],
      ...(agent ? { agent } : {}),
    });
    await this.deps.complaints.create(complaint);
    return this.viewOf(complaint, content);
  }

  /** The person their own; the agency named, those against it; every supervisor, all. */
  async list(
    caller: Official & { nationalId?: string },
    page: ListPage,
  ): Promise<{ complaints: ComplaintView[]; cursor?: string }> {
    const at = this.deps.clock.now().toISOString();
    const audit = (listed: string[]) =>
      this.deps.audit.append({
        eventId: `complaint.list:${caller.subject}:${at}:${page.cursor ?? ''}`,
        at,
        actor: actorOf(caller),
        action: 'complaint.list',
        recordId: `${caller.role}#${caller.org}`,
        listed,
      });
    let scope: ComplaintScope;
    if (caller.role === 'citizen') {
      if (!caller.nationalId) {
        await audit([]);
        return { complaints: [] };
      }
      scope = { complainantIndex: await blindIndexOfPerson(this.deps.mac, caller.nationalId) };
    } else if (caller.role === 'supervisor') {
      scope = { all: true };
    } else {
      scope = { against: { role: caller.role, org: caller.org } };
    }
    const stored = await this.deps.complaints.page(scope, page);
    // One event a page, naming what it showed, before any of it is opened.
    await audit(stored.complaints.map((complaint) => complaint.complaintId));
    const complaints = await mapBounded(stored.complaints, async (complaint) =>
      this.viewOf(complaint, await this.contentOf(complaint)),
    );
    return { complaints, ...(stored.cursor ? { cursor: stored.cursor } : {}) };
  }

  /** The organisation named answers, once (IM art. 21); a supervisor closes it afterwards. */
  async answer(official: Official, complaintId: string, response: string): Promise<ComplaintView> {
    const complaint = await this.deps.complaints.get(complaintId);
    if (!complaint || !sameAgency(complaint.against, official)) {
      throw new OversightNotFoundError('not found');
    }
    if (!mayTakeOnComplaint('answer', complaint.status)) {
      throw new OversightStateError('out-of-order');
    }
    const content = { ...(await this.contentOf(complaint)), response };
    const answeredAt = this.deps.clock.now().toISOString();
    const answeredBy = { subject: official.subject, role: official.role, org: official.org };
    await this.deps.audit.append({
      eventId: `complaint.answer:${complaintId}`,
      at: answeredAt,
      actor: actorOf(official),
      action: 'complaint.answer',
      recordId: complaintId,
      blindIndex: complaint.complainantIndex,
      legalBasis: ['IM art. 21'],
    });
    const outcome = await this.deps.complaints.answer(complaintId, {
      expectedVersion: complaint.version,
      answeredAt,
      answeredBy,
      envelope: await seal(this.deps.cipher, complaintId, content),
    });
    if (outcome === 'conflict') throw new OversightStateError('out-of-order');
    return this.viewOf({ ...complaint, status: 'answered', answeredAt, answeredBy }, content);
  }

  /**
   * Only a supervisor closes a complaint (IM art. 21; RULES.md §6): the organisation
   * complained against never resolves its own — it is told the step belongs to another party.
   */
  async resolve(
    official: Official,
    complaintId: string,
    resolution: string,
  ): Promise<ComplaintView> {
    const complaint = await this.deps.complaints.get(complaintId);
    const visible =
      complaint !== undefined &&
      (official.role === 'supervisor' || sameAgency(complaint.against, official));
    if (!complaint || !visible) throw new OversightNotFoundError('not found');
    if (official.role !== 'supervisor') throw new OversightStateError('not-yours-to-take');
    if (!mayTakeOnComplaint('resolve', complaint.status)) {
      throw new OversightStateError('out-of-order');
    }
    const content = { ...(await this.contentOf(complaint)), resolution };
    const resolvedAt = this.deps.clock.now().toISOString();
    const resolvedBy = { subject: official.subject, role: official.role, org: official.org };
    await this.deps.audit.append({
      eventId: `complaint.resolve:${complaintId}`,
      at: resolvedAt,
      actor: actorOf(official),
      action: 'complaint.resolve',
      recordId: complaintId,
      blindIndex: complaint.complainantIndex,
      legalBasis: ['IM art. 21'],
    });
    const outcome = await this.deps.complaints.resolve(complaintId, {
      fromStatus: complaint.status,
      expectedVersion: complaint.version,
      resolvedAt,
      resolvedBy,
      envelope: await seal(this.deps.cipher, complaintId, content),
    });
    if (outcome === 'conflict') throw new OversightStateError('out-of-order');
    return this.viewOf({ ...complaint, status: 'resolved', resolvedAt, resolvedBy }, content);
  }

  private contentOf(complaint: StoredComplaint): Promise<ComplaintContent> {
    return open<ComplaintContent>(this.deps.cipher, complaint.complaintId, complaint.envelope);
  }

  private viewOf(complaint: StoredComplaint, content: ComplaintContent): ComplaintView {
    return {
      complaintId: complaint.complaintId,
      against: complaint.against,
      ...(complaint.inquiryId ? { inquiryId: complaint.inquiryId } : {}),
      description: content.description,
      status: complaint.status,
      receivedAt: complaint.receivedAt,
      ...(content.response ? { response: content.response } : {}),
      ...(complaint.answeredAt ? { answeredAt: complaint.answeredAt } : {}),
      ...(content.resolution ? { resolution: content.resolution } : {}),
      ...(complaint.resolvedAt ? { resolvedAt: complaint.resolvedAt } : {}),
    };
  }
}

export type NoticeView = {
  noticeId: string;
  kind: Notice['kind'];
  recordId: string;
  /** When the reported event happened; for a sealing notice, when the record was sealed. */
  at: string;
  sealedAt?: string;
  acknowledgeBy: string;
  calendar: 'official' | 'provisional';
  status: 'pending' | 'acknowledged' | 'overdue';
  acknowledgedAt?: string;
};

export function noticeView(notice: Notice, now: Date): NoticeView {
  // A provisional deadline as it stands today: restated, never earlier (RULES.md §5).
  const { acknowledgeBy, calendar } = currentAcknowledgementDeadline(notice);
  const status = notice.acknowledgedAt
    ? 'acknowledged'
    : Date.parse(acknowledgeBy) < now.getTime()
      ? 'overdue'
      : 'pending';
  return {
    noticeId: notice.noticeId,
    kind: notice.kind,
    recordId: notice.recordId,
    at: notice.at,
    ...(notice.kind === 'sealed' ? { sealedAt: notice.at } : {}),
    acknowledgeBy,
    calendar,
    status,
    ...(notice.acknowledgedAt ? { acknowledgedAt: notice.acknowledgedAt } : {}),
  };
}

export type NoticeDependencies = { notices: NoticeStore; audit: AuditLog; clock: Clock };

/** An agency's notices (IM arts. 11–13): each official sees their own organisation's. */
export class AgencyNotices {
  private readonly deps: NoticeDependencies;
  constructor(deps: NoticeDependencies) {
    this.deps = deps;
  }

  /** A page of the organisation's notices, in a stable order (by notice ID). */
  async list(
    official: Official,
    page: ListPage,
  ): Promise<{ notices: NoticeView[]; cursor?: string }> {
    const now = this.deps.clock.now();
    const stored = await this.deps.notices.page({ role: official.role, org: official.org }, page);
    // One event a page, naming what it showed.
    await this.deps.audit.append({
      eventId: `notice.list:${official.subject}:${now.toISOString()}:${page.cursor ?? ''}`,
      at: now.toISOString(),
      actor: actorOf(official),
      action: 'notice.list',
      recordId: `${official.role}#${official.org}`,
      listed: stored.notices.map((notice) => notice.noticeId),
    });
    return {
      notices: stored.notices.map((notice) => noticeView(notice, now)),
      ...(stored.cursor ? { cursor: stored.cursor } : {}),
    };
  }

  async acknowledge(official: Official, noticeId: string): Promise<NoticeView> {
    const recipient = { role: official.role, org: official.org };
    const at = this.deps.clock.now().toISOString();
    const existing = await this.deps.notices.get(recipient, noticeId);
    if (existing === undefined) throw new OversightNotFoundError('not found');
    if (existing.acknowledgedAt) throw new OversightStateError('out-of-order');
    await this.deps.audit.append({
      eventId: `notice.acknowledge:${noticeId}`,
      at,
      actor: actorOf(official),
      action: 'notice.acknowledge',
      recordId: existing.recordId,
      noticeId,
      legalBasis: ['IM arts. 11–13'],
    });
    const outcome = await this.deps.notices.acknowledge(recipient, noticeId, {
      subject: official.subject,
      at,
    });
    if (outcome === 'not-found') throw new OversightNotFoundError('not found');
    if (outcome === 'already') throw new OversightStateError('out-of-order');
    return noticeView(
      { ...existing, acknowledgedAt: at, acknowledgedBy: official.subject },
      new Date(at),
    );
  }
}
