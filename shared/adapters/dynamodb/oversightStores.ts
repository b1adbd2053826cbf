import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mapBounded } from '../../concurrency.ts';
import {
  COMPLAINTS_BY_AGENCY_INDEX,
  COMPLAINTS_BY_COMPLAINANT_INDEX,
  COMPLAINTS_BY_STATUS_INDEX,
  OPINIONS_BY_AGENCY_INDEX,
  OPINIONS_BY_ISSUER_INDEX,
  OPINIONS_BY_REPORTED_TO_INDEX,
} from '../../definitions/tables.ts';
import { complaintStatuses } from '../../domain/oversight/complaints.ts';
import type {
  AgencyRef,
  ComplaintPage,
  ComplaintScope,
  ComplaintStore,
  OpinionPage,
  OpinionScope,
  OpinionStore,
  StoredComplaint,
  StoredOpinion,
} from '../../ports/oversight.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';
import { type PageRequest, type Partition, pageOfItems } from './paging.ts';

const agencyKey = (agency: AgencyRef) => `${agency.role}#${agency.org}`;

/** Items of one table, one per document, whose state moves only by conditional writes. */
abstract class DocumentTable<T extends { version: number; envelope: Uint8Array }> {
  protected readonly client: DynamoDBDocumentClient;
  protected readonly tableName: string;
  private readonly idName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string, idName: string) {
    this.client = client;
    this.tableName = tableName;
    this.idName = idName;
  }

  protected async put(item: Record<string, unknown>): Promise<void> {
    await dynamo(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: `attribute_not_exists(${this.idName})`,
        }),
      ),
    );
  }

  async get(id: string): Promise<T | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [this.idName]: id },
          ConsistentRead: true,
        }),
      ),
    );
    return Item ? this.fromItem(Item) : undefined;
  }

  protected async byIndex(index: string, key: string, value: string): Promise<T[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: '#k = :v',
      ExpressionAttributeNames: { '#k': key },
      ExpressionAttributeValues: { ':v': value },
    });
    const found: T[] = [];
    for (const item of items) {
      const document = await this.get(String(item[this.idName]));
      if (document) found.push(document);
    }
    return found;
  }

  /**
   * One page of the documents in `partitions` by `sortKey`, read with bounded parallelism;
   * `keep` drops a document that moved out of its partition between the query and the read.
   */
  protected async pageOf(
    partitions: readonly Partition[],
    request: PageRequest,
    order: { sortKey: string; descending: boolean },
    keep: (document: T, partition: number) => boolean = () => true,
  ): Promise<{ items: T[]; cursor?: string }> {
    const { items: keys, cursor } = await pageOfItems(
      this.client,
      { tableName: this.tableName, idName: this.idName, ...order },
      partitions,
      request,
    );
    const documents = await mapBounded(keys, async ({ item, partition }) => {
      const document = await this.get(String(item[this.idName]));
      return document && keep(document, partition) ? document : undefined;
    });
    const items = documents.filter((d): d is Awaited<T> => d !== undefined) as T[];
    return { items, ...(cursor ? { cursor } : {}) };
  }

  /** SET the given attributes and the next version, only if `condition` holds. */
  protected async update(
    id: string,
    set: Record<string, unknown>,
    condition: string,
    conditionValues: Record<string, unknown>,
  ): Promise<'done' | 'conflict'> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ...conditionValues };
    const assignments = Object.entries(set)
      .filter(([, value]) => value !== undefined)
      .map(([name, value], i) => {
        names[`#a${i}`] = name;
        values[`:a${i}`] = value;
        return `#a${i} = :a${i}`;
      });
    try {
      await dynamo(() =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { [this.idName]: id },
            UpdateExpression: `SET ${assignments.join(', ')}`,
            ConditionExpression: condition,
            ExpressionAttributeNames: { ...names, '#state': this.stateName },
            ExpressionAttributeValues: values,
          }),
        ),
      );
      return 'done';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'conflict';
      throw error;
    }
  }

  protected abstract readonly stateName: string;

  private fromItem(item: Record<string, unknown>): T {
    const { envelope, ...rest } = item as T & { envelope: Uint8Array };
    return { ...(rest as unknown as T), envelope: new Uint8Array(envelope) };
  }
}

