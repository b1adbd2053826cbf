import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Owner, ReviewPage, ReviewStore, StoredReview } from '../../ports/reviews.ts';
import { dynamo, isConditionalCheckFailure } from './client.ts';

const ownerKey = (owner: Owner) => `${owner.role}#${owner.org}`;

type Item = Record<string, unknown>;

function reviewOf(item: Item): StoredReview {
  const { owner: _key, ownedBy, decision, reasons, ...rest } = item;
  const review = { ...(rest as Omit<StoredReview, 'owner' | 'decision'>), owner: ownedBy as Owner };
  if (decision === undefined) return review;
  return {
    ...review,
    decision: {
      ...(decision as Omit<NonNullable<StoredReview['decision']>, 'reasons'>),
      reasons: new Uint8Array(reasons as Uint8Array),
    },
  };
}

/** Reviews under their owner (`role#org`), so an organisation reads exactly its own. */
export class DynamoDbReviewStore implements ReviewStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async open(review: StoredReview): Promise<'opened' | 'exists'> {
    const { decision: _none, ...fields } = review;
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...fields, owner: ownerKey(review.owner), ownedBy: review.owner },
            ConditionExpression: 'attribute_not_exists(reviewId)',
          }),
        ),
      );
      return 'opened';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
      return 'exists';
    }
  }

  async page(owner: Owner, request: { cursor?: string; limit: number }): Promise<ReviewPage> {
    const page = await dynamo(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner' },
          ExpressionAttributeValues: { ':owner': ownerKey(owner) },
          ConsistentRead: true,
          Limit: request.limit,
          ...(request.cursor !== undefined
            ? { ExclusiveStartKey: { owner: ownerKey(owner), reviewId: request.cursor } }
            : {}),
        }),
      ),
    );
    const reviews = (page.Items ?? []).map(reviewOf);
    const last = page.LastEvaluatedKey?.reviewId;
    return { reviews, ...(typeof last === 'string' ? { cursor: last } : {}) };
  }

  async get(owner: Owner, reviewId: string): Promise<StoredReview | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { owner: ownerKey(owner), reviewId },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? reviewOf(Item) : undefined;
  }

  async decide(
    owner: Owner,
    reviewId: string,
    decision: NonNullable<StoredReview['decision']>,
  ): Promise<'decided' | 'already' | 'not-found'> {
    const { reasons, ...rest } = decision;
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { owner: ownerKey(owner), reviewId },
            UpdateExpression: 'SET decision = :decision, reasons = :reasons',
            ConditionExpression: 'attribute_exists(reviewId) AND attribute_not_exists(decision)',
            ExpressionAttributeValues: { ':decision': rest, ':reasons': reasons },
          }),
        ),
      );
      return 'decided';
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    return (await this.get(owner, reviewId)) ? 'already' : 'not-found';
  }
}
