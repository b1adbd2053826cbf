/**
 * Use cases that produce an inquiry's result, each in its own function with its own keys
 * (DESIGN.md invariant 2):
 *
 * - `IssueInquiryLetter` reads only the disclosable set and decrypts only unsealed records
 *   under the records key — it cannot reach a sealed record, so a person whose convictions are
 *   all sealed gets exactly the letter a person with none gets (invariant 1).
 * - `DiscloseFullFile`, for an approved judicial inquiry, reads every record of the person,
 *   sealed ones included (CPL art. 286) — and withholds, in a record marked 含犯罪记录封存信息,
 *   whatever could identify the minor co-defendant (IM art. 5).
 *
 * Both re-check the inquiry themselves, and audit the disclosure before it leaves: a failed
 * audit write is a 503 and nothing disclosed (invariant 3).
 */
import { issueLetter } from '../domain/credential/letter.ts';
import type { Official } from '../domain/inquiry/inquiry.ts';
import { legalBasisById } from '../domain/inquiry/legalBases.ts';
import { convictionsForLetter } from '../domain/inquiry/letterContent.ts';
import { maskNationalId } from '../domain/nationalId.ts';
import { decodeEnvelope, type RecordEnvelope } from '../domain/recordEnvelope.ts';
import { factsOf } from '../domain/submission.ts';
import { InquiryActionForbiddenError, InquiryNotFoundError } from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { Ids } from '../ports/ids.ts';
import type { InquiryStore, ResultRequest, StoredInquiry } from '../ports/inquiries.ts';
import {
  type DisclosableConvictions,
  linkKeys,
  type RecordLinks,
  type RecordStore,
  recordEnvelopeContext,
  type StoredRecord,
} from '../ports/recordStore.ts';
import type { Signer } from '../ports/signer.ts';
import { assertReleasable, openInquiry } from './inquiries.ts';

type ResultDependencies = {
  inquiries: InquiryStore;
  records: RecordStore;
  cipher: EnvelopeCipher;
  audit: AuditLog;
  clock: Clock;
};

async function releasableInquiry(
  inquiries: InquiryStore,
  request: ResultRequest,
  disclosure: StoredInquiry['disclosure'],
): Promise<StoredInquiry> {
  const stored = await inquiries.get(request.inquiryId);
  if (stored === undefined || stored.disclosure !== disclosure) {
    throw new InquiryNotFoundError('not found');
  }
  const { inquirer } = stored;
  if (inquirer.role !== request.requester.role || inquirer.org !== request.requester.org) {
    throw new InquiryActionForbiddenError('not-inquirer');
  }
  assertReleasable(stored);
  return stored;
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
  disclosable: Pick<DisclosableConvictions, 'recordIdsOf'>;
  signer: Signer;
  issuer: { did: string; baseUrl: string };
  validityDays: number;
};

export class IssueInquiryLetter {
  constructor(private readonly deps: IssueInquiryLetterDependencies) {}

  async execute(request: ResultRequest): Promise<{ letter: string }> {
    const { deps } = this;
    const stored = await releasableInquiry(deps.inquiries, request, 'letter');
    const basis = legalBasisById(stored.legalBasis);
    if (basis === undefined) throw new InquiryNotFoundError('basis withdrawn');
    const content = await openInquiry(deps.cipher, stored);

    // Only the disclosable set: unsealed, unreplaced convictions, under the records key.
    const convictions = [];
    for (const recordId of await deps.disclosable.recordIdsOf(stored.subjectIndex)) {
      const record = await deps.records.get(recordId);
      if (record === undefined || record.status !== 'open' || record.supersededBy) continue;
      convictions.push(factsOf((await openRecord(deps.cipher, record)).submission));
    }
    const stated = convictionsForLetter(convictions, basis);
    const now = deps.clock.now();
    const letterId = `urn:uuid:${this.deps.ids.uuid()}`;
    // Signed first, audited next, returned last: a failed signature leaves no event claiming
    // a disclosure, a failed audit write discloses nothing (DESIGN.md invariant 3).
    const { letter } = await issueLetter({
      issuer: deps.issuer,
      signer: deps.signer,
      subject: {
        name: content.subject.name,
        nationalIdMasked: maskNationalId(content.subject.nationalId),
      },
      inquiryId: stored.inquiryId,
      legalBasis: stored.legalBasis,
      purpose: content.purpose,
      convictions: stated,
      now,
      validityDays: deps.validityDays,
      letterId,
    });
    await deps.audit.append({
      eventId: `inquiry.letter:${letterId}`,
      at: now.toISOString(),
      actor: actorOf(request.requester),
      action: 'inquiry.letter',
      recordId: stored.inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
      statement: stated.length === 0 ? 'no-criminal-record-on-file' : 'criminal-record-on-file',
    });
    return { letter };
  }
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
  links: Pick<RecordLinks, 'recordIdsUnder'>;
  sealedInformationMark: string;
};

export class DiscloseFullFile {
  constructor(private readonly deps: DiscloseFullFileDependencies) {}

  async execute(request: ResultRequest): Promise<{ records: FullFileRecord[] }> {
    const { deps } = this;
    const stored = await releasableInquiry(deps.inquiries, request, 'full-file');
    const recordIds = await deps.links.recordIdsUnder(linkKeys.person(stored.subjectIndex));
    const records: FullFileRecord[] = [];
    for (const recordId of [...new Set(recordIds)].sort()) {
      const record = await deps.records.get(recordId);
      if (record === undefined) continue;
      records.push(this.asFileRecord(record, await openRecord(deps.cipher, record)));
    }
    await deps.audit.append({
      eventId: `inquiry.full-file:${stored.inquiryId}:${deps.clock.now().toISOString()}`,
      at: deps.clock.now().toISOString(),
      actor: actorOf(request.requester),
      action: 'inquiry.full-file',
      recordId: stored.inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
      disclosedRecordIds: records.map((record) => record.recordId),
    });
    return { records };
  }

  private asFileRecord(record: StoredRecord, envelope: RecordEnvelope): FullFileRecord {
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
      // Free-form material may name the minor co-defendant: withheld from a marked record.
      ...(!marked && submission.details ? { details: submission.details } : {}),
    };
  }
}
