import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RecordLinks } from '../../ports/recordStore.ts';
import { dynamo, queryAll } from './client.ts';

/** Keys-only links (`person#…` → record ID); repeated puts are no-ops. */
export class DynamoDbRecordLinks implements RecordLinks {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async link(recordId: string, keys: readonly string[]): Promise<void> {
    await Promise.all(
      [...new Set(keys)].map((linkKey) =>
        dynamo(() =>
          this.client.send(
            new PutCommand({ TableName: this.tableName, Item: { linkKey, recordId } }),
          ),
        ),
      ),
    );
  }

  async recordIdsUnder(linkKey: string): Promise<string[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'linkKey = :k',
      ExpressionAttributeValues: { ':k': linkKey },
      ConsistentRead: true,
    });
    return items.map((item) => String(item.recordId));
  }
}
