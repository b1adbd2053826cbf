/**
 * Use cases that produce an inquiry's result, each in its own function with its own keys
 * (DESIGN.md invariant 2):
 *
 * - `IssueInquiryLetter` reads only what a letter needs: the application and the disclosable
 *   set, whose entries carry each unsealed conviction's letter facts under a key only it opens.
 *   It reads no record at all, so it cannot reach a sealed one: a person whose convictions are
 *   all sealed gets exactly the letter a person with none gets (invariants 1–2).
 * - `DiscloseFullFile`, for an approved judicial inquiry, reads the person's records that the
 *   approving organisation holds, sealed ones included (CPL art. 286; RULES.md §5) — their
 *   free-form details only where asked for and granted — and withholds, in a record marked
 *   含犯罪记录封存信息, whatever could identify the minor co-defendant (IM art. 5).
 *
 * Both re-check the inquiry themselves — its state, its inquirer and, before reading any
 * record, its signed approval (invariant 10): an approval they cannot verify releases nothing
 * and is audited as refused — and audit the disclosure before it leaves: a failed audit write
 * is a 503 and nothing disclosed (invariant 3).
 */
import type { JWK } from 'jose';
import { chinaToday } from '../domain/calendar.ts';
import { issueLetter } from '../domain/credential/letter.ts';
import {
  type ApprovalClaims,
  type ApprovalRefusal,
  verifyApproval,
} from '../domain/inquiry/approval.ts';
import type { InquiryContent, Official } from '../domain/inquiry/inquiry.ts';
import { legalBasisById } from '../domain/inquiry/legalBases.ts';
import { convictionsForLetter } from '../domain/inquiry/letterContent.ts';
import {
  decodeLetterFacts,
  type LetterFacts,
  letterFactsContext,
} from '../domain/inquiry/letterFacts.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import { decodeEnvelope, type RecordEnvelope } from '../domain/recordEnvelope.ts';
import {
  ApprovalNotVerifiedError,
  InquiryActionForbiddenError,
  InquiryNotFoundError,
  LetterFactsMissingError,
} from '../errors.ts';
import type { AuditLog, RecordAuditFields } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Ids } from '../ports/ids.ts';
import type {
  InquiryLetterStore,
  InquiryStore,
  ResultRequest,
  StoredInquiry,
} from '../ports/inquiries.ts';
import {
  type DisclosableLetterFacts,
  linkKeys,
  type RecordLinks,
  type RecordStore,
  recordEnvelopeContext,
  type StoredRecord,
} from '../ports/recordStore.ts';
import type { Signer } from '../ports/signer.ts';
import { assertReleasable, openInquiry } from './inquiries.ts';

declare module '../ports/auditLog.ts' {
  interface AuditActions {
    /** A result was asked for on an approval that did not verify: nothing was disclosed. */
    'inquiry.result-refused': RecordAuditFields & { outcome: ApprovalRefusal };
  }
}

type ResultDependencies = {
  inquiries: InquiryStore;
  cipher: EnvelopeCipher;
  audit: AuditLog;
  clock: Clock;
  /** The approval keys' public halves by `kid`: the only approvals anything is released on. */
  approvalKeys: ReadonlyMap<string, JWK>;
};

/**
 * The application, released: approved, acknowledged, asked for by its inquirer, and its
 * approval verified — signature first, before anything is decrypted; then its binding to the
 * application's content. A refusal is audited, and nothing is read.
 *
 * `checked` is called once the inquirer and the state are checked, before the approval is:
 * a caller may send a read then, to travel while the approval is verified, and open what it
 * reads only once the application is released.
 */
async function releasableInquiry(
  deps: ResultDependencies,
  request: ResultRequest,
  disclosure: StoredInquiry['disclosure'],
  checked?: (stored: StoredInquiry) => void,
): Promise<{ stored: StoredInquiry; content: InquiryContent; approval: ApprovalClaims }> {
  const stored = await deps.inquiries.get(request.inquiryId);
  if (stored === undefined || stored.disclosure !== disclosure) {
    throw new InquiryNotFoundError('not found');
  }
  const { inquirer } = stored;
  if (inquirer.role !== request.requester.role || inquirer.org !== request.requester.org) {
    throw new InquiryActionForbiddenError('not-inquirer');
  }
  assertReleasable(stored);
  checked?.(stored);
  let content: InquiryContent | undefined;
  const verdict = await verifyApproval(stored.approval, deps.approvalKeys, stored, async () => {
    content = await openInquiry(deps.cipher, stored);
    return content.caseNumber;
  });
  if (!verdict.valid || content === undefined) {
    const at = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `inquiry.result-refused:${stored.inquiryId}:${at}`,
      at,
      actor: actorOf(request.requester),
      action: 'inquiry.result-refused',
      recordId: stored.inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
      outcome: verdict.valid ? 'approval-malformed' : verdict.refusal,
    });
    throw new ApprovalNotVerifiedError(verdict.valid ? 'approval-malformed' : verdict.refusal);
  }
  return { stored, content, approval: verdict.claims };
}

