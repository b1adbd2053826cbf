/**
 * Use cases of the audit trail for supervisors (API.md, Oversight; DESIGN.md invariant 5):
 * checkpoints of every chain's head signed with the audit key (on a schedule, and at every
 * export), and the export — NDJSON, each chain's entries in order with its stored
 * checkpoints, ending with a checkpoint of the chain; then a signed statement of the chains
 * exported and where each run starts and ends — that `npm run audit:verify` checks offline.
 */
import {
  type ExportStatementClaims,
  signCheckpoint,
  signExportStatement,
} from '../domain/audit/checkpoint.ts';
import type { AuditLog, AuditTrail, StoredCheckpoint } from '../ports/auditLog.ts';
import type { Clock } from '../ports/clock.ts';
import type { Signer } from '../ports/signer.ts';

export type AuditTrailDependencies = {
  trail: AuditTrail;
  audit: AuditLog;
  signer: Signer;
  issuerDid: string;
  clock: Clock;
};

export type ExportWindow = { from?: string; to?: string };

async function checkpointAt(
  deps: AuditTrailDependencies,
  chain: string,
  position: { seq: number; hash: string },
): Promise<StoredCheckpoint> {
  const at = deps.clock.now().toISOString();
  const kid = `${deps.issuerDid}#${deps.signer.keyId}`;
  const claims = { chain, seq: position.seq, hash: position.hash, at };
  const signature = await signCheckpoint(claims, deps.signer, kid);
  return deps.trail.storeCheckpoint({ ...claims, signature, kid });
}

/** Signs each chain's head unless a checkpoint already covers it (the schedule's job). */
export class CheckpointAuditChains {
  constructor(private readonly deps: AuditTrailDependencies) {}

  async execute(): Promise<{ signed: number; chains: number }> {
    let signed = 0;
    for (const chain of this.deps.trail.chainNames()) {
      const head = await this.deps.trail.head(chain);
      if (head.seq === 0) continue;
      const latest = (await this.deps.trail.checkpoints(chain)).at(-1);
      if (latest?.seq === head.seq) continue;
      await checkpointAt(this.deps, chain, head);
      signed += 1;
    }
    return { signed, chains: this.deps.trail.chainNames().length };
  }
}

const checkpointLine = (checkpoint: StoredCheckpoint) =>
  JSON.stringify({ type: 'checkpoint', ...checkpoint });

export class ExportAuditTrail {
  constructor(private readonly deps: AuditTrailDependencies) {}

  /**
   * The export's lines. For each chain with entries in the window: a checkpoint anchoring
   * the run when it does not start at the chain's first entry; the contiguous run of entries
   * from the first at or after `from` to the last at or before `to`; after each entry, the
   * stored checkpoints of its position; then the stored checkpoints beyond the last entry
   * (any such means entries were removed, and verification fails); then a checkpoint of the
   * last entry, closing the chain. Last, the export statement: every chain exported with
   * the first and last sequence number of its run, signed — without it, dropping a chain's
   * first entries up to a stored checkpoint, or a whole chain, could not be seen. The
   * export is audited before the first line.
   */
  async *lines(window: ExportWindow, supervisor: { subject: string; org: string }) {
    const { deps } = this;
    const at = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `audit.export:${supervisor.subject}:${at}`,
      at,
      actor: { subject: supervisor.subject, role: 'supervisor', organisation: supervisor.org },
      action: 'audit.export',
      recordId: 'audit-trail',
      legalBasis: ['IM art. 22'],
    });
    const exported: ExportStatementClaims['chains'] = {};
    for (const chain of deps.trail.chainNames()) {
      const entries = (await deps.trail.readChain(chain)).sort((a, b) => a.seq - b.seq);
      const inWindow = (entryAt: string) =>
        (window.from === undefined || entryAt >= window.from) &&
        (window.to === undefined || entryAt <= window.to);
      const first = entries.findIndex((entry) => inWindow(entry.at));
      if (first < 0) continue;
      let last = first;
      entries.forEach((entry, i) => {
        if (inWindow(entry.at)) last = i;
      });
      const run = entries.slice(first, last + 1);
      const firstSeq = run[0]?.seq ?? 0;
      const checkpoints = (await deps.trail.checkpoints(chain)).filter(
        (checkpoint) =>
          checkpoint.seq >= firstSeq && (window.to === undefined || checkpoint.at <= window.to),
      );
      const lastEntry = run.at(-1);
      if (lastEntry === undefined) continue;
      // A run that starts after the chain's first entry is anchored by a checkpoint of the
      // entry just before it: without it, dropping the run's first line could not be seen.
      const before = entries[first - 1];
      if (before !== undefined) {
        const stored = (await deps.trail.checkpoints(chain)).find((c) => c.seq === before.seq);
        yield checkpointLine(stored ?? (await checkpointAt(deps, chain, before)));
      }
      for (const entry of run) {
        yield JSON.stringify(entry);
        // The last entry's checkpoint is the closing one, below: once, and last.
        if (entry.seq === lastEntry.seq) continue;
        for (const checkpoint of checkpoints.filter((c) => c.seq === entry.seq)) {
          yield checkpointLine(checkpoint);
        }
      }
      for (const checkpoint of checkpoints.filter((c) => c.seq > lastEntry.seq)) {
        yield checkpointLine(checkpoint);
      }
      const fresh = await checkpointAt(deps, chain, lastEntry);
      yield checkpointLine(fresh);
      exported[chain] = { first: firstSeq, last: lastEntry.seq };
    }
    const statement: ExportStatementClaims = {
      exportedAt: at,
      ...(window.from === undefined ? {} : { from: window.from }),
      ...(window.to === undefined ? {} : { to: window.to }),
      chains: exported,
    };
    const kid = `${deps.issuerDid}#${deps.signer.keyId}`;
    const signature = await signExportStatement(statement, deps.signer, kid);
    yield JSON.stringify({ type: 'export', ...statement, signature, kid });
  }
}
