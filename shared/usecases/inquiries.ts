/**
 * Use cases of the inquiry path (API.md, Inquiries; IM arts. 16–17; RULES.md §5): a unit or a
 * judicial organ applies, stating reason, legal basis and purpose; an official of the
 * addressed agency decides within three PRC working days; the inquirer accepts the notice
 * binding them to purpose and confidentiality; only then is the result produced — by another
 * function (the letter, or the judicial full file). No platform ever queries records.
 *
 * Nothing here reads a record. Every step is audited before its answer, attributed to the
 * individual official.
 */
import { createHash } from 'node:crypto';
import type { AgencyRole } from '../domain/agencies.ts';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import {
  DISCLOSURE_NOTICE,
  decisionDeadline,
  type InquiryContent,
  type InquiryState,
  type InquiryStatus,
  isOverdue,
  type Official,
} from '../domain/inquiry/inquiry.ts';
import {
  type InquirerRole,
  LEGAL_BASES,
  type LegalBasis,
  legalBasisById,
  REGISTRY_VERSION,
} from '../domain/inquiry/legalBases.ts';
import type { WorkingDayCalendar } from '../domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import {
  InquiryActionForbiddenError,
  InquiryNotFoundError,
  InquiryStateError,
  NoLegalBasisError,
} from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Ids } from '../ports/ids.ts';
import type {
  InquiryStore,
  ResultProducers,
  ResultResponse,
  StoredInquiry,
} from '../ports/inquiries.ts';

export type InquiryDependencies = {
  mac: MacGenerator;
  ids: Ids;
  cipher: EnvelopeCipher;
  inquiries: InquiryStore;
  audit: AuditLog;
  calendar: WorkingDayCalendar;
  results: ResultProducers;
  clock: Clock;
  params?: LegalParameters;
};

export type InquiryApplication = {
  subject: { nationalId: string; name: string };
  agency: AgencyRole;
  legalBasis: string;
  reason: string;
  purpose: string;
  caseNumber?: string;
};

