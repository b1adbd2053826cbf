/**
 * DynamoDB fault injection with aws-sdk-client-mock: every call passes through to the real
 * (dynalite) client unless a rule says that table/operation throttles.
 */
import {
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

type Rule = { table: string; operation?: string };

export function throttlingError() {
  return new ProvisionedThroughputExceededException({
    message: 'injected throttling',
    $metadata: { httpStatusCode: 400 },
  });
}

export function dynamoFaults(doc: DynamoDBDocumentClient, raw: DynamoDBClient) {
  const rules: Rule[] = [];
  const hit = (operation: string, input: { TableName?: string }) =>
    rules.some((r) => r.table === input.TableName && (!r.operation || r.operation === operation));

  const docSend = doc.send.bind(doc) as (command: unknown) => Promise<unknown>;
  const docMock = mockClient(doc);
  for (const [name, Command] of [
    ['Get', GetCommand],
    ['Put', PutCommand],
    ['Update', UpdateCommand],
    ['Delete', DeleteCommand],
    ['Query', QueryCommand],
  ] as const) {
    docMock.on(Command as never).callsFake(async (input: { TableName?: string }) => {
      if (hit(name, input)) throw throttlingError();
      return docSend(new (Command as new (i: unknown) => unknown)(input));
    });
  }

  const rawSend = raw.send.bind(raw) as (command: unknown) => Promise<unknown>;
  const rawMock = mockClient(raw);
  for (const [name, Command] of [
    ['Get', GetItemCommand],
    ['Put', PutItemCommand],
    ['Update', UpdateItemCommand],
    ['Delete', DeleteItemCommand],
  ] as const) {
    rawMock.on(Command as never).callsFake(async (input: { TableName?: string }) => {
      if (hit(name, input)) throw throttlingError();
      return rawSend(new (Command as new (i: unknown) => unknown)(input));
    });
  }

  return {
    throttle: (table: string, operation?: 'Get' | 'Put' | 'Update' | 'Delete' | 'Query') =>
      rules.push({ table, operation }),
    heal: () => {
      rules.length = 0;
    },
    restore: () => {
      docMock.restore();
      rawMock.restore();
    },
  };
}
