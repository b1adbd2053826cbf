import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  SEALING_APPLICATIONS_BY_AGENCY_INDEX,
  SEALING_APPLICATIONS_BY_APPLICANT_INDEX,
} from '../../definitions/tables.ts';
import type {
  ApplicationPage,
  SealingApplicationStatus,
  SealingApplicationStore,
  StoredSealingApplication,
} from '../../ports/sealingApplications.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';
import { pageOfItems } from './paging.ts';

const agencyStatus = (agency: { role: string; org: string }, status: SealingApplicationStatus) =>
  `${agency.role}#${agency.org}#${status}`;

function fromItem(item: Record<string, unknown>): StoredSealingApplication {
  const { agencyStatus: _key, ...rest } = item;
  return {
    ...(rest as StoredSealingApplication),
    envelope: new Uint8Array(item.envelope as Uint8Array),
  };
}

export class DynamoDbSealingApplications implements SealingApplicationStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async create(application: StoredSealingApplication): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...application,
            agencyStatus: agencyStatus(application.agency, application.status),
          },
          ConditionExpression: 'attribute_not_exists(applicationId)',
        }),
      ),
    );
  }

  async get(applicationId: string): Promise<StoredSealingApplication | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: { applicationId }, ConsistentRead: true }),
      ),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async listForAgency(
    agency: { role: string; org: string },
    status: SealingApplicationStatus,
    page: { cursor?: string; limit: number },
  ): Promise<ApplicationPage> {
    // The partition comes from the caller, never from the cursor.
    const { items, cursor } = await pageOfItems(
      this.client,
      {
        tableName: this.tableName,
        idName: 'applicationId',
        sortKey: 'decideBy',
        descending: false,
      },
      [
        {
          indexName: SEALING_APPLICATIONS_BY_AGENCY_INDEX,
          keyName: 'agencyStatus',
          value: agencyStatus(agency, status),
        },
      ],
      page,
    );
    const applications: StoredSealingApplication[] = [];
    for (const { item } of items) {
      const application = await this.get(String(item.applicationId));
      if (application && application.status === status) applications.push(application);
    }
    return { applications, ...(cursor ? { cursor } : {}) };
  }

  async listByApplicant(applicantIndex: string): Promise<StoredSealingApplication[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: SEALING_APPLICATIONS_BY_APPLICANT_INDEX,
      KeyConditionExpression: 'applicantIndex = :a',
      ExpressionAttributeValues: { ':a': applicantIndex },
    });
    const applications: StoredSealingApplication[] = [];
    for (const item of items) {
      const application = await this.get(String(item.applicationId));
      if (application) applications.push(application);
    }
    return applications;
  }

  async decide(
    applicationId: string,
    change: Parameters<SealingApplicationStore['decide']>[1],
  ): Promise<'done' | 'conflict'> {
    const current = await this.get(applicationId);
    if (!current) return 'conflict';
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { applicationId },
            UpdateExpression:
              'SET #status = :decided, agencyStatus = :key, decision = :decision, ' +
              'decidedAt = :at, decidedBy = :by, envelope = :envelope, version = :next',
            ConditionExpression: '#status = :pending AND version = :expected',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':decided': 'decided',
              ':pending': 'pending',
              ':key': agencyStatus(current.agency, 'decided'),
              ':decision': change.decision,
              ':at': change.decidedAt,
              ':by': change.decidedBy,
              ':envelope': change.envelope,
              ':next': change.expectedVersion + 1,
              ':expected': change.expectedVersion,
            },
          }),
        ),
      );
      return 'done';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'conflict';
      throw error;
    }
  }
}
