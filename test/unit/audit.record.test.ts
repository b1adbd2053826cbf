/**
 * The digest a retried audit write must match (shared/domain/audit/record.ts): the event's
 * content, without the time of the attempt and without the record whose message the sealing
 * service was handling when it completed the effect.
 */
import { describe, expect, it } from 'vitest';
import { auditRecordOf, eventDigest } from '#shared/domain/audit/record.ts';
import type { AuditEvent } from '#shared/ports/auditLog.ts';

const flagged: AuditEvent = {
  eventId: 'record.flag:record-1:adult-offence-during-juvenile-probation',
  at: '2026-12-01T08:00:00.000Z',
  actor: { subject: 'sealing-service', role: 'system', organisation: 'system' },
  action: 'record.flag',
  recordId: 'record-1',
  causedBy: 'record-2',
  reviewFlags: ['adult-offence-during-juvenile-probation'],
};
const digest = (event: AuditEvent) => eventDigest(auditRecordOf(event));

describe('the digest of an audit event', () => {
  it('is the same for a retry at another time, completed from another record’s message', () => {
    expect(digest({ ...flagged, at: '2026-12-02T09:30:00.000Z', causedBy: 'record-3' })).toBe(
      digest(flagged),
    );
    const { causedBy: _causedBy, ...withoutCause } = flagged;
    expect(digest(withoutCause)).toBe(digest(flagged));
  });

  it('differs for any other content under the same event ID', () => {
    for (const changed of [
      { ...flagged, recordId: 'record-9' },
      { ...flagged, reviewFlags: ['unsealing-needs-review'] },
      { ...flagged, action: 'record.unseal', legalBasis: [] },
      { ...flagged, legalBasis: ['IM art. 18'] },
      { ...flagged, actor: { ...flagged.actor, subject: 'someone-else' } },
    ] as AuditEvent[]) {
      expect(digest(changed)).not.toBe(digest(flagged));
    }
  });
});
