import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { InquiryLetterStore } from '../../ports/inquiries.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';

/**
 * Each inquiry's letter, one item keyed by the inquiry: put once where nothing is
 * (`attribute_not_exists`), read strongly consistently, never changed or removed. The letter
 * is stored only inside its envelope (inquiries key).
 */
export class DynamoDbInquiryLetterStore implements InquiryLetterStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async get(inquiryId: string): Promise<Uint8Array | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { inquiryId }, ConsistentRead: true }),
      ),
    );
    return Item ? new Uint8Array(Item.envelope as Uint8Array) : undefined;
  }

  async putOnce(
    inquiryId: string,
    sealed: Uint8Array,
    issuedAt: string,
  ): Promise<'stored' | 'exists'> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { inquiryId, envelope: sealed, issuedAt },
            ConditionExpression: 'attribute_not_exists(inquiryId)',
          }),
        ),
      );
      return 'stored';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'exists';
      throw error;
    }
  }
}
