/**
 * From an audit event to the Merkle leaf (shared/domain/audit/record.ts, entry.ts; API.md,
 * Oversight): the record keeps `eventId`, `at`, `actor: {sub, role, org}`, `action`, a
 * `target`, `legalBasis` when there is one, an `outcome` and everything else under `details`;
 * the entry adds the index the sequencer gave it (and where a migrated entry was), and its
 * leaf is the entry's canonical JSON.
 */
import { describe, expect, it } from 'vitest';
import { entryOf, fromBase64, leafText, toBase64 } from '#shared/domain/audit/entry.ts';
import { type AuditEventFields, auditRecordOf } from '#shared/domain/audit/record.ts';

const base: AuditEventFields = {
  eventId: 'record.submit:record-1',
  at: '2026-12-01T08:00:00.000Z',
  actor: { subject: 'judge-1', role: 'court', organisation: 'court-1' },
  action: 'record.submit',
};
const recordOf = (fields: Record<string, unknown>) =>
  auditRecordOf({ ...base, ...fields } as AuditEventFields);

describe('the audit record of an event', () => {
  it('renames the actor, keeps the legal basis and outcome, and puts the rest in details', () => {
    expect(
      recordOf({
        recordId: 'record-1',
        legalBasis: ['IM art. 11'],
        outcome: 'refused',
        blindIndex: 'bi-1',
        reviewFlags: ['unsealing-needs-review'],
      }),
    ).toEqual({
      eventId: 'record.submit:record-1',
      at: '2026-12-01T08:00:00.000Z',
      actor: { sub: 'judge-1', role: 'court', org: 'court-1' },
      action: 'record.submit',
      target: 'record-1',
      legalBasis: ['IM art. 11'],
      outcome: 'refused',
      details: { blindIndex: 'bi-1', reviewFlags: ['unsealing-needs-review'] },
    });
  });

  it('targets the record, else the certificate, else the blind index, else the action', () => {
    const all = { recordId: 'record-1', certificateId: 'cert-1', blindIndex: 'bi-1' };
    expect(recordOf(all).target).toBe('record-1');
    expect(recordOf({ ...all, recordId: undefined }).target).toBe('cert-1');
    expect(recordOf({ blindIndex: 'bi-1' }).target).toBe('bi-1');
    expect(recordOf({}).target).toBe('record.submit');
  });

  it('is done unless it says otherwise; has no legal basis or details when there are none', () => {
    const record = recordOf({ recordId: 'record-1', legalBasis: [], note: undefined });
    expect(record).toEqual({
      eventId: 'record.submit:record-1',
      at: '2026-12-01T08:00:00.000Z',
      actor: { sub: 'judge-1', role: 'court', org: 'court-1' },
      action: 'record.submit',
      target: 'record-1',
      outcome: 'done',
    });
    expect(Object.keys(record)).not.toContain('legalBasis');
    expect(Object.keys(record)).not.toContain('details');
    expect(recordOf({ outcome: 3 }).outcome).toBe('done');
  });
});

describe('the entry the sequencer makes of a record', () => {
  const record = recordOf({ recordId: 'record-1', legalBasis: ['IM art. 11'] });

  it('carries its index, and where it was migrated from only when it was', () => {
    expect(entryOf(record, 7)).toEqual({ index: 7, ...record });
    expect(Object.keys(entryOf(record, 7))).not.toContain('migratedFrom');
    const migratedFrom = { chain: 'court-1', seq: 3, hash: 'a'.repeat(64) };
    expect(entryOf(record, 7, migratedFrom)).toEqual({ index: 7, ...record, migratedFrom });
  });

  it('is hashed as its canonical JSON, the index inside', () => {
    expect(leafText(entryOf(record, 7))).toBe(
      '{"action":"record.submit","actor":{"org":"court-1","role":"court","sub":"judge-1"},"at":"2026-12-01T08:00:00.000Z","eventId":"record.submit:record-1","index":7,"legalBasis":["IM art. 11"],"outcome":"done","target":"record-1"}',
    );
  });

  it('writes hashes in standard base64 and reads them back', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 8);
    const text = toBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(fromBase64(text)).equals(Buffer.from(bytes))).toBe(true);
  });
});
