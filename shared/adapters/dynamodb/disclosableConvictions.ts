import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DisclosableConvictionLookup } from '../../ports/certificates.ts';
import type { DisclosableConvictions } from '../../ports/recordStore.ts';
import { dynamo, queryAll } from './client.ts';

/**
 * The disclosable set as a keys-only table (blind index → record ID), read with strongly
 * consistent queries: unlike a GSI, an entry written a moment ago is always seen.
 */
export class DynamoDbDisclosableConvictions
  implements DisclosableConvictions, DisclosableConvictionLookup
{
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(blindIndex: string, recordId: string): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new PutCommand({ TableName: this.tableName, Item: { blindIndex, recordId } }),
      ),
    );
  }

  async remove(blindIndex: string, recordId: string): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new DeleteCommand({ TableName: this.tableName, Key: { blindIndex, recordId } }),
      ),
    );
  }

  async recordIdsOf(blindIndex: string): Promise<string[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'blindIndex = :b',
      ExpressionAttributeValues: { ':b': blindIndex },
      ConsistentRead: true,
    });
    return items.map((item) => String(item.recordId));
  }

  async hasDisclosableConviction(blindIndex: string): Promise<boolean> {
    const { Count } = await dynamo(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'blindIndex = :b',
          ExpressionAttributeValues: { ':b': blindIndex },
          Select: 'COUNT',
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    return (Count ?? 0) > 0;
  }
}
