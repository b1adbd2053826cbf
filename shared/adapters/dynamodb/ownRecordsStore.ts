import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type {
  OwnRecordsReader,
  OwnRecordsWriter,
  StoredOwnRecord,
} from '../../ports/ownRecords.ts';
import { dynamo, queryAll } from './client.ts';

/** The own-view entries under the person's blind index (tables.ts, `PersonRecords`). */
export class DynamoDbOwnRecords implements OwnRecordsReader, OwnRecordsWriter {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async put(entry: StoredOwnRecord): Promise<void> {
    await dynamo(() =>
      this.client.send(new PutCommand({ TableName: this.tableName, Item: entry })),
    );
  }

  async listFor(personIndex: string): Promise<StoredOwnRecord[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'personIndex = :p',
      ExpressionAttributeValues: { ':p': personIndex },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      personIndex: String(item.personIndex),
      recordId: String(item.recordId),
      updatedAt: String(item.updatedAt),
      envelope: new Uint8Array(item.envelope as Uint8Array),
    }));
  }
}
