import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { chainHash, GENESIS_HASH } from '../../domain/auditChain.ts';
import { DependencyUnavailableError } from '../../errors.ts';
import type { AuditEntry, AuditEvent, AuditLog } from '../../ports/auditLog.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';

const MAX_APPEND_ATTEMPTS = 8;

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

  /** Every chain's name (they are fixed by configuration). */
  chainNames(): string[] {
    return Array.from({ length: this.chains }, (_, n) => `chain-${n}`);
  }

  /** One chain's entries in order, for verification (`verifyAuditChain`). */
  async readChain(chain: string): Promise<AuditEntry[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'chain = :c',
      ExpressionAttributeValues: { ':c': chain },
      ConsistentRead: true,
    });
    return items as AuditEntry[];
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
    return last
      ? { seq: Number(last.seq), hash: String(last.hash) }
      : { seq: 0, hash: GENESIS_HASH };
  }
}
