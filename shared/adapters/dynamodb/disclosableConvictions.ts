import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DISCLOSABLE_INDEX } from '../../definitions/tables.ts';
import type { DisclosableConvictionLookup } from '../../ports/certificates.ts';
import { dynamo } from './client.ts';

/** A keys-only `Query` on the sparse Disclosable index: the only records table access it has. */
export class DynamoDbDisclosableConvictions implements DisclosableConvictionLookup {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async hasDisclosableConviction(blindIndex: string): Promise<boolean> {
    const { Count } = await dynamo(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: DISCLOSABLE_INDEX,
          KeyConditionExpression: 'disclosableBlindIndex = :b',
          ExpressionAttributeValues: { ':b': blindIndex },
          Select: 'COUNT',
          Limit: 1,
        }),
      ),
    );
    return (Count ?? 0) > 0;
  }
}
