/**
 * What the concurrency and crash tests check after the fact, read straight from the tables:
 * how many records, audit entries and certificates exist for what was asked, and whether the
 * audit log is whole — every written event sequenced exactly once, the tree's leaves and
 * root as the head says. Plus a tally of the answers, for the figures the suite prints
 * (requests, 5xx, losses, duplicates).
 */
import type { AuditEntry } from '#shared/domain/audit/entry.ts';
import { CompactRange, leafHash } from '#shared/domain/audit/merkle.ts';

export type Scan = (table: string) => Promise<Record<string, unknown>[]>;

/** The audit log as stored: the events written, and the tree's head and leaves. */
export type StoredLog = {
  eventKeys: string[];
  head?: { size: number; root: string };
  leaves: { index: number; eventKey: string; entry: string; leafHash: string }[];
};

export type StoredState = {
  records: Record<string, unknown>[];
  /** The sequenced entries, in index order. */
  auditEntries: AuditEntry[];
  auditLog: StoredLog;
  /** `certificate#…` items of the issuance log. */
  certificates: Record<string, unknown>[];
  /** Applications counted per `<blindIndex> <year>`. */
  applications: Map<string, number>;
};

export async function storedState(scan: Scan): Promise<StoredState> {
  const [records, auditLog, issuance] = await Promise.all([
    scan('CriminalRecords'),
    storedLog(scan),
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
    auditEntries: auditLog.leaves.map((leaf) => JSON.parse(leaf.entry) as AuditEntry),
    auditLog,
    certificates: issuance.filter((i) => String(i.entryKey).startsWith('certificate#')),
    applications,
  };
}

export async function storedLog(scan: Scan): Promise<StoredLog> {
  const [events, tree] = await Promise.all([scan('AuditEvents'), scan('AuditTree')]);
  const head = tree.find((item) => item.part === 'head');
  const size = Number(head?.size ?? 0);
  const leaves = tree
    .filter(
      (item) => String(item.part).startsWith('leaf#') && Number(String(item.part).slice(5)) < size,
    )
    .map((item) => ({
      index: Number(String(item.part).slice(5)),
      eventKey: String(item.eventKey),
      entry: String(item.entry),
      leafHash: String(item.leafHash),
    }))
    .sort((a, b) => a.index - b.index);
  return {
    eventKeys: events.map((item) => String(item.eventKey)),
    head: head && { size, root: String(head.root) },
    leaves,
  };
}

/**
 * Whether the stored log is whole: leaves 0…size−1 each hashing to its stored hash and
 * carrying its own index, the root recomputed from them equal to the head's, and every
 * written event sequenced exactly once (and nothing sequenced that was not written).
 */
export function logVerdict(log: StoredLog): { intact: boolean; problems: string[] } {
  const problems: string[] = [];
  const size = log.head?.size ?? 0;
  const range = CompactRange.empty();
  log.leaves.forEach((leaf, i) => {
    if (leaf.index !== i) problems.push(`leaf ${i} missing`);
    if (JSON.parse(leaf.entry).index !== leaf.index) problems.push(`leaf ${i}: wrong index`);
    const hash = leafHash(leaf.entry);
    if (Buffer.from(hash).toString('base64') !== leaf.leafHash) problems.push(`leaf ${i}: hash`);
    range.append(0, hash);
  });
  if (log.leaves.length !== size) problems.push(`${log.leaves.length} leaves, size ${size}`);
  if (log.head && Buffer.from(range.root()).toString('base64') !== log.head.root) {
    problems.push('root differs from the head');
  }
  const sequenced = new Map<string, number>();
  for (const leaf of log.leaves) {
    sequenced.set(leaf.eventKey, (sequenced.get(leaf.eventKey) ?? 0) + 1);
  }
  for (const [key, count] of sequenced) if (count > 1) problems.push(`${key} sequenced ${count}×`);
  for (const key of log.eventKeys) if (!sequenced.has(key)) problems.push(`${key} not sequenced`);
  const written = new Set(log.eventKeys);
  for (const key of sequenced.keys()) {
    if (!key.startsWith('legacy#') && !written.has(key)) problems.push(`${key} never written`);
  }
  return { intact: problems.length === 0, problems };
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
