/**
 * Use case: an official of the organisation an application is addressed to decides it
 * (API.md, POST /v1/inquiries/{id}/decision; IM art. 16; RULES.md §5, who decides) — never
 * the official who applied. An approval is a signed act under the approval key (DESIGN.md
 * invariant 10): this use case runs in a function of its own, the only one holding `Sign` on
 * that key, which can neither invoke the functions that disclose nor read what they return;
 * the function that takes applications and relays results cannot sign.
 */
import {
  type ApprovalClaims,
  applicationDigest,
  signApproval,
} from '../domain/inquiry/approval.ts';
import type { InquiryContent, InquiryScope, Official } from '../domain/inquiry/inquiry.ts';
import {
  InquiryActionForbiddenError,
  InquiryNotFoundError,
  InquiryScopeNotAskedError,
  InquiryStateError,
} from '../errors.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { InquiryStore } from '../ports/inquiries.ts';
import type { Signer } from '../ports/signer.ts';
import {
  type InquiryView,
  inquiryViewOf,
  isOfAddressedOrganisation,
  isOfApplyingOrganisation,
  openInquiry,
  sealInquiry,
} from './inquiries.ts';

export type DecideInquiryDependencies = {
  inquiries: Pick<InquiryStore, 'get' | 'decide'>;
  cipher: EnvelopeCipher;
  audit: AuditLog;
  clock: Clock;
  /** The approval key's signer: no other function holds it. */
  approvalSigner: Signer;
  issuer: { did: string };
};

export type InquiryDecisionInput = {
  decision: 'approve' | 'refuse';
  reasons?: string;
  /** What an approval grants of the scope asked for; absent: the structured facts only. */
  scope?: InquiryScope;
};

export class DecideInquiry {
  private readonly deps: DecideInquiryDependencies;
  constructor(deps: DecideInquiryDependencies) {
    this.deps = deps;
  }

  async execute(
    inquiryId: string,
    decision: InquiryDecisionInput,
    official: Official,
  ): Promise<InquiryView> {
    const { deps } = this;
    const stored = await deps.inquiries.get(inquiryId);
    if (
      stored === undefined ||
      !(isOfApplyingOrganisation(stored, official) || isOfAddressedOrganisation(stored, official))
    ) {
      throw new InquiryNotFoundError('not found');
    }
    if (!isOfAddressedOrganisation(stored, official)) {
      throw new InquiryActionForbiddenError('not-addressed-agency');
    }
    if (official.subject === stored.inquirer.subject) {
      throw new InquiryActionForbiddenError('own-application');
    }
    if (stored.status !== 'pending') throw new InquiryStateError('inquiry-already-decided');
    const approve = decision.decision === 'approve';
    if (approve && decision.scope?.details === true && !stored.scope.details) {
      throw new InquiryScopeNotAskedError('details not asked for');
    }
    const content = await openInquiry(deps.cipher, stored);
    const status = approve ? 'approved' : 'refused';
    const decided: InquiryContent = {
      ...content,
      ...(decision.reasons
        ? approve
          ? { decisionReasons: decision.reasons }
          : { refusalReasons: decision.reasons }
        : {}),
    };
    const now = deps.clock.now();
    const at = now.toISOString();
    const granted: InquiryScope = { details: approve && decision.scope?.details === true };
    let approval: string | undefined;
    if (approve) {
      // Signed over the application as this official read it: its digest binds the subject,
      // the basis, the scope, the case number, the applicant and the addressed organisation.
      const claims: ApprovalClaims = {
        iss: deps.issuer.did,
        iat: Math.floor(now.getTime() / 1000),
        inquiryId,
        decision: 'approve',
        application: applicationDigest({ ...stored, caseNumber: content.caseNumber }),
        decider: { role: official.role, org: official.org, sub: official.subject },
        granted,
      };
      approval = await signApproval(claims, deps.approvalSigner, deps.issuer.did);
    }
    await deps.audit.append({
      eventId: `inquiry.decide:${inquiryId}`,
      at,
      actor: { subject: official.subject, role: official.role, organisation: official.org },
      action: approve ? 'inquiry.approve' : 'inquiry.refuse',
      recordId: inquiryId,
      blindIndex: stored.subjectIndex,
      legalBasis: [stored.legalBasis],
    });
    const outcome = await deps.inquiries.decide(inquiryId, {
      expectedVersion: stored.version,
      status,
      decidedBy: official.subject,
      decidedAt: at,
      envelope: await sealInquiry(deps.cipher, inquiryId, decided),
      ...(approval ? { granted, approval } : {}),
    });
    if (outcome === 'conflict') throw new InquiryStateError('inquiry-already-decided');
    return inquiryViewOf(
      {
        ...stored,
        status,
        decidedBy: official.subject,
        decidedAt: at,
        ...(approval ? { granted, approval } : {}),
        version: stored.version + 1,
      },
      now,
      decided,
    );
  }
}
