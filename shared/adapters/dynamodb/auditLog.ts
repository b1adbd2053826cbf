import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '../../domain/canonicalJson.ts';
import { DependencyUnavailableError } from '../../errors.ts';
import type { AuditEvent, AuditLog } from '../../ports/auditLog.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';

const GENESIS = '0'.repeat(64);
const MAX_APPEND_ATTEMPTS = 8;

export function chainHash(prevHash: string, event: AuditEvent): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(event)).digest('hex');
}

/**
 * Hash-chained audit log on DynamoDB with conditional single-item writes: entry n+1 is
 * written only if no entry n+1 exists, so concurrent writers never fork a chain. Events
 * spread over several chains (by event ID) so appends don't serialise on one item.
 * A marker item per event ID makes a retried append a no-op.
 */
export class DynamoDbAuditLog implements AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly chains: number,
  ) {}

  chainOf(eventId: string): string {
    const n = createHash('sha256').update(eventId).digest().readUInt32BE(0) % this.chains;
    return `chain-${n}`;
  }

  async append(event: AuditEvent): Promise<void> {
    const marker = { chain: `event#${event.eventId}`, seq: 0 };
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: marker, ConsistentRead: true }),
      ),
    );
    if (Item) return;

    const chain = this.chainOf(event.eventId);
    for (let attempt = 0; attempt < MAX_APPEND_ATTEMPTS; attempt++) {
      const head = await this.head(chain);
      const seq = head.seq + 1;
      try {
        await dynamo(() =>
          this.client.send(
            new PutCommand({
              TableName: this.tableName,
              Item: {
                ...event,
                chain,
                seq,
                prevHash: head.hash,
                hash: chainHash(head.hash, event),
              },
              ConditionExpression: 'attribute_not_exists(seq)',
            }),
          ),
        );
      } catch (error) {
        if (isConditionalCheckFailure(error)) continue; // another writer took seq; re-read
        throw error;
      }
      // Written after the entry: a lost marker can at worst repeat an entry, never lose one.
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...marker, entryChain: chain, entrySeq: seq },
          }),
        ),
      );
      return;
    }
    throw new DependencyUnavailableError('audit-log');
  }

  private async head(chain: string): Promise<{ seq: number; hash: string }> {
    const { Items } = await dynamo(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'chain = :c',
          ExpressionAttributeValues: { ':c': chain },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const last = Items?.[0];
    return last ? { seq: Number(last.seq), hash: String(last.hash) } : { seq: 0, hash: GENESIS };
  }
}