/** The encryption context binding an application's envelope to it. */
export function inquiryEnvelopeContext(inquiryId: string): Record<string, string> {
  return { recordId: inquiryId, purpose: 'inquiry' };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A UUID (version 8, RFC 9562) derived from a name. */
function uuidFrom(name: string): string {
  const digest = createHash('sha256').update(name).digest();
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x80;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const legalBasisRegistry = () => ({ version: REGISTRY_VERSION, bases: LEGAL_BASES });

/** What an application's own view shows its inquirer or the addressed agency. */
export type InquiryView = {
  inquiryId: string;
  status: InquiryStatus;
  decideBy: string;
  calendar: InquiryState['calendar'];
  overdue: boolean;
  legalBasis: string;
  agency: AgencyRole;
  receivedAt: string;
  reasons?: string;
  notice?: { text: { zh: string; en: string }; basis: string; accepted: boolean };
};

export class Inquiries {
  readonly #params: LegalParameters;

  constructor(private readonly deps: InquiryDependencies) {
    this.#params = deps.params ?? LEGAL_PARAMETERS;
  }

  /** IM art. 16: a written application stating reason, legal basis and purpose. */
  async apply(
    application: InquiryApplication,
    inquirer: Official,
    options: { retryKey?: string } = {},
  ): Promise<InquiryView> {
    const basis = this.basisFor(application.legalBasis, inquirer.role);
    if (!basis.addressees.includes(application.agency)) throw new NoLegalBasisError('addressee');
    const now = this.deps.clock.now();
    // A retry after a crash (same Idempotency-Key) finds the application it already made.
    const inquiryId = options.retryKey
      ? uuidFrom(`inquiry:v1:${options.retryKey}`)
      : this.deps.ids.uuid();
    const subjectIndex = await blindIndexOfPerson(this.deps.mac, application.subject.nationalId);
    const { decideBy, calendar } = decisionDeadline(
      now,
      application.agency,
      this.deps.calendar,
      this.#params,
    );
    const content: InquiryContent = {
      subject: application.subject,
      reason: application.reason,
      purpose: application.purpose,
      ...(application.caseNumber ? { caseNumber: application.caseNumber } : {}),
    };
    const state: InquiryState = {
      inquiryId,
      subjectIndex,
      inquirer: { ...inquirer, role: inquirer.role as InquirerRole },
      agency: application.agency,
      legalBasis: basis.id,
      disclosure: basis.disclosure,
      receivedAt: now.toISOString(),
      decideBy,
      calendar,
      status: 'pending',
      version: 1,
    };
    const envelope = await this.seal(inquiryId, content);
    const created = (await this.deps.inquiries.create({ ...state, envelope })) === 'created';
    try {
      await this.deps.audit.append({
        eventId: `inquiry.apply:${inquiryId}`,
        at: state.receivedAt,
        actor: { subject: inquirer.subject, role: inquirer.role, organisation: inquirer.org },
        action: 'inquiry.apply',
        recordId: inquiryId,
        blindIndex: subjectIndex,
        legalBasis: [basis.id],
      });
    } catch (error) {
      // Without its audit event the application must not stay.
      if (created)
        await this.deps.inquiries.remove(inquiryId, state.version).catch(() => undefined);
      throw error;
    }
    const stored = created ? state : ((await this.deps.inquiries.get(inquiryId)) ?? state);
    return this.viewOf(stored, content);
  }

  /** The inquirer (same organisation) or an official of the addressed agency; anyone else 404. */
  async view(inquiryId: string, caller: Official): Promise<InquiryView> {
    const stored = await this.visibleTo(inquiryId, caller);
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.append({
      eventId: `inquiry.view:${inquiryId}:${caller.subject}:${at}`,
      at,
      actor: { subject: caller.subject, role: caller.role, organisation: caller.org },
      action: 'inquiry.view',
      recordId: inquiryId,
      blindIndex: stored.subjectIndex,
    });
    return this.viewOf(stored, await this.open(stored));
  }

  /** The applications addressed to the caller's agency, by deadline. */
  async list(caller: Official, status: InquiryStatus): Promise<InquiryView[]> {
    const agency = caller.role as AgencyRole;
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.append({
      eventId: `inquiry.list:${caller.subject}:${at}`,
      at,
      actor: { subject: caller.subject, role: caller.role, organisation: caller.org },
      action: 'inquiry.list',
      recordId: `${agency}#${status}`,
    });
    const stored = await this.deps.inquiries.listFor(agency, status);
    return stored
      .sort(
        (a, b) => a.decideBy.localeCompare(b.decideBy) || a.receivedAt.localeCompare(b.receivedAt),
      )
      .map((inquiry) => this.viewOf(inquiry));
  }

  /** An official of the addressed agency decides; never the official who applied. */
  async decide(
    inquiryId: string,
    decision: { decision: 'approve' | 'refuse'; reasons?: string },
    official: Official,
  ): Promise<InquiryView> {
    const stored = await this.visibleTo(inquiryId, official);
    if (official.role !== stored.agency)
      throw new InquiryActionForbiddenError('not-addressed-agency');
    if (official.subject === stored.inquirer.subject) {
      throw new InquiryActionForbiddenError('own-application');
    }
    if (stored.status !== 'pending') throw new InquiryStateError('inquiry-already-decided');
    const content = await this.open(stored);
    const status = decision.decision === 'approve' ? 'approved' : 'refused';
    const decided: InquiryContent = {
      ...content,
      ...(decision.reasons
        ? status === 'refused'
          ? { refusalReasons: decision.reasons }
          : { decisionReasons: decision.reasons }
        : {}),
    };
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.append({
      eventId: `inquiry.decide:${inquiryId}`,
      at,
      actor: { subject: official.subject, role: official.role, organisation: official.org },
      action: status === 'approved' ? 'inquiry.approve' : 'inquiry.refuse',
      recordId: inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
    });
    const outcome = await this.deps.inquiries.decide(inquiryId, {
      expectedVersion: stored.version,
      status,
      decidedBy: official.subject,
      decidedAt: at,
      envelope: await this.seal(inquiryId, decided),
    });
    if (outcome === 'conflict') throw new InquiryStateError('inquiry-already-decided');
    return this.viewOf(
      {
        ...stored,
        status,
        decidedBy: official.subject,
        decidedAt: at,
        version: stored.version + 1,
      },
      decided,
    );
  }

  /** IM art. 17: the inquirer accepts the notice; the acceptance is recorded. */
  async acknowledge(inquiryId: string, inquirer: Official): Promise<InquiryView> {
    const stored = await this.ownedBy(inquiryId, inquirer);
    if (stored.status === 'pending') throw new InquiryStateError('inquiry-not-approved');
    if (stored.status === 'refused') throw new InquiryStateError('inquiry-refused');
    if (stored.acknowledgedAt) throw new InquiryStateError('inquiry-already-acknowledged');
    const at = this.deps.clock.now().toISOString();
    await this.deps.audit.append({
      eventId: `inquiry.acknowledge:${inquiryId}`,
      at,
      actor: { subject: inquirer.subject, role: inquirer.role, organisation: inquirer.org },
      action: 'inquiry.acknowledge',
      recordId: inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [this.#params.basis.disclosureNotice],
    });
    const outcome = await this.deps.inquiries.acknowledge(inquiryId, {
      by: inquirer.subject,
      at,
      expectedVersion: stored.version,
    });
    if (outcome === 'conflict') throw new InquiryStateError('inquiry-already-acknowledged');
    return this.viewOf({ ...stored, acknowledgedAt: at, acknowledgedBy: inquirer.subject });
  }

  /** The result, from the function that may produce it, once approved and acknowledged. */
  async result(inquiryId: string, inquirer: Official): Promise<ResultResponse> {
    const stored = await this.ownedBy(inquiryId, inquirer);
    assertReleasable(stored);
    const request = {
      inquiryId,
      requester: { subject: inquirer.subject, role: inquirer.role, org: inquirer.org },
    };
    return stored.disclosure === 'letter'
      ? this.deps.results.letter(request)
      : this.deps.results.fullFile(request);
  }

  private basisFor(id: string, role: string): LegalBasis {
    const basis = legalBasisById(id);
    if (!basis || !(basis.inquirers as readonly string[]).includes(role)) {
      throw new NoLegalBasisError('no legal basis');
    }
    return basis;
  }

  private async visibleTo(inquiryId: string, caller: Official): Promise<StoredInquiry> {
    const stored = await this.deps.inquiries.get(inquiryId);
    const visible =
      stored !== undefined &&
      ((stored.inquirer.role === caller.role && stored.inquirer.org === caller.org) ||
        stored.agency === caller.role);
    if (!visible) throw new InquiryNotFoundError('not found');
    return stored;
  }

  private async ownedBy(inquiryId: string, inquirer: Official): Promise<StoredInquiry> {
    const stored = await this.visibleTo(inquiryId, inquirer);
    if (stored.inquirer.role !== inquirer.role || stored.inquirer.org !== inquirer.org) {
      throw new InquiryActionForbiddenError('not-inquirer');
    }
    return stored;
  }

  private async seal(inquiryId: string, content: InquiryContent): Promise<Uint8Array> {
    return this.deps.cipher.encrypt(
      encoder.encode(JSON.stringify(content)),
      'inquiries',
      inquiryEnvelopeContext(inquiryId),
    );
  }

  private open(stored: StoredInquiry): Promise<InquiryContent> {
    return openInquiry(this.deps.cipher, stored);
  }

  private viewOf(state: InquiryState, content?: InquiryContent): InquiryView {
    const reasons = content?.refusalReasons ?? content?.decisionReasons;
    return {
      inquiryId: state.inquiryId,
      status: state.status,
      decideBy: state.decideBy,
      calendar: state.calendar,
      overdue: isOverdue(state, this.deps.clock.now()),
      legalBasis: state.legalBasis,
      agency: state.agency,
      receivedAt: state.receivedAt,
      ...(reasons ? { reasons } : {}),
      ...(state.status === 'approved'
        ? {
            notice: {
              text: { zh: DISCLOSURE_NOTICE.zh, en: DISCLOSURE_NOTICE.en },
              basis: DISCLOSURE_NOTICE.basis,
              accepted: state.acknowledgedAt !== undefined,
            },
          }
        : {}),
    };
  }
}

/** A result is released only for an approved application whose notice was accepted. */
export function assertReleasable(inquiry: Pick<InquiryState, 'status' | 'acknowledgedAt'>): void {
  if (inquiry.status === 'pending') throw new InquiryStateError('inquiry-not-approved');
  if (inquiry.status === 'refused') throw new InquiryStateError('inquiry-refused');
  if (!inquiry.acknowledgedAt) throw new InquiryStateError('acknowledgement-required');
}

/** Decrypts an application's content: for the result functions, which hold the inquiries key. */
export async function openInquiry(
  cipher: EnvelopeCipher,
  stored: StoredInquiry,
): Promise<InquiryContent> {
  const plaintext = await cipher.decrypt(
    stored.envelope,
    'inquiries',
    inquiryEnvelopeContext(stored.inquiryId),
  );
  return JSON.parse(decoder.decode(plaintext)) as InquiryContent;
}
