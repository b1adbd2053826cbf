import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { chinaToday } from '../../domain/calendar.ts';
import type { IssuanceLog, IssuanceLogEntry } from '../../ports/certificates.ts';
import { dynamo, queryAll } from './client.ts';

/**
 * Items keyed by blind index; the sort key starts with the issue date in China Standard
 * Time, so "this calendar year" is one `begins_with` count.
 */
export class DynamoDbIssuanceLog implements IssuanceLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async countIssuedInYear(blindIndex: string, year: number): Promise<number> {
    const { count } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'blindIndex = :b AND begins_with(entryKey, :y)',
      ExpressionAttributeValues: { ':b': blindIndex, ':y': `${year}-` },
      Select: 'COUNT',
    });
    return count;
  }

  async append(entry: IssuanceLogEntry): Promise<void> {
    const issuedOn = chinaToday(new Date(entry.issuedAt));
    await dynamo(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...entry, entryKey: `${issuedOn}#${entry.issuedAt}#${entry.certificateId}` },
          ConditionExpression: 'attribute_not_exists(entryKey)',
        }),
      ),
    );
  }
}
