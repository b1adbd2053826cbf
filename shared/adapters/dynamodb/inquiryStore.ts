import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { INQUIRIES_BY_AGENCY_INDEX, INQUIRIES_BY_SUBJECT_INDEX } from '../../definitions/tables.ts';
import type { AgencyRole } from '../../domain/agencies.ts';
import type { InquiryStatus } from '../../domain/inquiry/inquiry.ts';
import type { InquiryDecision, InquiryStore, StoredInquiry } from '../../ports/inquiries.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';

const agencyStatus = (agency: string, status: InquiryStatus) => `${agency}#${status}`;

function fromItem(item: Record<string, unknown>): StoredInquiry {
  const {
    envelope,
    agencyStatus: _key,
    ...rest
  } = item as StoredInquiry & {
    envelope: Uint8Array;
    agencyStatus: string;
  };
  return { ...rest, envelope: new Uint8Array(envelope) };
}

/**
 * Applications, one item each. State moves only forward, each step one conditional write on
 * the item's version: `pending` → `approved`/`refused`, then the acknowledgement.
 */
export class DynamoDbInquiryStore implements InquiryStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(inquiry: StoredInquiry): Promise<'created' | 'exists'> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...inquiry, agencyStatus: agencyStatus(inquiry.agency, inquiry.status) },
            ConditionExpression: 'attribute_not_exists(inquiryId)',
          }),
        ),
      );
      return 'created';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'exists';
      throw error;
    }
  }

  async get(inquiryId: string): Promise<StoredInquiry | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { inquiryId }, ConsistentRead: true }),
      ),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async remove(inquiryId: string, version: number): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new DeleteCommand({
            TableName: this.tableName,
            Key: { inquiryId },
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': version },
          }),
        ),
      );
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async listFor(agency: AgencyRole, status: InquiryStatus): Promise<StoredInquiry[]> {
    return this.getAll(
      await queryAll(this.client, {
        TableName: this.tableName,
        IndexName: INQUIRIES_BY_AGENCY_INDEX,
        KeyConditionExpression: 'agencyStatus = :k',
        ExpressionAttributeValues: { ':k': agencyStatus(agency, status) },
      }),
      // The index lags a write by a moment: keep only what is still in that status.
      (inquiry) => inquiry.status === status,
    );
  }

  async listAbout(subjectIndex: string): Promise<StoredInquiry[]> {
    return this.getAll(
      await queryAll(this.client, {
        TableName: this.tableName,
        IndexName: INQUIRIES_BY_SUBJECT_INDEX,
        KeyConditionExpression: 'subjectIndex = :s',
        ExpressionAttributeValues: { ':s': subjectIndex },
      }),
      () => true,
    );
  }

  async decide(inquiryId: string, decision: InquiryDecision): Promise<'decided' | 'conflict'> {
    return this.update(inquiryId, decision.expectedVersion, {
      expression:
        'SET #status = :status, agencyStatus = :agencyStatus, decidedBy = :by, decidedAt = :at, ' +
        'envelope = :envelope, version = :next',
      condition: '#status = :pending AND version = :expected',
      values: {
        ':status': decision.status,
        ':pending': 'pending',
        ':by': decision.decidedBy,
        ':at': decision.decidedAt,
        ':envelope': decision.envelope,
      },
      agencyStatusOf: (agency) => agencyStatus(agency, decision.status),
    }).then((ok) => (ok ? 'decided' : 'conflict'));
  }

  async acknowledge(
    inquiryId: string,
    acknowledgement: { by: string; at: string; expectedVersion: number },
  ): Promise<'acknowledged' | 'conflict'> {
    return this.update(inquiryId, acknowledgement.expectedVersion, {
      expression: 'SET acknowledgedAt = :at, acknowledgedBy = :by, version = :next',
      condition:
        '#status = :approved AND attribute_not_exists(acknowledgedAt) AND version = :expected',
      values: { ':approved': 'approved', ':by': acknowledgement.by, ':at': acknowledgement.at },
    }).then((ok) => (ok ? 'acknowledged' : 'conflict'));
  }

  private async update(
    inquiryId: string,
    expectedVersion: number,
    change: {
      expression: string;
      condition: string;
      values: Record<string, unknown>;
      agencyStatusOf?: (agency: string) => string;
    },
  ): Promise<boolean> {
    let values: Record<string, unknown> = {
      ...change.values,
      ':next': expectedVersion + 1,
      ':expected': expectedVersion,
    };
    if (change.agencyStatusOf) {
      const current = await this.get(inquiryId);
      if (current === undefined) return false;
      values = { ...values, ':agencyStatus': change.agencyStatusOf(current.agency) };
    }
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { inquiryId },
            UpdateExpression: change.expression,
            ConditionExpression: change.condition,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailure(error)) return false;
      throw error;
    }
  }

  private async getAll(
    { items }: { items: Record<string, unknown>[] },
    keep: (inquiry: StoredInquiry) => boolean,
  ): Promise<StoredInquiry[]> {
    const found: StoredInquiry[] = [];
    for (const item of items) {
      const inquiry = await this.get(String(item.inquiryId));
      if (inquiry && keep(inquiry)) found.push(inquiry);
    }
    return found;
  }
}
