/**
 * The platform a composition runs on: its DynamoDB clients and, when the function needs
 * them, KMS, SQS and Lambda clients — created once per composition (no module state), or
 * handed in by a test (`overrides`) so that the production graph, KMS branch included, is
 * what fault-injection tests exercise.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMS } from '@aws-sdk/client-kms';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, createDynamoDbClient } from '../adapters/dynamodb/client.ts';
import { type Config, ConfigurationError } from '../config.ts';
import { traced } from '../observability.ts';

export type PlatformOverrides = {
  dynamoDb?: DynamoDBClient;
  documents?: DynamoDBDocumentClient;
  kms?: KMS;
  sqs?: SQSClient;
  lambda?: LambdaClient;
};

export type Platform = {
  config: Config;
  dynamoDb: DynamoDBClient;
  documents: DynamoDBDocumentClient;
  overrides: PlatformOverrides;
};

export function platformOf(config: Config, overrides: PlatformOverrides = {}): Platform {
  const dynamoDb =
    overrides.dynamoDb ??
    traced(createDynamoDbClient({ region: config.region, endpoint: config.dynamodbEndpoint }));
  return {
    config,
    dynamoDb,
    documents: overrides.documents ?? createDocumentClient(dynamoDb),
    overrides,
  };
}

export function requiredSetting(value: string | undefined, name: string): string {
  if (!value) throw new ConfigurationError(`${name} must be set when KEY_PROVIDER=kms`);
  return value;
}
