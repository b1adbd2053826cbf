/**
 * The audit log's sequencer (DESIGN.md invariant 5; API.md, Oversight), off every request
 * path: it takes the events the writers put (in AWS from the events table's stream, locally
 * in process after each put), gives each the next consecutive index, stores the leaves and
 * the completed Merkle nodes (RFC 9162 §2.1), and commits the new head; it signs C2SP
 * checkpoints of the head on a schedule and at export; and it imports the former hash
 * chains, once, before anything else.
 *
 * Exactly once without transactions: a batch writes its leaves, nodes and event markers
 * first and commits the head last, conditionally on the size it started from. Everything at
 * or beyond the committed size is scratch that the next batch overwrites, and an event whose
 * marker points there is not yet sequenced — so a crash anywhere loses nothing and sequences
 * nothing twice. Consecutive indexes need one writer: one invocation at a time (reserved
 * concurrency 1 in AWS, one promise chain locally); the conditional commit refuses a second.
 */

import { type CheckpointBody, signCheckpoint } from '../domain/audit/checkpoint.ts';
import {
  type AuditEntry,
  entryOf,
  entrySchema,
  leafText,
  type MigratedFrom,
} from '../domain/audit/entry.ts';
import { CompactRange, type Hash, leafHash } from '../domain/audit/merkle.ts';
import { type AuditRecord, eventDigest } from '../domain/audit/record.ts';
import { verifyAuditChain } from '../domain/auditChain.ts';
import { IntegrityError } from '../errors.ts';
import type {
  AuditEventStore,
  AuditTreeStore,
  LegacyAuditChains,
  LegacyChainEntry,
  SequencedLeaf,
  TamperFinding,
  TreeHead,
  TreeWrites,
  WrittenEvent,
} from '../ports/auditTree.ts';
import type { Clock } from '../ports/clock.ts';
import type { Signer } from '../ports/signer.ts';

export type AuditSequencerDependencies = {
  tree: AuditTreeStore;
  events: AuditEventStore;
  legacy: LegacyAuditChains;
  signer: Signer;
  /** The audit key's SubjectPublicKeyInfo (DER): its C2SP key ID. */
  signerSpki: Uint8Array;
  /** The log's origin line and key name (`originOf(issuerDid)`). */
  origin: string;
  clock: Clock;
};

/** Entries imported from the former chains per commit: a timeout loses at most one chunk. */
const IMPORT_CHUNK = 500;

export class TreeMovedError extends IntegrityError {
  override name = 'TreeMovedError';
}

export type SequenceOutcome = { sequenced: number; size: number; findings: TamperFinding[] };

type Leafable = { eventKey: string; entry: AuditEntry; digest: string };

export class AuditSequencer {
  private readonly deps: AuditSequencerDependencies;
  constructor(deps: AuditSequencerDependencies) {
    this.deps = deps;
  }

  /**
   * Sequences written events, in the order given (the stream's order within a shard), once
   * each: an event already sequenced is skipped — and reported if its content now differs.
   */
  async sequence(written: readonly WrittenEvent[]): Promise<SequenceOutcome> {
    const head = await this.readyHead();
    const unique = new Map<string, WrittenEvent>();
    for (const event of written) if (!unique.has(event.eventKey)) unique.set(event.eventKey, event);
    const known = await this.deps.tree.sequenced([...unique.keys()]);
    // A marker below the committed size is trusted only if its leaf holds that very event:
    // an append cut off between its writes and its commit leaves markers whose indexes the
    // next committed batch may have taken for other events (read only for events seen before:
    // redeliveries and sweeps).
    const claimed = [...known.values()].filter((seen) => seen.index < head.size);
    const holders =
      claimed.length > 0
        ? await this.deps.tree.leafEvents(claimed.map((seen) => seen.index))
        : new Map<number, string>();
    const findings: TamperFinding[] = [];
    const fresh: Leafable[] = [];
    for (const event of unique.values()) {
      const record = parseRecord(event.record);
      const digest = record === undefined ? undefined : eventDigest(record);
      const seen = known.get(event.eventKey);
      if (
        seen !== undefined &&
        seen.index < head.size &&
        holders.get(seen.index) === event.eventKey
      ) {
        if (seen.digest !== digest) {
          findings.push({
            kind: 'resubmitted-with-other-content',
            eventKey: event.eventKey,
            index: seen.index,
          });
        }
        continue;
      }
      if (record === undefined || digest === undefined) {
        // Not a record any writer's code makes: someone put it around the writers' code.
        findings.push({ kind: 'rewritten', eventKey: event.eventKey });
        continue;
      }
      fresh.push({ eventKey: event.eventKey, entry: entryOf(record, 0), digest });
    }
    const size = fresh.length > 0 ? await this.append(head, fresh) : head.size;
    return { sequenced: fresh.length, size, findings };
  }

