/**
 * The former audit log's hash chains: each entry's hash is SHA-256 of the previous hash and the
 * RFC 8785 JSON of its record; the verifier names the first entry where a chain breaks.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  chainHash,
  GENESIS_HASH,
  verifyAuditChain,
} from '#shared/domain/auditChain.ts';

function chain(records: Record<string, unknown>[]): ChainEntry[] {
  let prevHash = GENESIS_HASH;
  return records.map((record, index) => {
    const hash = chainHash(prevHash, record);
    const entry = { ...record, chain: 'c1', seq: index + 1, prevHash, hash };
    prevHash = hash;
    return entry;
  });
}

const records = [
  { action: 'record.ingest', at: '2026-01-01T00:00:00Z' },
  { action: 'certificate.issue', at: '2026-01-02T00:00:00Z' },
  { action: 'inquiry.decide', at: '2026-01-03T00:00:00Z' },
];

describe('chainHash', () => {
  it('is SHA-256 (hex) over the previous hash and the canonical JSON of the record', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(chainHash(GENESIS_HASH, { b: 1, a: 'x' })).toBe(
      createHash('sha256')
        .update(`${'0'.repeat(64)}{"a":"x","b":1}`)
        .digest('hex'),
    );
  });
});

describe('verifyAuditChain', () => {
  it('an intact chain: its length and its head', () => {
    const entries = chain(records);
    expect(verifyAuditChain(entries)).toEqual({
      intact: true,
      entries: 3,
      head: entries[2]?.hash,
    });
  });

  it('an empty chain is intact, at the genesis hash', () => {
    expect(verifyAuditChain([])).toEqual({ intact: true, entries: 0, head: GENESIS_HASH });
  });

  it('a missing entry is a gap at the first missing seq', () => {
    const [first, , third] = chain(records) as [ChainEntry, ChainEntry, ChainEntry];
    expect(verifyAuditChain([first, third])).toEqual({
      intact: false,
      brokenAtSeq: 2,
      reason: 'gap',
    });
  });

  it('a chain that does not start at seq 1 has a gap at 1', () => {
    const [, second] = chain(records) as [ChainEntry, ChainEntry];
    expect(verifyAuditChain([second])).toMatchObject({ brokenAtSeq: 1, reason: 'gap' });
  });

  it('an entry that names another previous hash', () => {
    const entries = chain(records);
    const broken = entries.map((e) => (e.seq === 2 ? { ...e, prevHash: GENESIS_HASH } : e));
    expect(verifyAuditChain(broken)).toEqual({
      intact: false,
      brokenAtSeq: 2,
      reason: 'wrong-previous-hash',
    });
  });

  it('a changed record: its hash no longer holds', () => {
    const entries = chain(records);
    const changed = entries.map((e) => (e.seq === 3 ? { ...e, action: 'record.delete' } : e));
    expect(verifyAuditChain(changed)).toEqual({
      intact: false,
      brokenAtSeq: 3,
      reason: 'wrong-hash',
    });
  });
});
