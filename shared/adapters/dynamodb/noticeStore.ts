import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Notice, NoticePage, NoticeStore } from '../../ports/notices.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';
import { pageOfItems } from './paging.ts';

const recipientKey = (recipient: { role: string; org: string }) =>
  `${recipient.role}#${recipient.org}`;

function fromItem({ recipient: _key, to, ...notice }: Record<string, unknown>): Notice {
  return { ...(notice as Omit<Notice, 'recipient'>), recipient: to as Notice['recipient'] };
}

/** Notices under their recipient (`role#org`), so an agency reads exactly its own. */
export class DynamoDbNoticeStore implements NoticeStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(notice: Notice): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...notice, recipient: recipientKey(notice.recipient), to: notice.recipient },
            ConditionExpression: 'attribute_not_exists(noticeId)',
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async get(
    recipient: { role: string; org: string },
    noticeId: string,
  ): Promise<Notice | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { recipient: recipientKey(recipient), noticeId },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async page(
    recipient: { role: string; org: string },
    request: { cursor?: string; limit: number },
  ): Promise<NoticePage> {
    const { items, cursor } = await pageOfItems(
      this.client,
      { tableName: this.tableName, idName: 'noticeId', sortKey: 'noticeId', descending: false },
      [{ keyName: 'recipient', value: recipientKey(recipient) }],
      request,
    );
    return { notices: items.map(({ item }) => fromItem(item)), ...(cursor ? { cursor } : {}) };
  }

  async acknowledge(
    recipient: { role: string; org: string },
    noticeId: string,
    by: { subject: string; at: string },
  ): Promise<'acknowledged' | 'already' | 'not-found'> {
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { recipient: recipientKey(recipient), noticeId },
            UpdateExpression: 'SET acknowledgedAt = :at, acknowledgedBy = :by',
            ConditionExpression:
              'attribute_exists(noticeId) AND attribute_not_exists(acknowledgedAt)',
            ExpressionAttributeValues: { ':at': by.at, ':by': by.subject },
          }),
        ),
      );
      return 'acknowledged';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    return (await this.get(recipient, noticeId)) ? 'already' : 'not-found';
  }
}