function actorOf(requester: Official) {
  return { subject: requester.subject, role: requester.role, organisation: requester.org };
}

async function openRecord(cipher: EnvelopeCipher, record: StoredRecord): Promise<RecordEnvelope> {
  return decodeEnvelope(
    await cipher.decrypt(record.envelope, record.keyClass, recordEnvelopeContext(record.recordId)),
  );
}

export type IssueInquiryLetterDependencies = ResultDependencies & {
  ids: Ids;
  disclosable: DisclosableLetterFacts;
  letters: InquiryLetterStore;
  signer: Signer;
  issuer: { did: string; baseUrl: string };
  validityDays: number;
};

/** The encryption context of a stored letter: its inquiry's, for the letter. */
function letterEnvelopeContext(inquiryId: string): Record<string, string> {
  return { recordId: inquiryId, purpose: 'inquiry-letter' };
}

export class IssueInquiryLetter {
  private readonly deps: IssueInquiryLetterDependencies;
  constructor(deps: IssueInquiryLetterDependencies) {
    this.deps = deps;
  }

  /**
   * One letter per inquiry (API.md): the first fetch signs it and stores it (a put where
   * nothing is); every later fetch — and a concurrent first one that lost the race — returns
   * the stored letter. Each delivery is audited before it is returned.
   */
  async execute(request: ResultRequest): Promise<{ letter: string }> {
    const { deps } = this;
    // The stored letter is read while the approval is verified, and opened only once the
    // application is released: one storage round trip less on the path.
    let storedRead: Promise<Uint8Array | undefined> | undefined;
    const { stored, content } = await releasableInquiry(deps, request, 'letter', (checked) => {
      storedRead = deps.letters.get(checked.inquiryId);
      storedRead.catch(() => undefined);
    });
    const basis = legalBasisById(stored.legalBasis);
    if (basis === undefined) throw new InquiryNotFoundError('basis withdrawn');

    let letter = await this.storedLetter(stored.inquiryId, storedRead);
    if (letter === undefined) {
      const signed = await this.sign(stored, content);
      const sealed = await deps.cipher.encrypt(
        encoder.encode(signed),
        'inquiries',
        letterEnvelopeContext(stored.inquiryId),
      );
      const outcome = await deps.letters.putOnce(
        stored.inquiryId,
        sealed,
        deps.clock.now().toISOString(),
      );
      letter = outcome === 'stored' ? signed : await this.storedLetter(stored.inquiryId);
      if (letter === undefined) throw new InquiryNotFoundError('letter vanished');
    }
    const claims = decodeLetterClaims(letter);
    const at = deps.clock.now().toISOString();
    // Audited before it is returned: a failed audit write discloses nothing (invariant 3).
    await deps.audit.append({
      eventId: `inquiry.letter:${claims.letterId}:${at}`,
      at,
      actor: actorOf(request.requester),
      action: 'inquiry.letter',
      recordId: stored.inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
      statement: claims.statement,
    });
    return { letter };
  }

  private async storedLetter(
    inquiryId: string,
    read: Promise<Uint8Array | undefined> = this.deps.letters.get(inquiryId),
  ): Promise<string | undefined> {
    const sealed = await read;
    if (sealed === undefined) return undefined;
    return decoder.decode(
      await this.deps.cipher.decrypt(sealed, 'inquiries', letterEnvelopeContext(inquiryId)),
    );
  }

