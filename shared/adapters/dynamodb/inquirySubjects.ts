import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { InquirySubjects } from '../../ports/oversight.ts';
import { dynamo } from './client.ts';

/** An inquiry's subject as its blind index: one attribute of the item, never its envelope. */
export class DynamoDbInquirySubjects implements InquirySubjects {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async subjectIndexOf(inquiryId: string): Promise<string | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { inquiryId },
          ProjectionExpression: 'subjectIndex',
          ConsistentRead: true,
        }),
      ),
    );
    return typeof Item?.subjectIndex === 'string' ? Item.subjectIndex : undefined;
  }
}
