import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DisclosableConvictionLookup } from '../../ports/certificates.ts';
import type {
  DisclosableConvictions,
  DisclosableEntry,
  DisclosableLetterFacts,
} from '../../ports/recordStore.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';

/**
 * The disclosable set (blind index → record ID, with each conviction's sealed letter facts),
 * read with strongly consistent queries: unlike a GSI, an entry written a moment ago is always
 * seen. The certificate path counts entries and reads none of their attributes.
 */
export class DynamoDbDisclosableConvictions
  implements DisclosableConvictions, DisclosableConvictionLookup, DisclosableLetterFacts
{
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async add(
    entry: DisclosableEntry,
    options: { sameSubmissionOnly?: boolean } = {},
  ): Promise<'added' | 'other-submission'> {
    const { blindIndex, recordId, letterFacts, submissionDigest, attempt } = entry;
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              blindIndex,
              recordId,
              letterFacts,
              submissionDigest,
              ...(attempt ? { attempt } : {}),
            },
            ...(options.sameSubmissionOnly
              ? {
                  ConditionExpression: 'attribute_not_exists(recordId) OR submissionDigest = :d',
                  ExpressionAttributeValues: { ':d': submissionDigest },
                }
              : {}),
          }),
        ),
      );
      return 'added';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'other-submission';
      throw error;
    }
  }

  async remove(blindIndex: string, recordId: string, attempt?: string): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { blindIndex, recordId },
            ...(attempt
              ? {
                  ConditionExpression: 'attempt = :a',
                  ExpressionAttributeValues: { ':a': attempt },
                }
              : {}),
          }),
        ),
      );
    } catch (error) {
      // Written since by another attempt (or by the sealing service): not this one's to remove.
      if (!(attempt && isConditionalCheckFailure(error))) throw error;
    }
  }

  async recordIdsOf(blindIndex: string): Promise<string[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'blindIndex = :b',
      ExpressionAttributeValues: { ':b': blindIndex },
      ProjectionExpression: 'recordId',
      ConsistentRead: true,
    });
    return items.map((item) => String(item.recordId));
  }

  async letterFactsOf(
    blindIndex: string,
  ): Promise<{ recordId: string; letterFacts?: Uint8Array }[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'blindIndex = :b',
      ExpressionAttributeValues: { ':b': blindIndex },
      ProjectionExpression: 'recordId, letterFacts',
      ConsistentRead: true,
    });
    return items.map((item) => ({
      recordId: String(item.recordId),
      ...(item.letterFacts instanceof Uint8Array ? { letterFacts: item.letterFacts } : {}),
    }));
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
