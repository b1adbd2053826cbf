/**
 * The audit log as a writer sees it (DESIGN.md invariant 5): one conditional put per event
 * into the events table under the writer's own prefix. In AWS the table's stream feeds the
 * sequencer; locally the in-process sequencer is told after each put (loaded only there,
 * never bundled).
 */
import { DynamoDbAuditLog } from '../adapters/dynamodb/auditLog.ts';
import type { AuditLog } from '../ports/auditLog.ts';
import type { Platform } from './platform.ts';

export async function auditLog(platform: Platform, writer: string): Promise<AuditLog> {
  const { config, documents } = platform;
  if (config.keyProvider === 'kms') {
    return new DynamoDbAuditLog(documents, config.tables.auditEvents, writer);
  }
  const { inProcessAuditSequencer } = await import('../adapters/local/inProcessAuditSequencer.ts');
  return new DynamoDbAuditLog(documents, config.tables.auditEvents, writer, (event) =>
    inProcessAuditSequencer.written(event),
  );
}
