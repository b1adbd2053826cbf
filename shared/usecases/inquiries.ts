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
import type { Agency } from '../domain/agencies.ts';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import {
  currentDecisionDeadline,
  DISCLOSURE_NOTICE,
  decisionDeadline,
  type InquiryContent,
  type InquiryScope,
  type InquiryState,
  type InquiryStatus,
  isOverdue,
  NARROWEST_SCOPE,
  type Official,
} from '../domain/inquiry/inquiry.ts';
import {
  type BasisFlag,
  type BasisReading,
  type InquirerRole,
  LEGAL_BASES,
  type LegalBasis,
  legalBasisById,
  REGISTRY_VERSION,
} from '../domain/inquiry/legalBases.ts';
import { prcWorkingDays, type WorkingDayCalendar } from '../domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS, type LegalParameters } from '../domain/law/parameters.ts';
import { maskNationalId } from '../domain/nationalId.ts';
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
  /** The organisation whose records the application concerns, which decides it. */
  agency: Agency;
  legalBasis: string;
  reason: string;
  purpose: string;
  caseNumber?: string;
  /** Full file only: what beyond the structured facts the applicant asks to read. */
  scope?: InquiryScope;
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

/** What an application's own view shows its inquirer or the addressed organisation. */
export type InquiryView = {
  inquiryId: string;
  status: InquiryStatus;
  decideBy: string;
  calendar: InquiryState['calendar'];
  overdue: boolean;
  legalBasis: string;
  agency: Agency;
  receivedAt: string;
  scope: InquiryScope;
  granted?: InquiryScope;
  reasons?: string;
  notice?: { text: { zh: string; en: string }; basis: string; accepted: boolean };
};

/**
 * What the deciding organisation reads to decide (API.md, GET /v1/inquiries/{id}; IM art. 16):
 * who applies, under which statute and article, why, for what, in which case, about whom —
 * taken from the application alone. Nothing here is read from a record, so it has the same
 * shape and size whatever the person's records are (DESIGN.md invariant 1).
 */
export type DeciderView = InquiryView & {
  applicant: { role: string; org: string; sub: string };
  /**
   * The statute and article, the readings the registry takes of it, and its flags
   * (`sealed-records-unclear`: the statute does not say whether sealed records are reached).
   */
  legalBasisReference: {
    statute: string;
    article: string;
    title: string;
    readings: readonly BasisReading[];
    flags: readonly BasisFlag[];
  };
  reason: string;
  purpose: string;
  caseNumber?: string;
  subject: { name: string; nationalIdMasked: string };
};

/** One page of the applications an organisation has to decide. */
export type InquiryListPage = { inquiries: InquiryView[]; cursor?: string };

/** An official of the organisation the application is addressed to. */
export function isOfAddressedOrganisation(
  state: Pick<InquiryState, 'agency'>,
  caller: Pick<Official, 'role' | 'org'>,
): boolean {
  return (
    state.agency.org !== '' && state.agency.role === caller.role && state.agency.org === caller.org
  );
}

/** An official of the organisation that applied. */
export function isOfApplyingOrganisation(
  state: Pick<InquiryState, 'inquirer'>,
  caller: Pick<Official, 'role' | 'org'>,
): boolean {
  return state.inquirer.role === caller.role && state.inquirer.org === caller.org;
}

export class Inquiries {
  private readonly deps: InquiryDependencies;
  readonly #params: LegalParameters;

  constructor(deps: InquiryDependencies) {
    this.deps = deps;
    this.#params = deps.params ?? LEGAL_PARAMETERS;
  }