export class DynamoDbOpinionStore extends DocumentTable<StoredOpinion> implements OpinionStore {
  protected readonly stateName = 'state';

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'opinionId');
  }

  async create(opinion: StoredOpinion): Promise<void> {
    await this.put({
      ...opinion,
      agencyKey: agencyKey(opinion.agency),
      issuerOrg: opinion.issuedBy.org,
    });
  }

  listForAgency(agency: AgencyRef): Promise<StoredOpinion[]> {
    return this.byIndex(OPINIONS_BY_AGENCY_INDEX, 'agencyKey', agencyKey(agency));
  }

  listIssuedBy(org: string): Promise<StoredOpinion[]> {
    return this.byIndex(OPINIONS_BY_ISSUER_INDEX, 'issuerOrg', org);
  }

  listReportedTo(org: string): Promise<StoredOpinion[]> {
    return this.byIndex(OPINIONS_BY_REPORTED_TO_INDEX, 'reportedToOrg', org);
  }

  async listAll(): Promise<StoredOpinion[]> {
    throw new Error('opinions are listed per issuer or per agency');
  }

  async page(scope: OpinionScope, request: PageRequest): Promise<OpinionPage> {
    const partitions: Partition[] =
      'agency' in scope
        ? [
            {
              indexName: OPINIONS_BY_AGENCY_INDEX,
              keyName: 'agencyKey',
              value: agencyKey(scope.agency),
            },
          ]
        : [
            { indexName: OPINIONS_BY_ISSUER_INDEX, keyName: 'issuerOrg', value: scope.supervisor },
            {
              indexName: OPINIONS_BY_REPORTED_TO_INDEX,
              keyName: 'reportedToOrg',
              value: scope.supervisor,
            },
          ];
    const { items, cursor } = await this.pageOf(partitions, request, {
      sortKey: 'issuedAt',
      descending: true,
    });
    return { opinions: items, ...(cursor ? { cursor } : {}) };
  }

  transition(
    opinionId: string,
    change: Parameters<OpinionStore['transition']>[1],
  ): Promise<'done' | 'conflict'> {
    return this.update(
      opinionId,
      {
        ...change.set,
        state: change.state,
        envelope: change.envelope,
        version: change.expectedVersion + 1,
      },
      '#state = :from AND version = :expected',
      { ':from': change.fromState, ':expected': change.expectedVersion },
    );
  }
}

export class DynamoDbComplaintStore
  extends DocumentTable<StoredComplaint>
  implements ComplaintStore
{
  protected readonly stateName = 'status';

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    super(client, tableName, 'complaintId');
  }

  async create(complaint: StoredComplaint): Promise<void> {
    await this.put({ ...complaint, againstKey: agencyKey(complaint.against) });
  }

  listByComplainant(complainantIndex: string): Promise<StoredComplaint[]> {
    return this.byIndex(COMPLAINTS_BY_COMPLAINANT_INDEX, 'complainantIndex', complainantIndex);
  }

  listAgainst(agency: AgencyRef): Promise<StoredComplaint[]> {
    return this.byIndex(COMPLAINTS_BY_AGENCY_INDEX, 'againstKey', agencyKey(agency));
  }

  async page(scope: ComplaintScope, request: PageRequest): Promise<ComplaintPage> {
    const partitions: Partition[] =
      'complainantIndex' in scope
        ? [
            {
              indexName: COMPLAINTS_BY_COMPLAINANT_INDEX,
              keyName: 'complainantIndex',
              value: scope.complainantIndex,
            },
          ]
        : 'against' in scope
          ? [
              {
                indexName: COMPLAINTS_BY_AGENCY_INDEX,
                keyName: 'againstKey',
                value: agencyKey(scope.against),
              },
            ]
          : complaintStatuses.map((status) => ({
              indexName: COMPLAINTS_BY_STATUS_INDEX,
              keyName: 'status',
              value: status,
            }));
    const { items, cursor } = await this.pageOf(
      partitions,
      request,
      { sortKey: 'receivedAt', descending: true },
      // Across statuses, a complaint that moved on is listed under its new status only.
      (complaint, p) => !('all' in scope) || complaint.status === partitions[p]?.value,
    );
    return { complaints: items, ...(cursor ? { cursor } : {}) };
  }

  async listAll(): Promise<StoredComplaint[]> {
    const all: StoredComplaint[] = [];
    for (const status of complaintStatuses) {
      all.push(...(await this.byIndex(COMPLAINTS_BY_STATUS_INDEX, 'status', status)));
    }
    return all;
  }

  answer(
    complaintId: string,
    change: Parameters<ComplaintStore['answer']>[1],
  ): Promise<'done' | 'conflict'> {
    return this.update(
      complaintId,
      {
        status: 'answered',
        answeredAt: change.answeredAt,
        answeredBy: change.answeredBy,
        envelope: change.envelope,
        version: change.expectedVersion + 1,
      },
      '#state = :received AND version = :expected',
      { ':received': 'received', ':expected': change.expectedVersion },
    );
  }

  resolve(
    complaintId: string,
    change: Parameters<ComplaintStore['resolve']>[1],
  ): Promise<'done' | 'conflict'> {
    return this.update(
      complaintId,
      {
        status: 'resolved',
        resolvedAt: change.resolvedAt,
        resolvedBy: change.resolvedBy,
        envelope: change.envelope,
        version: change.expectedVersion + 1,
      },
      '#state = :from AND version = :expected',
      { ':from': change.fromStatus, ':expected': change.expectedVersion },
    );
  }
}