  /**
   * Changes the stream shows to events already written (MODIFY, REMOVE). A writer's retry
   * rewrites the same content (same digest, its own time) and is no change; anything else
   * was done around the writers' code and raises the alarm.
   */
  changes(
    changes: readonly { eventKey: string; before?: string; after?: string }[],
  ): TamperFinding[] {
    const digest = (record?: string) => {
      const parsed = record === undefined ? undefined : parseRecord(record);
      return parsed === undefined ? record : eventDigest(parsed);
    };
    return changes
      .filter(({ before, after }) => after === undefined || digest(before) !== digest(after))
      .map(({ eventKey, after }) => ({
        kind: after === undefined ? ('removed' as const) : ('rewritten' as const),
        eventKey,
      }));
  }

  /**
   * Sequences every written event not yet in the tree: after records the stream could not
   * deliver (its retention ended, a poison batch went to the dead-letter queue), or locally
   * after a process died between a put and its sequencing.
   */
  async sweep(): Promise<SequenceOutcome> {
    const head = await this.readyHead();
    // Each written event is one leaf, except the former chains' imported entries.
    if ((await this.deps.events.count()) === head.size - head.imported) {
      return { sequenced: 0, size: head.size, findings: [] };
    }
    let sequenced = 0;
    let size = 0;
    const findings: TamperFinding[] = [];
    for await (const page of this.deps.events.pages()) {
      const outcome = await this.sequence(page);
      sequenced += outcome.sequenced;
      size = outcome.size;
      findings.push(...outcome.findings);
    }
    if (sequenced === 0) size = (await this.readyHead()).size;
    return { sequenced, size, findings };
  }

  /**
   * Signs a checkpoint of the tree as committed now, unless the latest one is of this very
   * tree (the schedule's job; the export's, which needs one as fresh as the tree).
   */
  async checkpoint(): Promise<{ size: number; root: Hash; note: string; signed: boolean }> {
    const head = await this.readyHead();
    const latest = await this.deps.tree.latestCheckpoint();
    if (latest !== undefined && latest.size === head.size) {
      return { size: latest.size, root: latest.root, note: latest.note, signed: false };
    }
    const body: CheckpointBody = { origin: this.deps.origin, size: head.size, root: head.root };
    const note = await signCheckpoint(body, this.deps.signer, this.deps.signerSpki);
    await this.deps.tree.storeCheckpoint({
      size: head.size,
      root: head.root,
      note,
      at: this.deps.clock.now().toISOString(),
    });
    return { size: head.size, root: head.root, note, signed: true };
  }

  /**
   * Imports the former hash chains into the tree, once, in order: each chain must verify;
   * chains are merged by time, each kept in its own order. Idempotent and resumable: the
   * head counts what was imported, and the import runs before any new event is sequenced.
   */
  async migrate(): Promise<{ imported: number; size: number }> {
    const head = await this.deps.tree.head();
    if (head?.migrated) return { imported: head.imported, size: head.size };
    const ordered = await this.legacyInOrder();
    let current: TreeHead = head ?? emptyHead();
    for (let from = current.imported; from < ordered.length; from += IMPORT_CHUNK) {
      const chunk = ordered.slice(from, from + IMPORT_CHUNK).map((entry) => {
        const migratedFrom: MigratedFrom = { chain: entry.chain, seq: entry.seq, hash: entry.hash };
        const record = entry.record as AuditRecord;
        return {
          eventKey: `legacy#${entry.chain}#${entry.seq}`,
          entry: entryOf(record, 0, migratedFrom),
          digest: eventDigest(record),
        };
      });
      const size = await this.append(current, chunk, { importing: chunk.length });
      current = { ...(await this.head()), size };
    }
    const done: TreeHead = { ...current, migrated: true };
    if ((await this.deps.tree.commit(done, current.size)) === 'conflict') {
      throw new TreeMovedError('the audit tree moved during the import');
    }
    return { imported: done.imported, size: done.size };
  }