  /** IM art. 16: a written application stating reason, legal basis and purpose. */
  async apply(
    application: InquiryApplication,
    inquirer: Official,
    options: { retryKey?: string } = {},
  ): Promise<InquiryView> {
    const basis = this.basisFor(application.legalBasis, inquirer.role);
    if (!basis.addressees.includes(application.agency.role)) {
      throw new NoLegalBasisError('addressee');
    }
    // Free-form details are a full file's to ask for; a letter never carries them.
    const scope: InquiryScope =
      basis.disclosure === 'full-file' && application.scope?.details === true
        ? { details: true }
        : NARROWEST_SCOPE;
    const now = this.deps.clock.now();
    // A retry after a crash (same Idempotency-Key) finds the application it already made.
    const inquiryId = options.retryKey
      ? uuidFrom(`inquiry:v1:${options.retryKey}`)
      : this.deps.ids.uuid();
    const subjectIndex = await blindIndexOfPerson(this.deps.mac, application.subject.nationalId);
    const { decideBy, calendar } = decisionDeadline(
      now,
      application.agency.role,
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
      agency: { role: application.agency.role, org: application.agency.org },
      legalBasis: basis.id,
      disclosure: basis.disclosure,
      scope,
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

  /**
   * The inquirer (same organisation) or an official of the addressed organisation; anyone
   * else 404. The addressed organisation also reads what it needs to decide.
   */
  async view(inquiryId: string, caller: Official): Promise<InquiryView | DeciderView> {
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
    const content = await this.open(stored);
    const view = this.viewOf(stored, content);
    return isOfAddressedOrganisation(stored, caller) ? this.deciderViewOf(stored, content) : view;
  }

  /** The applications addressed to the caller's organisation, by deadline, a page at a time. */
  async list(
    caller: Official,
    status: InquiryStatus,
    page: { cursor?: string; limit: number },
  ): Promise<InquiryListPage> {
    const agency = { role: caller.role, org: caller.org } as Agency;
    const at = this.deps.clock.now().toISOString();
    const found = await this.deps.inquiries.listFor(agency, status, page);
    // One event a page, naming what it showed.
    await this.deps.audit.append({
      eventId: `inquiry.list:${caller.subject}:${at}:${page.cursor ?? ''}`,
      at,
      actor: { subject: caller.subject, role: caller.role, organisation: caller.org },
      action: 'inquiry.list',
      recordId: `${agency.role}#${agency.org}#${status}`,
      listed: found.inquiries.map((inquiry) => inquiry.inquiryId),
    });
    return {
      inquiries: found.inquiries.map((inquiry) => this.viewOf(inquiry)),
      ...(found.cursor ? { cursor: found.cursor } : {}),
    };
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
      (isOfApplyingOrganisation(stored, caller) || isOfAddressedOrganisation(stored, caller));
    if (!visible) throw new InquiryNotFoundError('not found');
    return stored;
  }

  private async ownedBy(inquiryId: string, inquirer: Official): Promise<StoredInquiry> {
    const stored = await this.visibleTo(inquiryId, inquirer);
    if (!isOfApplyingOrganisation(stored, inquirer)) {
      throw new InquiryActionForbiddenError('not-inquirer');
    }
    return stored;
  }

  private seal(inquiryId: string, content: InquiryContent): Promise<Uint8Array> {
    return sealInquiry(this.deps.cipher, inquiryId, content);
  }

  private open(stored: StoredInquiry): Promise<InquiryContent> {
    return openInquiry(this.deps.cipher, stored);
  }

  private viewOf(state: InquiryState, content?: InquiryContent): InquiryView {
    return inquiryViewOf(state, this.deps.clock.now(), content);
  }

  private deciderViewOf(state: InquiryState, content: InquiryContent): DeciderView {
    const basis = legalBasisById(state.legalBasis);
    return {
      ...this.viewOf(state, content),
      applicant: {
        role: state.inquirer.role,
        org: state.inquirer.org,
        sub: state.inquirer.subject,
      },
      legalBasisReference: {
        statute: basis?.statute ?? 'withdrawn from the registry',
        article: basis?.article ?? '',
        title: basis?.title ?? '',
        readings: basis?.readings ?? [],
        flags: basis?.flags ?? [],
      },
      reason: content.reason,
      purpose: content.purpose,
      ...(content.caseNumber ? { caseNumber: content.caseNumber } : {}),
      subject: {
        name: content.subject.name,
        nationalIdMasked: maskNationalId(content.subject.nationalId),
      },
    };
  }
}

/** An application as its inquirer or the addressed organisation sees it. */
export function inquiryViewOf(
  stored: InquiryState,
  now: Date,
  content?: InquiryContent,
): InquiryView {
  const reasons = content?.refusalReasons ?? content?.decisionReasons;
  // A provisional deadline is restated on today's calendar, never earlier (RULES.md §5).
  const state = { ...stored, ...currentDecisionDeadline(stored, prcWorkingDays) };
  return {
    inquiryId: state.inquiryId,
    status: state.status,
    decideBy: state.decideBy,
    calendar: state.calendar,
    overdue: isOverdue(state, now),
    legalBasis: state.legalBasis,
    agency: state.agency,
    receivedAt: state.receivedAt,
    scope: state.scope,
    ...(state.granted ? { granted: state.granted } : {}),
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

/** Encrypts an application's content under the inquiries key, bound to the application. */
export function sealInquiry(
  cipher: EnvelopeCipher,
  inquiryId: string,
  content: InquiryContent,
): Promise<Uint8Array> {
  return cipher.encrypt(
    encoder.encode(JSON.stringify(content)),
    'inquiries',
    inquiryEnvelopeContext(inquiryId),
  );
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
