/**
 * Ports of the audit log behind the writers (DESIGN.md invariant 5): the events as written,
 * the sequencer's Merkle tree and signed checkpoints, the former hash chains it imports
 * once, and the sequencer as the export function reaches it.
 */
import type { Hash, NodeSource, Subtree } from '../domain/audit/merkle.ts';

/** An event as a writer put it: `<writer>#<event ID>`, its record's canonical JSON, and the
 * digest of that record without its time (what a retry must match). */
export type WrittenEvent = { eventKey: string; record: string; digest: string };

/** The tree as committed: its size, root, compact range, and how far the import has got. */
export type TreeHead = {
  size: number;
  root: Hash;
  range: Hash[];
  /** Entries imported from the former hash chains; `migrated` once they all are. */
  imported: number;
  migrated: boolean;
};

export type SequencedLeaf = {
  index: number;
  /** `<writer>#<event ID>`, or `legacy#<chain>#<seq>` for an imported chain entry. */
  eventKey: string;
  /** The leaf: the entry's canonical JSON. */
  entry: string;
  leafHash: Hash;
  at: string;
};

/** One sequencing batch: where it starts, how many, and the earliest and latest `at`. */
export type BatchSummary = { first: number; count: number; minAt: string; maxAt: string };

export type StoredCheckpoint = { size: number; root: Hash; note: string; at: string };

/** What one sequencing batch writes before it commits the new head. */
export type TreeWrites = {
  leaves: SequencedLeaf[];
  nodes: { subtree: Subtree; hash: Hash }[];
  /** Event key → index and digest, so a redelivered event is recognised. */
  sequenced: { eventKey: string; index: number; digest: string }[];
  batch?: BatchSummary;
};

/** The sequencer's table: written by the sequencer alone. */
export interface AuditTreeStore {
  head(): Promise<TreeHead | undefined>;
  /** Where each of these events was sequenced (if it ever was, committed or not). */
  sequenced(eventKeys: readonly string[]): Promise<Map<string, { index: number; digest: string }>>;
  /** The event each of these leaves holds (leaves not stored are absent). */
  leafEvents(indexes: readonly number[]): Promise<Map<number, string>>;
  write(writes: TreeWrites): Promise<void>;
  /** Puts the new head if the stored one still has `previousSize` (0: also when none is). */
  commit(head: TreeHead, previousSize: number): Promise<'committed' | 'conflict'>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Keeps the first checkpoint signed at a size. */
  storeCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
}

/** The tree as the export reads it (a `NodeSource` for the proofs). */
export interface AuditTreeReader extends NodeSource {
  head(): Promise<TreeHead | undefined>;
  batches(): Promise<BatchSummary[]>;
  leaves(start: number, end: number): Promise<SequencedLeaf[]>;
  checkpoints(): Promise<StoredCheckpoint[]>;
}

export type { Hash, NodeSource, Subtree };

/** The events table as the sequencer sweeps it (recovery) and the export compares it. */
export interface AuditEventStore {
  /** Every written event, page by page (a sweep after a lost stream record or a crash). */
  pages(): AsyncIterable<WrittenEvent[]>;
  /** How many events are written (a sweep that finds them all sequenced reads no more). */
  count(): Promise<number>;
  /** The written events by key, as they are now. */
  get(eventKeys: readonly string[]): Promise<Map<string, WrittenEvent>>;
}

/** An entry of the former hash chains (`AuditLog` table), as stored. */
export type LegacyChainEntry = {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
  record: Record<string, unknown>;
};

export interface LegacyAuditChains {
  isEmpty(): Promise<boolean>;
  /** Every chain's entries, each chain in `seq` order. */
  chains(): Promise<Map<string, LegacyChainEntry[]>>;
}

/** The sequencer as the export function asks it for a checkpoint of the tree as it is now. */
export interface AuditSequencerClient {
  checkpoint(): Promise<{ size: number; root: Hash; note: string }>;
}

/** An entry changed after it was sequenced, or removed: someone bypassed the writers' code. */
export type TamperFinding = {
  kind: 'rewritten' | 'removed' | 'resubmitted-with-other-content' | 'leaf-mismatch';
  eventKey: string;
  index?: number;
};

/** Port: raising the alarm (a metric with a CloudWatch alarm on it, and an error log). */
export interface AuditAlarm {
  raise(findings: readonly TamperFinding[]): void;
}
