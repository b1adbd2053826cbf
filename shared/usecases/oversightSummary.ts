/**
 * Use case: the supervisor's overview (API.md, Oversight): per agency, pending and overdue
 * inquiries, notices and reviews, opinions by status, open complaints. Counted from routing and state
 * attributes only — the function that answers holds no envelope key at all.
 */

import type { AgencyRole } from '../domain/agencies.ts';
import type { CivilDate } from '../domain/calendar.ts';
import { chinaToday } from '../domain/calendar.ts';
import { currentDecisionDeadline, isOverdue } from '../domain/inquiry/inquiry.ts';
import { prcWorkingDays } from '../domain/inquiry/workingDays.ts';
import { currentAcknowledgementDeadline } from '../domain/oversight/noticeDeadline.ts';
import { type OpinionState, opinionStatus } from '../domain/oversight/opinions.ts';
import { reviewStatus } from '../domain/review/review.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';

export type AgencyKey = { role: string; org: string };

/** Port: the states of every oversight document, without their contents. */
export interface OversightLedger {
  inquiries(): Promise<
    {
      agency: AgencyKey;
      status: string;
      decideBy: string;
      calendar: 'official' | 'provisional';
      receivedAt: string;
    }[]
  >;
  notices(): Promise<
    {
      recipient: AgencyKey;
      at: string;
      acknowledgeBy: string;
      calendar?: 'official' | 'provisional';
      acknowledged: boolean;
    }[]
  >;
  opinions(): Promise<{ agency: AgencyKey; state: OpinionState; replyDue: string }[]>;
  complaints(): Promise<{ against: AgencyKey; status: string }[]>;
  reviews(): Promise<{ owner: AgencyKey; decideBy: string; decided: boolean }[]>;
}

type AgencySummary = AgencyKey & {
  notices: { pending: number; overdue: number };
  reviews: { pending: number; overdue: number };
  opinions: Record<string, number>;
  complaints: { open: number };
};

export type OversightSummary = {
  at: string;
  /** Inquiries are addressed to an organisation (API.md): counted per role and organisation. */
  inquiries: { agency: string; org: string; pending: number; overdue: number }[];
  agencies: AgencySummary[];
};

export class SummariseOversight {
  private readonly deps: { ledger: OversightLedger; audit: AuditLog; clock: Clock };
  constructor(deps: { ledger: OversightLedger; audit: AuditLog; clock: Clock }) {
    this.deps = deps;
  }

  /** What is overdue across all agencies: for the hourly metrics and their alarms. */
  async overdue(): Promise<{
    inquiries: number;
    notices: number;
    reviews: number;
    opinions: number;
  }> {
    const summary = await this.summarise(this.deps.clock.now());
    return {
      inquiries: summary.inquiries.reduce((n, row) => n + row.overdue, 0),
      notices: summary.agencies.reduce((n, row) => n + row.notices.overdue, 0),
      reviews: summary.agencies.reduce((n, row) => n + row.reviews.overdue, 0),
      opinions: summary.agencies.reduce((n, row) => n + (row.opinions.overdue ?? 0), 0),
    };
  }

  async execute(supervisor: { subject: string; org: string }): Promise<OversightSummary> {
    const now = this.deps.clock.now();
    await this.deps.audit.append({
      eventId: `oversight.summary:${supervisor.subject}:${now.toISOString()}`,
      at: now.toISOString(),
      actor: { subject: supervisor.subject, role: 'supervisor', organisation: supervisor.org },
      action: 'oversight.summary',
      recordId: 'summary',
    });
    return this.summarise(now);
  }

  private async summarise(now: Date): Promise<OversightSummary> {
    const { ledger } = this.deps;
    const inquiries = new Map<
      string,
      { agency: string; org: string; pending: number; overdue: number }
    >();
    for (const inquiry of await ledger.inquiries()) {
      if (inquiry.status !== 'pending') continue;
      const key = `${inquiry.agency.role}#${inquiry.agency.org}`;
      const row = inquiries.get(key) ?? {
        agency: inquiry.agency.role,
        org: inquiry.agency.org,
        pending: 0,
        overdue: 0,
      };
      row.pending += 1;
      // A provisional deadline as it stands today: restated, never earlier (RULES.md §5).
      const { decideBy } = currentDecisionDeadline(
        {
          agency: inquiry.agency as { role: AgencyRole; org: string },
          receivedAt: inquiry.receivedAt,
          decideBy: inquiry.decideBy as CivilDate,
          calendar: inquiry.calendar,
        },
        prcWorkingDays,
      );
      if (isOverdue({ status: 'pending', decideBy }, now)) {
        row.overdue += 1;
      }
      inquiries.set(key, row);
    }

    const agencies = new Map<string, AgencySummary>();
    const rowOf = (agency: AgencyKey) => {
      const key = `${agency.role}#${agency.org}`;
      let row = agencies.get(key);
      if (row === undefined) {
        row = {
          ...agency,
          notices: { pending: 0, overdue: 0 },
          reviews: { pending: 0, overdue: 0 },
          opinions: {},
          complaints: { open: 0 },
        };
        agencies.set(key, row);
      }
      return row;
    };
    for (const notice of await ledger.notices()) {
      if (notice.acknowledged) continue;
      const row = rowOf(notice.recipient);
      const { acknowledgeBy } = currentAcknowledgementDeadline(notice);
      if (Date.parse(acknowledgeBy) < now.getTime()) row.notices.overdue += 1;
      else row.notices.pending += 1;
    }
    const today = chinaToday(now);
    for (const review of await ledger.reviews()) {
      if (review.decided) continue;
      const status = reviewStatus({ decideBy: review.decideBy as CivilDate }, today);
      rowOf(review.owner).reviews[status === 'overdue' ? 'overdue' : 'pending'] += 1;
    }
    for (const opinion of await ledger.opinions()) {
      const status = opinionStatus(
        { state: opinion.state, replyDue: opinion.replyDue as CivilDate },
        now,
      );
      const row = rowOf(opinion.agency);
      row.opinions[status] = (row.opinions[status] ?? 0) + 1;
    }
    for (const complaint of await ledger.complaints()) {
      if (complaint.status !== 'resolved') rowOf(complaint.against).complaints.open += 1;
    }
    return {
      at: now.toISOString(),
      inquiries: [...inquiries.values()].sort(
        (a, b) => a.agency.localeCompare(b.agency) || a.org.localeCompare(b.org),
      ),
      agencies: [...agencies.values()].sort(
        (a, b) => a.role.localeCompare(b.role) || a.org.localeCompare(b.org),
      ),
    };
  }
}
