/**
 * What an audit export holds, line by line (API.md, Oversight): entries, checkpoints and
 * proofs — nothing else, and no member more than these schemas name.
 *
 * An entry is an audit record (`record.ts`) with the index the sequencer gave it; its leaf in
 * the Merkle tree is the entry's RFC 8785 canonical JSON, so the index is inside the hash.
 * Entries imported from the former hash chains carry where they were (`migratedFrom`), so
 * that a checkpoint signed under the old scheme can still be matched with its entries.
 */
import * as z from 'zod';
import { canonicalJson } from '../canonicalJson.ts';
import type { AuditRecord } from './record.ts';

const text = z.string().max(1024);
const base64Hash = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const index = z.int().min(0).max(Number.MAX_SAFE_INTEGER);
const isoTime = z.iso.datetime({ offset: true });

export const entrySchema = z.strictObject({
  index,
  eventId: text.min(1),
  at: isoTime,
  actor: z.strictObject({ sub: text, role: text, org: text }),
  action: text,
  target: text,
  legalBasis: z.array(text).min(1).optional(),
  outcome: text,
  details: z.record(z.string(), z.unknown()).optional(),
  migratedFrom: z
    .strictObject({ chain: text, seq: z.int().min(1), hash: z.string().regex(/^[0-9a-f]{64}$/) })
    .optional(),
});
export type AuditEntry = z.infer<typeof entrySchema>;

export type MigratedFrom = NonNullable<AuditEntry['migratedFrom']>;

/** The entry the sequencer makes of a record at `index`, and its leaf text. */
export function entryOf(record: AuditRecord, at: number, migratedFrom?: MigratedFrom): AuditEntry {
  return { index: at, ...record, ...(migratedFrom ? { migratedFrom } : {}) } as AuditEntry;
}

export function leafText(entry: AuditEntry): string {
  return canonicalJson(entry);
}

export const checkpointLineSchema = z.strictObject({
  type: z.literal('checkpoint'),
  note: z.string().min(1).max(4096),
});

/** The window's compact ranges: what lies left of `start` and right of `end` (merkle.ts). */
export const windowProofSchema = z.strictObject({
  type: z.literal('proof'),
  proof: z.literal('window'),
  treeSize: index,
  start: index,
  end: index,
  left: z.array(base64Hash).max(64),
  right: z.array(base64Hash).max(128),
  exportedAt: isoTime,
  from: isoTime.optional(),
  to: isoTime.optional(),
});

/** RFC 9162 §2.1.3 inclusion proof of the entry at `index`. */
export const inclusionProofSchema = z.strictObject({
  type: z.literal('proof'),
  proof: z.literal('inclusion'),
  index,
  treeSize: index,
  hashes: z.array(base64Hash).max(64),
});

/** RFC 9162 §2.1.4 consistency proof from the tree of `size` to the one of `treeSize`. */
export const consistencyProofSchema = z.strictObject({
  type: z.literal('proof'),
  proof: z.literal('consistency'),
  size: index,
  treeSize: index,
  hashes: z.array(base64Hash).max(64),
});

export type WindowProof = z.infer<typeof windowProofSchema>;
export type InclusionProofLine = z.infer<typeof inclusionProofSchema>;
export type ConsistencyProofLine = z.infer<typeof consistencyProofSchema>;

export const toBase64 = (hash: Uint8Array) => Buffer.from(hash).toString('base64');
export const fromBase64 = (text: string): Uint8Array => Buffer.from(text, 'base64');
