/**
 * What the concurrency and crash tests check after the fact, read straight from the tables:
 * how many records, audit entries and certificates exist for what was asked, and whether
 * every audit chain still verifies. Plus a tally of the answers, for the figures the suite
 * prints (requests, 5xx, losses, duplicates).
 */
import { verifyAuditChain } from '#shared/domain/auditChain.ts';
import type { AuditEntry } from '#shared/ports/auditLog.ts';

export type Scan = (table: string) => Promise<Record<string, unknown>[]>;

export type StoredState = {
  records: Record<string, unknown>[];
  /** Chain entries only (the event partitions beside them hold claims and completions). */
  auditEntries: AuditEntry[];
  /** `certificate#…` items of the issuance log. */
  certificates: Record<string, unknown>[];
  /** Applications counted per `<blindIndex> <year>`. */
  applications: Map<string, number>;
};

export async function storedState(scan: Scan): Promise<StoredState> {
  const [records, audit, issuance] = await Promise.all([
    scan('CriminalRecords'),
    scan('AuditLog'),
    scan('CertificateIssuanceLog'),
  ]);
  const applications = new Map<string, number>();
  for (const item of issuance) {
    const key = String(item.entryKey);
    if (key.startsWith('applications#')) {
      applications.set(
        `${item.blindIndex} ${key.slice('applications#'.length)}`,
        (item.applications as Set<string> | undefined)?.size ?? 0,
      );
    }
  }
  return {
    records,
    auditEntries: audit.filter((i) => String(i.chain).startsWith('chain-')) as AuditEntry[],
    certificates: issuance.filter((i) => String(i.entryKey).startsWith('certificate#')),
    applications,
  };
}

/** Every chain's verdict: entries sorted by seq, as `readChain` returns them. */
export function chainVerdicts(entries: readonly AuditEntry[]) {
  const chains = new Map<string, AuditEntry[]>();
  for (const entry of entries) chains.set(entry.chain, [...(chains.get(entry.chain) ?? []), entry]);
  return [...chains].map(([chain, list]) => ({
    chain,
    verdict: verifyAuditChain(list.sort((a, b) => a.seq - b.seq)),
  }));
}

/** A field of an audit record: `recordId` is its target; the rest at the top or in details. */
function fieldOf(entry: AuditEntry, name: string): unknown {
  if (name === 'recordId') return entry.target;
  return (entry as Record<string, unknown>)[name] ?? entry.details?.[name];
}

/** Audit entries of one action, by the field that names what they are about. */
export function auditOf(
  state: StoredState,
  action: AuditEntry['action'],
  where: Record<string, unknown>,
): AuditEntry[] {
  return state.auditEntries.filter(
    (entry) =>
      entry.action === action && Object.entries(where).every(([k, v]) => fieldOf(entry, k) === v),
  );
}

/** Counts answers by status; `5xx` is what no scenario may produce. */
export class Tally {
  readonly statuses = new Map<number, number>();
  requests = 0;

  add(status: number): void {
    this.requests += 1;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  get serverErrors(): number {
    return [...this.statuses].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  }

  summary(): string {
    const byStatus = [...this.statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, c]) => `${s}×${c}`)
      .join(' ');
    return `${this.requests} requests (${byStatus}), ${this.serverErrors} 5xx`;
  }
}
