/**
 * The audit record: the one form in which an event is written, sequenced, exported and
 * verified (API.md, Oversight: `{index, at, actor: {sub, role, org}, action, target,
 * legalBasis?, outcome, …}` — the sequencer adds the index, `entry.ts`). A writer stores
 * exactly this record; the Merkle leaf is the canonical JSON of the record with its index, so
 * anyone holding an export can recompute it — no field is renamed between table and file.
 * Records name record IDs and blind indexes, never a name or an ID number.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonicalJson.ts';

/** An audit event as the use cases write it (`AuditEvent`, `shared/ports/auditLog.ts`). */
export type AuditEventFields = {
  eventId: string;
  at: string;
  actor: { subject: string; role: string; organisation: string };
  action: string;
};

export type AuditRecord = {
  /** Deterministic per action: a retried append adds nothing. */
  eventId: string;
  at: string;
  actor: { sub: string; role: string; org: string };
  action: string;
  /** What the action concerned: a record, inquiry, opinion, complaint or certificate ID. */
  target: string;
  legalBasis?: string[];
  outcome: string;
  /** Everything else the action carries (blind index, decision, flags, disclosed IDs…). */
  details?: Record<string, unknown>;
};

const top = new Set(['eventId', 'at', 'actor', 'action', 'recordId', 'legalBasis', 'outcome']);

export function auditRecordOf(event: AuditEventFields): AuditRecord {
  const fields = event as unknown as Record<string, unknown>;
  const details = Object.fromEntries(
    Object.entries(fields).filter(([name, value]) => !top.has(name) && value !== undefined),
  );
  const target = fields.recordId ?? fields.certificateId ?? fields.blindIndex ?? event.action;
  const legalBasis = fields.legalBasis as string[] | undefined;
  return {
    eventId: event.eventId,
    at: event.at,
    actor: { sub: event.actor.subject, role: event.actor.role, org: event.actor.organisation },
    action: event.action,
    target: String(target),
    ...(legalBasis && legalBasis.length > 0 ? { legalBasis } : {}),
    outcome: typeof fields.outcome === 'string' ? fields.outcome : 'done',
    ...(Object.keys(details).length > 0 ? { details } : {}),
  };
}

/**
 * What a retried write of the event must match: the digest of its record without `at`, the
 * time of the attempt (a retry re-runs the use case, which stamps its own time), and without
 * `details.causedBy`, the record whose message the sealing service was handling: an effect an
 * interrupted attempt left half-done is completed by whichever of the person's records
 * arrives next, and the same effect must not then be refused as other content.
 */
export function eventDigest(record: AuditRecord): string {
  const { at: _at, details, ...content } = record;
  const { causedBy: _causedBy, ...rest } = details ?? {};
  const kept = Object.keys(rest).length > 0 ? { ...content, details: rest } : content;
  return createHash('sha256').update(canonicalJson(kept)).digest('hex');
}
