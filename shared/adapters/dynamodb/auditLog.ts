import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditRecordOf, eventDigest } from '../../domain/audit/record.ts';
import { canonicalJson } from '../../domain/canonicalJson.ts';
import { AuditEventConflictError } from '../../errors.ts';
import type { AuditEvent, AuditLog } from '../../ports/auditLog.ts';
import type { WrittenEvent } from '../../ports/auditTree.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';

/**
 * The writers' side of the audit log (DESIGN.md invariant 5): one conditional `PutItem` per
 * event into the events table, keyed `<writer>#<event ID>` — the writer's role may put only
 * under its own prefix (IAM `dynamodb:LeadingKeys`) and may read nothing. The condition lets
 * a retry through when the stored event has the same digest (its record without `at`) and
 * refuses other content under the same ID; the log keeps what was first sequenced.
 *
 * In AWS the table's stream carries each new event to the sequencer; locally `sequenced` is
 * the in-process sequencer, told after each put (dynalite has no streams).
 */
export class DynamoDbAuditLog implements AuditLog {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  /** Whose events these are: the function's name, the prefix of its keys. */
  private readonly writer: string;
  private readonly sequenced?: (event: WrittenEvent) => void;
  constructor(
    client: DynamoDBDocumentClient,
    tableName: string,
    writer: string,
    sequenced?: (event: WrittenEvent) => void,
  ) {
    this.client = client;
    this.tableName = tableName;
    this.writer = writer;
    this.sequenced = sequenced;
  }

  async append(event: AuditEvent): Promise<void> {
    const record = auditRecordOf(event);
    const written: WrittenEvent = {
      eventKey: `${this.writer}#${event.eventId}`,
      record: canonicalJson(record),
      digest: eventDigest(record),
    };
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: written,
            ConditionExpression: 'attribute_not_exists(eventKey) OR digest = :digest',
            ExpressionAttributeValues: { ':digest': written.digest },
          }),
        ),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) throw new AuditEventConflictError(event.action);
      throw error;
    }
    this.sequenced?.(written);
  }
}
