import { BatchGetCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../errors.ts';
import type { AuditEventStore, WrittenEvent } from '../../ports/auditTree.ts';
import { dynamo } from './client.ts';

const eventOf = (item: Record<string, unknown>): WrittenEvent => ({
  eventKey: String(item.eventKey),
  record: String(item.record),
  digest: String(item.digest),
});

/**
 * The events table as the audit readers see it: the sequencer sweeps it page by page (a
 * recovery path, never a request path); the export compares the window's events with the
 * leaves sequenced from them.
 */
export class DynamoDbAuditEvents implements AuditEventStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async *pages(): AsyncIterable<WrittenEvent[]> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo(() =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            ConsistentRead: true,
            Limit: 1000,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      yield (page.Items ?? []).map(eventOf);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }

  async count(): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await dynamo(() =>
        this.client.send(
          new ScanCommand({
            TableName: this.tableName,
            Select: 'COUNT',
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async get(eventKeys: readonly string[]): Promise<Map<string, WrittenEvent>> {
    const found = new Map<string, WrittenEvent>();
    for (let i = 0; i < eventKeys.length; i += 100) {
      let pending: Record<string, unknown>[] = eventKeys
        .slice(i, i + 100)
        .map((eventKey) => ({ eventKey }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= 8) throw new DependencyUnavailableError('audit-events');
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const output = await dynamo(() =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          ),
        );
        for (const item of output.Responses?.[this.tableName] ?? []) {
          const event = eventOf(item);
          found.set(event.eventKey, event);
        }
        pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }
}