  private async head(): Promise<TreeHead> {
    return (await this.deps.tree.head()) ?? emptyHead();
  }

  /** The committed head, after the former chains were imported (the first run does it). */
  private async readyHead(): Promise<TreeHead> {
    const head = await this.deps.tree.head();
    if (head?.migrated) return head;
    if (head === undefined && (await this.deps.legacy.isEmpty())) {
      const fresh = { ...emptyHead(), migrated: true };
      return (await this.deps.tree.commit(fresh, 0)) === 'committed' ? fresh : this.head();
    }
    await this.migrate();
    return this.head();
  }

  private async legacyInOrder(): Promise<LegacyChainEntry[]> {
    const chains = await this.deps.legacy.chains();
    for (const [chain, entries] of chains) {
      const verdict = verifyAuditChain(
        entries.map((e) => ({
          ...(e.record as AuditRecord),
          chain,
          seq: e.seq,
          prevHash: e.prevHash,
          hash: e.hash,
        })),
      );
      if (!verdict.intact) {
        throw new IntegrityError(
          `former audit chain ${chain} does not verify at ${verdict.brokenAtSeq} (${verdict.reason}): nothing imported`,
        );
      }
    }
    // A k-way merge by (at, chain, seq): every chain keeps its own order.
    const queues = [...chains.entries()].sort(([a], [b]) => a.localeCompare(b));
    const ordered: LegacyChainEntry[] = [];
    const positions = queues.map(() => 0);
    for (;;) {
      let best = -1;
      queues.forEach(([, entries], q) => {
        const candidate = entries[positions[q] ?? 0];
        const current = best < 0 ? undefined : queues[best]?.[1][positions[best] ?? 0];
        if (candidate && (!current || String(candidate.record.at) < String(current.record.at))) {
          best = q;
        }
      });
      if (best < 0) return ordered;
      ordered.push(queues[best]?.[1][positions[best] ?? 0] as LegacyChainEntry);
      positions[best] = (positions[best] ?? 0) + 1;
    }
  }

  /** Appends entries after the committed head, writes them, commits; the new size. */
  private async append(
    head: TreeHead,
    items: readonly Leafable[],
    options: { importing?: number } = {},
  ): Promise<number> {
    const range = CompactRange.of(head.size, head.range);
    const writes: TreeWrites = { leaves: [], nodes: [], sequenced: [] };
    let minAt: string | undefined;
    let maxAt: string | undefined;
    for (const item of items) {
      const index = range.size;
      const entry = { ...item.entry, index };
      const text = leafText(entry);
      const hash = leafHash(text);
      range.append(0, hash, (subtree, nodeHash) => writes.nodes.push({ subtree, hash: nodeHash }));
      const leaf: SequencedLeaf = {
        index,
        eventKey: item.eventKey,
        entry: text,
        leafHash: hash,
        at: entry.at,
      };
      writes.leaves.push(leaf);
      if (options.importing === undefined) {
        writes.sequenced.push({ eventKey: item.eventKey, index, digest: item.digest });
      }
      if (minAt === undefined || entry.at < minAt) minAt = entry.at;
      if (maxAt === undefined || entry.at > maxAt) maxAt = entry.at;
    }
    writes.batch = {
      first: head.size,
      count: items.length,
      minAt: minAt ?? '',
      maxAt: maxAt ?? '',
    };
    await this.deps.tree.write(writes);
    const next: TreeHead = {
      size: range.size,
      root: range.root(),
      range: [...range.subtreeHashes],
      imported: head.imported + (options.importing ?? 0),
      migrated: head.migrated,
    };
    const outcome = await this.deps.tree.commit(next, head.size);
    if (outcome === 'conflict') throw new TreeMovedError('the audit tree moved under this batch');
    return next.size;
  }
}

/** A written record, if it is one a writer's code makes (`entry.ts` schema, index aside). */
function parseRecord(text: string): AuditRecord | undefined {
  try {
    const parsed = entrySchema.safeParse({ ...JSON.parse(text), index: 0 });
    if (!parsed.success || parsed.data.migratedFrom !== undefined) return undefined;
    const { index: _index, ...record } = parsed.data;
    return record as AuditRecord;
  } catch {
    return undefined;
  }
}

function emptyHead(): TreeHead {
  return { size: 0, root: CompactRange.empty().root(), range: [], imported: 0, migrated: false };
}
