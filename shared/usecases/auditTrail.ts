/**
 * The audit trail for supervisors (API.md, Oversight; DESIGN.md invariant 5): an export of a
 * window of the Merkle log that `npm run audit:verify` checks offline against the audit key,
 * line by line (`shared/domain/audit/verifyExport.ts` says what each line is):
 *
 *     earlier checkpoints, each with its consistency proof to the final tree
 *     the window's entries, in index order
 *     the window proof (the compact ranges left and right of it) and inclusion proofs of its
 *     first and last entry
 *     the final checkpoint, asked of the sequencer at export
 *
 * The export is audited before the first line (its own event is in the log; locally already
 * in this export, in AWS once the stream has delivered it). Each exported leaf is compared
 * with the event it was sequenced from: an event changed since raises the alarm — the export
 * still shows what was sequenced, which is what the checkpoints sign.
 */

import { type AuditEntry, toBase64 } from '../domain/audit/entry.ts';
import {
  consistencyProof,
  equalHashes,
  inclusionProof,
  leafHash,
  prefixSubtrees,
  rangeSubtrees,
} from '../domain/audit/merkle.ts';
import { type AuditRecord, eventDigest } from '../domain/audit/record.ts';
import { canonicalJson } from '../domain/canonicalJson.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type {
  AuditAlarm,
  AuditEventStore,
  AuditSequencerClient,
  AuditTreeReader,
  SequencedLeaf,
  StoredCheckpoint,
  TamperFinding,
} from '../ports/auditTree.ts';
import type { Clock } from '../ports/clock.ts';

export type AuditTrailDependencies = {
  audit: AuditLog;
  tree: AuditTreeReader;
  events: AuditEventStore;
  sequencer: AuditSequencerClient;
  alarm: AuditAlarm;
  clock: Clock;
};

export type ExportWindow = { from?: string; to?: string };

const line = (value: object) => canonicalJson(value);

/** The digest of a written record as it is now (not the digest attribute beside it). */
function digestOf(record: string): string | undefined {
  try {
    return eventDigest(JSON.parse(record) as AuditRecord);
  } catch {
    return undefined;
  }
}

export class ExportAuditTrail {
  private readonly deps: AuditTrailDependencies;
  constructor(deps: AuditTrailDependencies) {
    this.deps = deps;
  }

