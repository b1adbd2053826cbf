import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApplicationYear, IssuanceLog, IssuanceLogEntry } from '../../ports/certificates.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';

/**
 * Items keyed by blind index. Per person:
 *
 * - `certificate#<certificate ID>`: one entry per issued certificate;
 * - `applications#<year>`: the set of application IDs counted in that calendar year (China
 *   Standard Time). A set, not a number, so that counting one application twice (a retry
 *   after a crash) is a no-op, and `size()` in a condition makes the yearly limit one
 *   conditional single-item write that no number of parallel requests can overrun.
 *
 * Every subject's items have the same form whatever is on file for them.
 */
export class DynamoDbIssuanceLog implements IssuanceLog {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async reserveApplication(
    year: ApplicationYear,
    applicationId: string,
    limit: number | undefined,
  ): Promise<boolean> {
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: applicationsKey(year),
            UpdateExpression: 'ADD applications :ids',
            ...(limit === undefined
              ? { ExpressionAttributeValues: { ':ids': new Set([applicationId]) } }
              : {
                  ConditionExpression:
                    'attribute_not_exists(applications) OR size(applications) < :limit ' +
                    'OR contains(applications, :id)',
                  ExpressionAttributeValues: {
                    ':ids': new Set([applicationId]),
                    ':id': applicationId,
                    ':limit': limit,
                  },
                }),
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  async releaseApplication(year: ApplicationYear, applicationId: string): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: applicationsKey(year),
          UpdateExpression: 'DELETE applications :ids',
          ExpressionAttributeValues: { ':ids': new Set([applicationId]) },
        }),
      ),
    );
  }

  async append(entry: IssuanceLogEntry): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...entry, entryKey: `certificate#${entry.certificateId}` },
        }),
      ),
    );
  }
}

function applicationsKey({ blindIndex, year }: ApplicationYear) {
  return { blindIndex, entryKey: `applications#${year}` };
}
