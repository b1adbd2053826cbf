import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { BY_PERSON_INDEX } from '../../definitions/tables.ts';
import type { RecordStore, StoredRecord, UnsealChange } from '../../ports/recordStore.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';

type RecordItem = Omit<StoredRecord, 'disclosable'> & { disclosableBlindIndex?: string };

function toItem(record: StoredRecord): RecordItem {
  const { disclosable, ...rest } = record;
  // The sparse Disclosable index sees the item only while this attribute exists.
  return disclosable ? { ...rest, disclosableBlindIndex: record.blindIndex } : rest;
}

function fromItem(item: Record<string, unknown>): StoredRecord {
  const { disclosableBlindIndex, envelope, ...rest } = item as RecordItem;
  return {
    ...rest,
    envelope: new Uint8Array(envelope),
    disclosable: disclosableBlindIndex !== undefined,
  };
}

export class DynamoDbRecordStore implements RecordStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(record: StoredRecord): Promise<'created' | 'exists'> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: toItem(record),
            ConditionExpression: 'attribute_not_exists(recordId)',
          }),
        ),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'exists';
      throw error;
    }
  }

  async get(recordId: string): Promise<StoredRecord | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { recordId }, ConsistentRead: true }),
      ),
    );
    return Item ? fromItem(Item) : undefined;
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

  async listRecordIdsOfPerson(blindIndex: string): Promise<string[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BY_PERSON_INDEX,
      KeyConditionExpression: 'blindIndex = :b',
      ExpressionAttributeValues: { ':b': blindIndex },
    });
    return items.map((item) => String(item.recordId));
  }

  async markContainsSealedInformation(recordId: string, updatedAt: string): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { recordId },
            UpdateExpression: 'SET containsSealedInformation = :t, updatedAt = :u',
            ConditionExpression: 'attribute_exists(recordId)',
            ExpressionAttributeValues: { ':t': true, ':u': updatedAt },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async unseal(recordId: string, change: UnsealChange): Promise<void> {
    const set = [
      '#status = :open',
      'keyClass = :records',
      'envelope = :envelope',
      'version = :next',
      'updatedAt = :updatedAt',
      'unsealedFrom = :from',
      ...(change.disclosableBlindIndex ? ['disclosableBlindIndex = :disclosable'] : []),
    ];
    await dynamo(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { recordId },
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: 'version = :expected',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':open': 'open',
            ':records': 'records',
            ':envelope': change.envelope,
            ':next': change.expectedVersion + 1,
            ':expected': change.expectedVersion,
            ':updatedAt': change.updatedAt,
            ':from': change.unsealedFrom,
            ...(change.disclosableBlindIndex
              ? { ':disclosable': change.disclosableBlindIndex }
              : {}),
          },
        }),
      ),
    );
  }
}
