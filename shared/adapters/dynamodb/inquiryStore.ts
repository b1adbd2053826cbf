import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mapBounded } from '../../concurrency.ts';
import { INQUIRIES_BY_AGENCY_INDEX, INQUIRIES_BY_SUBJECT_INDEX } from '../../definitions/tables.ts';
import type { Agency } from '../../domain/agencies.ts';
import { type InquiryStatus, NARROWEST_SCOPE } from '../../domain/inquiry/inquiry.ts';
import type {
  InquiryDecision,
  InquiryPage,
  InquiryStore,
  StoredInquiry,
} from '../../ports/inquiries.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';
import { pageOfItems } from './paging.ts';

/** The organisation's applications in one status: the `ByAgency` index's partition. */
const agencyStatus = (agency: Agency, status: InquiryStatus) =>
  `${agency.role}#${agency.org}#${status}`;

function fromItem(item: Record<string, unknown>): StoredInquiry {
  const {
    envelope,
    agencyStatus: _key,
    agency,
    scope,
    ...rest
  } = item as StoredInquiry & {
    envelope: Uint8Array;
    agencyStatus: string;
  };
  return {
    ...rest,
    // An application stored before applications named an organisation was addressed to a
    // role only: it names no organisation, so no official can see or decide it.
    agency: typeof agency === 'string' ? { role: agency, org: '' } : agency,
    scope: scope ?? NARROWEST_SCOPE,
    envelope: new Uint8Array(envelope),
  };
}

/**
 * Applications, one item each. State moves only forward, each step one conditional write on
 * the item's version: `pending` → `approved`/`refused`, then the acknowledgement.
 */
export class DynamoDbInquiryStore implements InquiryStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

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

  async listFor(
    agency: Agency,
    status: InquiryStatus,
    page: { cursor?: string; limit: number },
  ): Promise<InquiryPage> {
    // The partition comes from the caller, never from the cursor: a cursor cannot lead into
    // another organisation's applications.
    const { items, cursor } = await pageOfItems(
      this.client,
      { tableName: this.tableName, idName: 'inquiryId', sortKey: 'decideBy', descending: false },
      [
        {
          indexName: INQUIRIES_BY_AGENCY_INDEX,
          keyName: 'agencyStatus',
          value: agencyStatus(agency, status),
        },
      ],
      page,
    );
    const inquiries = await this.getAll(
      { items: items.map(({ item }) => item) },
      // The index lags a write by a moment: keep only what is still in that status.
      (inquiry) => inquiry.status === status,
    );
    return { inquiries, ...(cursor ? { cursor } : {}) };
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

  async pageAbout(
    subjectIndex: string,
    request: { cursor?: string; limit: number },
  ): Promise<InquiryPage> {
    const { items, cursor } = await pageOfItems(
      this.client,
      { tableName: this.tableName, idName: 'inquiryId', sortKey: 'receivedAt', descending: true },
      [{ indexName: INQUIRIES_BY_SUBJECT_INDEX, keyName: 'subjectIndex', value: subjectIndex }],
      request,
    );
    const inquiries = await this.getAll({ items: items.map(({ item }) => item) }, () => true);
    return { inquiries, ...(cursor ? { cursor } : {}) };
  }

  async decide(inquiryId: string, decision: InquiryDecision): Promise<'decided' | 'conflict'> {
    return this.update(inquiryId, decision.expectedVersion, {
      expression:
        'SET #status = :status, agencyStatus = :agencyStatus, decidedBy = :by, decidedAt = :at, ' +
        `envelope = :envelope, version = :next${decision.approval ? ', granted = :granted, approval = :approval' : ''}`,
      condition: '#status = :pending AND version = :expected',
      values: {
        ':status': decision.status,
        ':pending': 'pending',
        ':by': decision.decidedBy,
        ':at': decision.decidedAt,
        ':envelope': decision.envelope,
        ...(decision.approval
          ? { ':granted': decision.granted ?? NARROWEST_SCOPE, ':approval': decision.approval }
          : {}),
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
      agencyStatusOf?: (agency: Agency) => string;
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
    const found = await mapBounded(items, (item) => this.get(String(item.inquiryId)));
    return found.filter((inquiry): inquiry is StoredInquiry => !!inquiry && keep(inquiry));
  }
}
