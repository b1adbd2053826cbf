/**
 * Use case: a person's own access log (API.md, The person's own view) — every inquiry about
 * their national ID: who asked, when, on what basis and purpose, and what was decided. Never
 * what a result contained. No portable, signed copy of one's own records is offered: employers
 * would demand it (enforced subject access; DPA 2018 s.184 had to outlaw it in the UK).
 */
import { mapBounded } from '../concurrency.ts';
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import type { PersonConcerned } from '../domain/representation.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import type { InquiryStore } from '../ports/inquiries.ts';
import { auditAgentOf } from './auditAgent.ts';
import { openInquiry } from './inquiries.ts';

export type AccessLogEntry = {
  at: string;
  inquirer: { role: string; org: string };
  legalBasis: string;
  purpose: string;
  status: string;
};

export type AccessLogDependencies = {
  mac: MacGenerator;
  cipher: EnvelopeCipher;
  inquiries: Pick<InquiryStore, 'pageAbout'>;
  audit: AuditLog;
  clock: Clock;
};

export class ReadAccessLog {
  private readonly deps: AccessLogDependencies;
  constructor(deps: AccessLogDependencies) {
    this.deps = deps;
  }

  /** A page of the log, newest first; each application decrypted a few at a time. */
  async execute(
    citizen: {
      subject: string;
      nationalId: string;
      agent?: PersonConcerned['agent'];
    },
    page: { cursor?: string; limit: number },
  ): Promise<{ entries: AccessLogEntry[]; cursor?: string }> {
    const { deps } = this;
    const subjectIndex = await blindIndexOfPerson(deps.mac, citizen.nationalId);
    const agent = await auditAgentOf(deps.mac, citizen.agent);
    const now = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `access-log.read:${subjectIndex}:${now}`,
      at: now,
      actor: { subject: citizen.subject, role: 'citizen', organisation: '' },
      action: 'access-log.read',
      recordId: subjectIndex,
      blindIndex: subjectIndex,
      ...(agent ? { agent } : {}),
    });
    const stored = await deps.inquiries.pageAbout(subjectIndex, page);
    const entries = await mapBounded(stored.inquiries, async (inquiry) => {
      const content = await openInquiry(deps.cipher, inquiry);
      return {
        at: inquiry.receivedAt,
        inquirer: { role: inquiry.inquirer.role, org: inquiry.inquirer.org },
        legalBasis: inquiry.legalBasis,
        purpose: content.purpose,
        status: inquiry.status,
      };
    });
    return { entries, ...(stored.cursor ? { cursor: stored.cursor } : {}) };
  }
}
