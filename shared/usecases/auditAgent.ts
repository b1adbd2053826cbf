/**
 * The representative in an audit event (API.md: "the audit names both"): a guardian's or
 * agent's relationship to the person and the blind index of their own ID — the actor's `sub`
 * names them at their identity provider, this in the system's own terms. Never an ID number.
 */
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import type { PersonConcerned } from '../domain/representation.ts';
import type { AuditAgent } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';

export async function auditAgentOf(
  mac: MacGenerator,
  agent: PersonConcerned['agent'],
): Promise<AuditAgent | undefined> {
  if (agent === undefined) return undefined;
  return {
    relationship: agent.relationship,
    blindIndex: await blindIndexOfPerson(mac, agent.nationalId),
  };
}