  private async sign(stored: StoredInquiry, content: InquiryContent): Promise<string> {
    const { deps } = this;
    const basis = legalBasisById(stored.legalBasis);
    if (basis === undefined) throw new InquiryNotFoundError('basis withdrawn');
    // Only the disclosable set — unsealed, unreplaced convictions — and its letter facts.
    const convictions: LetterFacts[] = [];
    for (const { recordId, letterFacts } of await deps.disclosable.letterFactsOf(
      stored.subjectIndex,
    )) {
      // An entry written before entries carried letter facts: no letter rather than one that
      // leaves a conviction out. The sealing service rewrites the entry when it next passes.
      if (letterFacts === undefined) throw new LetterFactsMissingError();
      convictions.push(
        decodeLetterFacts(
          await deps.cipher.decrypt(letterFacts, 'letter-facts', letterFactsContext(recordId)),
        ),
      );
    }
    const now = deps.clock.now();
    const { letter } = await issueLetter({
      issuer: deps.issuer,
      signer: deps.signer,
      subject: {
        name: content.subject.name,
        nationalIdMasked: maskNationalId(content.subject.nationalId),
      },
      inquiryId: stored.inquiryId,
      recipient: { role: stored.inquirer.role, org: stored.inquirer.org },
      legalBasis: stored.legalBasis,
      purpose: content.purpose,
      convictions: convictionsForLetter(convictions, basis, chinaToday(now)),
      now,
      validityDays: deps.validityDays,
      letterId: `urn:uuid:${deps.ids.uuid()}`,
    });
    return letter;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the audit names of a letter: its ID and its statement, never its content. */
function decodeLetterClaims(letter: string): { letterId: string; statement: string } {
  const [, payload = ''] = letter.split('.');
  const claims = JSON.parse(decoder.decode(Buffer.from(payload, 'base64url')));
  return { letterId: String(claims.jti), statement: String(claims.vc.credentialSubject.statement) };
}

/** One record as a judicial organ reads it: its current state, the minor withheld when marked. */
export type FullFileRecord = {
  recordId: string;
  recordType: string;
  sealed: boolean;
  caseNumber: string;
  offenceDate: string;
  lastOffenceDate?: string;
  effectiveDate: string;
  sentence?: RecordEnvelope['submission']['sentence'];
  offences?: RecordEnvelope['submission']['offences'];
  containsSealedInformation: boolean;
  mark?: string;
  supersededBy?: string;
  unsealedFrom?: string;
  owningAgency: string;
  details?: Record<string, unknown>;
};

export type DiscloseFullFileDependencies = ResultDependencies & {
  records: RecordStore;
  links: Pick<RecordLinks, 'recordIdsUnder'>;
  sealedInformationMark: string;
};

export class DiscloseFullFile {
  private readonly deps: DiscloseFullFileDependencies;
  constructor(deps: DiscloseFullFileDependencies) {
    this.deps = deps;
  }

  async execute(request: ResultRequest): Promise<{ records: FullFileRecord[] }> {
    const { deps } = this;
    const { stored, approval } = await releasableInquiry(deps, request, 'full-file');
    // The holder's records only (RULES.md §5, who decides; DESIGN.md invariant 10): those the
    // approving organisation owns, chosen from plain routing attributes before any envelope
    // is opened. Another organisation's records need an application to it.
    const holder = approval.decider;
    const recordIds = await deps.links.recordIdsUnder(linkKeys.person(stored.subjectIndex));
    const records: FullFileRecord[] = [];
    for (const recordId of [...new Set(recordIds)].sort()) {
      const record = await deps.records.get(recordId);
      if (record === undefined) continue;
      if (record.owningRole !== holder.role || record.owningAgency !== holder.org) continue;
      records.push(
        this.asFileRecord(record, await openRecord(deps.cipher, record), approval.granted.details),
      );
    }
    const at = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `inquiry.full-file:${stored.inquiryId}:${at}`,
      at,
      actor: actorOf(request.requester),
      action: 'inquiry.full-file',
      recordId: stored.inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
      disclosedRecordIds: records.map((record) => record.recordId),
    });
    return { records };
  }

  private asFileRecord(
    record: StoredRecord,
    envelope: RecordEnvelope,
    detailsGranted: boolean,
  ): FullFileRecord {
    const { submission } = envelope;
    const marked = record.containsSealedInformation;
    return {
      recordId: record.recordId,
      recordType: record.recordType,
      sealed: record.status === 'sealed',
      caseNumber: submission.caseNumber,
      offenceDate: submission.offenceDate,
      ...(submission.lastOffenceDate ? { lastOffenceDate: submission.lastOffenceDate } : {}),
      effectiveDate: submission.effectiveDate,
      ...(submission.sentence ? { sentence: submission.sentence } : {}),
      ...(submission.offences.length > 0 ? { offences: submission.offences } : {}),
      containsSealedInformation: marked,
      ...(marked ? { mark: this.deps.sealedInformationMark } : {}),
      ...(record.supersededBy ? { supersededBy: record.supersededBy } : {}),
      ...(record.unsealedFrom ? { unsealedFrom: record.unsealedFrom } : {}),
      owningAgency: record.owningAgency,
      // Free-form material (counselling notes, witnesses, a victim's name) only where the
      // application asked for it and the approval granted it; never from a marked record,
      // where it may name the minor co-defendant (IM art. 5).
      ...(detailsGranted && !marked && submission.details ? { details: submission.details } : {}),
    };
  }
}
