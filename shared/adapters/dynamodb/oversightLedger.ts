import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { OpinionState } from '../../domain/oversight/opinions.ts';
import type { AgencyKey, OversightLedger } from '../../usecases/oversightSummary.ts';
import { scanAll } from './client.ts';

/**
 * The states of oversight documents, read with projections of plain attributes only (never
 * an envelope): a Scan per table, adequate for the volume of supervision; a deployment
 * with millions of notices would keep running counters instead.
 */
export class DynamoDbOversightLedger implements OversightLedger {
  private readonly client: DynamoDBDocumentClient;
  private readonly tables: {
    inquiries: string;
    notices: string;
    opinions: string;
    complaints: string;
    reviews: string;
  };
  constructor(
    client: DynamoDBDocumentClient,
    tables: {
      inquiries: string;
      notices: string;
      opinions: string;
      complaints: string;
      reviews: string;
    },
  ) {
    this.client = client;
    this.tables = tables;
  }

  async reviews() {
    const items = await scanAll(this.client, {
      TableName: this.tables.reviews,
      ProjectionExpression: 'ownedBy, decideBy, decision.outcome',
    });
    return items.map((i) => ({
      owner: i.ownedBy as AgencyKey,
      decideBy: String(i.decideBy),
      decided: i.decision !== undefined,
    }));
  }

  async inquiries() {
    const items = await scanAll(this.client, {
      TableName: this.tables.inquiries,
      ProjectionExpression: 'agency, #status, decideBy, #calendar, receivedAt',
      ExpressionAttributeNames: { '#status': 'status', '#calendar': 'calendar' },
    });
    return items.map((i) => ({
      // Applications stored before they named an organisation name only a role.
      agency: typeof i.agency === 'string' ? { role: i.agency, org: '' } : (i.agency as AgencyKey),
      status: String(i.status),
      decideBy: String(i.decideBy),
      calendar: i.calendar === 'provisional' ? ('provisional' as const) : ('official' as const),
      receivedAt: String(i.receivedAt),
    }));
  }

  async notices() {
    const items = await scanAll(this.client, {
      TableName: this.tables.notices,
      ProjectionExpression: '#to, #at, acknowledgeBy, acknowledgedAt, #calendar',
      ExpressionAttributeNames: { '#to': 'to', '#at': 'at', '#calendar': 'calendar' },
    });
    return items.map((i) => ({
      recipient: i.to as AgencyKey,
      at: String(i.at),
      acknowledgeBy: String(i.acknowledgeBy),
      ...(i.calendar === 'provisional' ? { calendar: 'provisional' as const } : {}),
      acknowledged: i.acknowledgedAt !== undefined,
    }));
  }

  async opinions() {
    const items = await scanAll(this.client, {
      TableName: this.tables.opinions,
      ProjectionExpression: 'agency, #state, replyDue',
      ExpressionAttributeNames: { '#state': 'state' },
    });
    return items.map((i) => ({
      agency: i.agency as AgencyKey,
      state: i.state as OpinionState,
      replyDue: String(i.replyDue),
    }));
  }

  async complaints() {
    const items = await scanAll(this.client, {
      TableName: this.tables.complaints,
      ProjectionExpression: 'against, #status',
      ExpressionAttributeNames: { '#status': 'status' },
    });
    return items.map((i) => ({ against: i.against as AgencyKey, status: String(i.status) }));
  }
}
