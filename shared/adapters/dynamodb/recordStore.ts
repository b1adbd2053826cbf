import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConcurrentChangeError } from '../../errors.ts';
import type {
  RecordChange,
  RecordRouting,
  RecordStore,
  StoredRecord,
} from '../../ports/recordStore.ts';
import { dynamo, isConditionalCheckFailure, scanAll } from './client.ts';

function fromItem(item: Record<string, unknown>): StoredRecord {
  const { envelope, effectsPending, ...rest } = item as StoredRecord & { envelope: Uint8Array };
  return {
    ...rest,
    envelope: new Uint8Array(envelope),
    ...(effectsPending ? { effectsPending: true } : {}),
  };
}

/** Records, one item each; every change after creation is a conditional single-item write. */
export class DynamoDbRecordStore implements RecordStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(
    record: StoredRecord,
  ): Promise<{ outcome: 'created' } | { outcome: 'exists'; submissionDigest?: string }> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: record,
            ConditionExpression: 'attribute_not_exists(recordId)',
          }),
        ),
      );
      return { outcome: 'created' };
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { recordId: record.recordId },
          ProjectionExpression: 'submissionDigest',
          ConsistentRead: true,
        }),
      ),
    );
    return { outcome: 'exists', submissionDigest: Item?.submissionDigest as string | undefined };
  }

  async get(recordId: string): Promise<StoredRecord | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { recordId }, ConsistentRead: true }),
      ),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async routingOf(recordId: string): Promise<RecordRouting | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { recordId },
          ProjectionExpression: 'recordId, blindIndex, recordType',
          ConsistentRead: true,
        }),
      ),
    );
    return Item as RecordRouting | undefined;
  }

  async deleteUnaudited(recordId: string, version: number): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { recordId },
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': version },
          }),
        ),
      );
    } catch (error) {
      // Changed since we wrote it: someone else completed it; leave it alone.
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async change(recordId: string, change: RecordChange): Promise<void> {
    const values: Record<string, unknown> = {
      ':envelope': change.envelope,
      ':keyClass': change.keyClass,
      ':status': change.status,
      ':next': change.expectedVersion + 1,
      ':expected': change.expectedVersion,
      ':updatedAt': change.updatedAt,
    };
    const set = [
      'envelope = :envelope',
      'keyClass = :keyClass',
      '#status = :status',
      'version = :next',
      'updatedAt = :updatedAt',
    ];
    for (const name of ['supersededBy', 'unsealedFrom', 'unsealedBy'] as const) {
      const value = change[name];
      if (value !== undefined) {
        set.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { recordId },
            UpdateExpression: `SET ${set.join(', ')}`,
            ConditionExpression: 'version = :expected',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          }),
        ),
      );
    } catch (error) {
      if (isConditionalCheckFailure(error)) {
        throw new ConcurrentChangeError('record changed since it was read', { cause: error });
      }
      throw error;
    }
  }

  async completeEffects(recordId: string): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { recordId },
            UpdateExpression: 'REMOVE effectsPending',
            ConditionExpression: 'attribute_exists(recordId)',
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async listPendingEffects(): Promise<string[]> {
    const items = await scanAll(this.client, {
      TableName: this.tableName,
      FilterExpression: 'attribute_exists(effectsPending)',
      ProjectionExpression: 'recordId',
      ConsistentRead: true,
    });
    return items.map((item) => String(item.recordId));
  }
}
