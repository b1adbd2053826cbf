/**
 * Use case: the person's own view (API.md, The person's own view): their records, whether
 * each is sealed, and the sealing and unsealing notices about them — from the entries the
 * sealing service wrote under their blind index, decrypted under the person-view key. Audited
 * before the answer, naming a guardian or agent beside the person. Never signed; every answer
 * carries the notice that no one may require it (`OWN_VIEW_NOTICE`).
 */
import { blindIndexOfPerson } from '../domain/blindIndex.ts';
import { OWN_VIEW_NOTICE, type OwnRecordView } from '../domain/ownRecords.ts';
import type { PersonConcerned } from '../domain/representation.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { MacGenerator } from '../ports/blindIndex.ts';
import type { Clock } from '../ports/clock.ts';
import type { EnvelopeCipher } from '../ports/envelope.ts';
import { type OwnRecordsReader, ownRecordEnvelopeContext } from '../ports/ownRecords.ts';
import { auditAgentOf } from './auditAgent.ts';

export type OwnRecordsDependencies = {
  mac: MacGenerator;
  cipher: EnvelopeCipher;
  ownRecords: OwnRecordsReader;
  audit: AuditLog;
  clock: Clock;
};

export type OwnRecordsAnswer = {
  notice: typeof OWN_VIEW_NOTICE;
  records: OwnRecordView[];
};

export class ReadOwnRecords {
  private readonly deps: OwnRecordsDependencies;
  constructor(deps: OwnRecordsDependencies) {
    this.deps = deps;
  }

  async execute(
    caller: { subject: string } & Pick<PersonConcerned, 'nationalId' | 'agent'>,
  ): Promise<OwnRecordsAnswer> {
    const { deps } = this;
    const personIndex = await blindIndexOfPerson(deps.mac, caller.nationalId);
    const agent = await auditAgentOf(deps.mac, caller.agent);
    const at = deps.clock.now().toISOString();
    await deps.audit.append({
      eventId: `own-records.read:${personIndex}:${at}`,
      at,
      actor: { subject: caller.subject, role: 'citizen', organisation: '' },
      action: 'own-records.read',
      recordId: personIndex,
      blindIndex: personIndex,
      ...(agent ? { agent } : {}),
    });
    const records: OwnRecordView[] = [];
    for (const entry of await deps.ownRecords.listFor(personIndex)) {
      const plaintext = await deps.cipher.decrypt(
        entry.envelope,
        'person-view',
        ownRecordEnvelopeContext(entry.recordId),
      );
      records.push(JSON.parse(new TextDecoder().decode(plaintext)) as OwnRecordView);
    }
    records.sort(
      (a, b) => b.offenceDate.localeCompare(a.offenceDate) || a.recordId.localeCompare(b.recordId),
    );
    return { notice: OWN_VIEW_NOTICE, records };
  }
}
