/**
 * The former audit log's hash chains (before the Merkle log, `shared/domain/audit/`): each
 * entry's hash is SHA-256 of the previous entry's hash followed by the RFC 8785 canonical
 * JSON of its audit record. Kept to verify those chains once more when the sequencer imports
 * them into the tree (`AuditSequencer.migrate`).
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from './canonicalJson.ts';

export const GENESIS_HASH = '0'.repeat(64);

/** A chain entry as the former log stored it: its record, its position and its hashes. */
export type ChainEntry = Record<string, unknown> & {
  chain: string;
  seq: number;
  prevHash: string;
  hash: string;
};

/** The hash of an entry whose record (everything but chain, seq, prevHash, hash) is `record`. */
export function chainHash(prevHash: string, record: object): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(record)).digest('hex');
}

export type ChainVerdict =
  | { intact: true; entries: number; head: string }
  | { intact: false; brokenAtSeq: number; reason: 'gap' | 'wrong-previous-hash' | 'wrong-hash' };

/** Checks one chain's entries, in `seq` order from 1. */
export function verifyAuditChain(entries: readonly ChainEntry[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (const { chain: _chain, seq, prevHash: claimedPrev, hash, ...event } of entries) {
    if (seq !== expectedSeq) return { intact: false, brokenAtSeq: expectedSeq, reason: 'gap' };
    if (claimedPrev !== prevHash) {
      return { intact: false, brokenAtSeq: seq, reason: 'wrong-previous-hash' };
    }
    if (chainHash(prevHash, event) !== hash) {
      return { intact: false, brokenAtSeq: seq, reason: 'wrong-hash' };
    }
    prevHash = hash;
    expectedSeq += 1;
  }
  return { intact: true, entries: entries.length, head: prevHash };
}
