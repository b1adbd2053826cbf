import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StoredGrant, WalletGrants } from '../../ports/walletGrants.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';

const epochSeconds = (now: Date) => Math.floor(now.getTime() / 1000);

/**
 * One item per grant, keyed by the hash of its secret, expiring by the table's time to live
 * (`expiresAt`). Using a grant deletes it on the condition that it is still there and not
 * expired — DynamoDB's TTL removes items late, so expiry is part of every condition.
 */
export class DynamoDbWalletGrants implements WalletGrants {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async put(grant: StoredGrant): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: grant,
          ConditionExpression: 'attribute_not_exists(grantKey)',
        }),
      ),
    );
  }

  async find(grantKey: string, now: Date): Promise<StoredGrant | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { grantKey }, ConsistentRead: true }),
      ),
    );
    const grant = Item as StoredGrant | undefined;
    return grant && grant.expiresAt > epochSeconds(now) ? grant : undefined;
  }

  async take(grantKey: string, now: Date): Promise<StoredGrant | undefined> {
    try {
      const { Attributes } = await dynamo(() =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { grantKey },
            ConditionExpression: 'attribute_exists(grantKey) AND expiresAt > :now',
            ExpressionAttributeValues: { ':now': epochSeconds(now) },
            ReturnValues: 'ALL_OLD',
          }),
        ),
      );
      return Attributes as StoredGrant | undefined;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return undefined;
      throw error;
    }
  }
}