  async *lines(window: ExportWindow, supervisor: { subject: string; org: string }) {
    const { deps } = this;
    const exportedAt = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `audit.export:${supervisor.subject}:${exportedAt}`,
      at: exportedAt,
      actor: { subject: supervisor.subject, role: 'supervisor', organisation: supervisor.org },
      action: 'audit.export',
      recordId: 'audit-trail',
      legalBasis: ['IM art. 22'],
    });
    const final = await deps.sequencer.checkpoint();
    const n = final.size;
    const [start, end] = await this.windowOf(window, n);

    for (const earlier of await this.earlierCheckpoints(window, n)) {
      yield line({ type: 'checkpoint', note: earlier.note });
      yield line({
        type: 'proof',
        proof: 'consistency',
        size: earlier.size,
        treeSize: n,
        hashes: (await consistencyProof(deps.tree, earlier.size, n)).map(toBase64),
      });
    }
    for (let from = start; from < end; from += 1000) {
      const leaves = await deps.tree.leaves(from, Math.min(end, from + 1000));
      await this.compareWithEvents(leaves);
      for (const leaf of leaves) yield leaf.entry;
    }
    const perfect = (subtrees: { level: number; index: number }[]) =>
      Promise.all(subtrees.map((subtree) => deps.tree.perfect(subtree)));
    yield line({
      type: 'proof',
      proof: 'window',
      treeSize: n,
      start,
      end,
      left: (await perfect(prefixSubtrees(start))).map(toBase64),
      right: (await perfect(rangeSubtrees(end, n))).map(toBase64),
      exportedAt,
      ...(window.from === undefined ? {} : { from: window.from }),
      ...(window.to === undefined ? {} : { to: window.to }),
    });
    for (const index of end > start ? [...new Set([start, end - 1])] : []) {
      yield line({
        type: 'proof',
        proof: 'inclusion',
        index,
        treeSize: n,
        hashes: (await inclusionProof(deps.tree, index, n)).map(toBase64),
      });
    }
    yield line({ type: 'checkpoint', note: final.note });
  }

  /**
   * The window's entries: from the first whose `at` is at or after `from` to the last at or
   * before `to`, by index — found from the batches' time spans, without reading the log.
   */
  private async windowOf(window: ExportWindow, n: number): Promise<[number, number]> {
    if (window.from === undefined && window.to === undefined) return [0, n];
    const batches = (await this.deps.tree.batches())
      .filter((batch) => batch.first < n)
      .map((batch) => ({ ...batch, count: Math.min(batch.count, n - batch.first) }))
      .sort((a, b) => a.first - b.first);
    const from = window.from;
    const to = window.to;
    const after = (at: string) => from === undefined || at >= from;
    const before = (at: string) => to === undefined || at <= to;
    const firstBatch = batches.find((batch) => after(batch.maxAt));
    const lastBatch = [...batches].reverse().find((batch) => before(batch.minAt));
    if (firstBatch === undefined || lastBatch === undefined) return [n, n];
    const first = (
      await this.deps.tree.leaves(firstBatch.first, firstBatch.first + firstBatch.count)
    ).find((leaf) => after(leaf.at))?.index;
    const last = (await this.deps.tree.leaves(lastBatch.first, lastBatch.first + lastBatch.count))
      .filter((leaf) => before(leaf.at))
      .at(-1)?.index;
    if (first === undefined || last === undefined || last < first) return [n, n];
    return [first, last + 1];
  }

  /**
   * The checkpoints signed before this one that a supervisor may hold: in a window, those
   * signed within it and the last one before it; otherwise all. Each gets its proof.
   */
  private async earlierCheckpoints(window: ExportWindow, n: number): Promise<StoredCheckpoint[]> {
    const stored = (await this.deps.tree.checkpoints())
      .filter((checkpoint) => checkpoint.size > 0 && checkpoint.size < n)
      .sort((a, b) => a.size - b.size);
    if (window.from === undefined && window.to === undefined) return stored;
    const from = window.from ?? '';
    const to = window.to ?? '\uffff';
    const inside = stored.filter((checkpoint) => checkpoint.at >= from && checkpoint.at <= to);
    const lastBefore = stored.filter((checkpoint) => checkpoint.at < from).at(-1);
    return lastBefore ? [lastBefore, ...inside] : inside;
  }

  /** Each leaf against its stored hash and against the event it was sequenced from. */
  private async compareWithEvents(leaves: readonly SequencedLeaf[]): Promise<void> {
    const findings: TamperFinding[] = [];
    const written = await this.deps.events.get(
      leaves.map((leaf) => leaf.eventKey).filter((key) => !key.startsWith('legacy#')),
    );
    for (const leaf of leaves) {
      if (!equalHashes(leafHash(leaf.entry), leaf.leafHash)) {
        findings.push({ kind: 'leaf-mismatch', eventKey: leaf.eventKey, index: leaf.index });
        continue;
      }
      if (leaf.eventKey.startsWith('legacy#')) continue;
      const event = written.get(leaf.eventKey);
      const { index: _index, migratedFrom: _m, ...record } = JSON.parse(leaf.entry) as AuditEntry;
      if (event === undefined) {
        findings.push({ kind: 'removed', eventKey: leaf.eventKey, index: leaf.index });
      } else if (digestOf(event.record) !== eventDigest(record as AuditRecord)) {
        findings.push({ kind: 'rewritten', eventKey: leaf.eventKey, index: leaf.index });
      }
    }
    if (findings.length > 0) this.deps.alarm.raise(findings);
  }
}
