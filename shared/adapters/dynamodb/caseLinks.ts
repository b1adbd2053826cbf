import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseLink, CaseLinks } from '../../ports/recordStore.ts';
import { dynamo, queryAll } from './client.ts';

/**
 * One item per record under the blind index of its case. Writers put their own link and
 * then read the case with a strongly consistent query, so of two related records arriving
 * at the same time, the second always sees the first.
 */
export class DynamoDbCaseLinks implements CaseLinks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async linkRecord(caseIndex: string, link: CaseLink): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { caseIndex, entry: `record#${link.recordId}`, ...link },
        }),
      ),
    );
  }

  async linksOfCase(caseIndex: string): Promise<CaseLink[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'caseIndex = :c AND begins_with(entry, :p)',
      ExpressionAttributeValues: { ':c': caseIndex, ':p': 'record#' },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      recordId: String(item.recordId),
      blindIndex: String(item.blindIndex),
      sealed: item.sealed === true,
      names: Array.isArray(item.names) ? item.names.map(String) : [],
    }));
  }
}
