/**
 * The DynamoDB tables, built from `shared/definitions/tables.ts` (the same definitions the
 * local stack and the tests use), and the one place that grants access to them.
 *
 * Grants are hand-written per access kind of `shared/definitions/functions.ts`; nothing here
 * uses `grantReadWriteData`, whose action list (Scan, BatchGet, every index) is far wider
 * than any function needs.
 */
import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
} from 'aws-cdk-lib/aws-dynamodb';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { TableAccess } from '#shared/definitions/functions.ts';
import {
  type KeyAttribute,
  type TableDefinition,
  type TableName,
  tables,
} from '#shared/definitions/tables.ts';

export type DataTablesProps = {
  /** The customer-managed key of every table, usable only through DynamoDB. */
  encryptionKey: IKey;
  /** `kms:ViaService` value for DynamoDB in this region. */
  dynamoDbViaService: string;
};

const itemActions = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

export class DataTables extends Construct {
  private readonly tablesByName = new Map<
    TableName,
    { definition: TableDefinition; table: Table }
  >();
  private readonly encryptionKey: IKey;
  private readonly dynamoDbViaService: string;
  private readonly rolesWithTableKey = new WeakSet<IRole>();

  constructor(scope: Construct, id: string, props: DataTablesProps) {
    super(scope, id);
    this.encryptionKey = props.encryptionKey;
    this.dynamoDbViaService = props.dynamoDbViaService;

    for (const definition of tables as readonly TableDefinition[]) {
      const table = new Table(this, `${definition.logicalName}Table`, {
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey && attribute(definition.sortKey),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: true,
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.encryptionKey,
        timeToLiveAttribute: definition.timeToLiveAttribute,
        stream: definition.stream && StreamViewType[definition.stream],
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(table).acknowledge({
        id: 'NIST.800.53.R5-DynamoDBInBackupPlan',
        reason:
          'Point-in-time recovery (35 days), deletion protection and a retained removal ' +
          'policy protect the table; long-term backup retention follows the agency records ' +
          'schedule and is added with AWS Backup per docs/deploy.md.',
      });
      for (const index of definition.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey && attribute(index.sortKey),
          projectionType:
            index.projection.type === 'KEYS_ONLY'
              ? ProjectionType.KEYS_ONLY
              : ProjectionType.INCLUDE,
          nonKeyAttributes:
            index.projection.type === 'INCLUDE' ? index.projection.nonKeyAttributes : undefined,
        });
      }
      this.tablesByName.set(definition.logicalName as TableName, { definition, table });
    }
  }

  /** Every table with its definition, in definition order. */
  get all(): { definition: TableDefinition; table: Table }[] {
    return [...this.tablesByName.values()];
  }

  table(name: TableName): Table {
    return this.entry(name).table;
  }

  /**
   * Grants `role` exactly `access` to the table `name`, plus `kms:Decrypt` on the table key
   * through DynamoDB only: enough for DynamoDB to open the table key for this caller, never
   * a direct decrypt of anything. `functionName` is whose items `own-items` grants.
   */
  bind(role: IRole, name: TableName, access: TableAccess, functionName: string): void {
    const { definition, table } = this.entry(name);
    const indexArns = definition.globalSecondaryIndexes.map(
      (index) => `${table.tableArn}/index/${index.indexName}`,
    );
    const statements: PolicyStatement[] = [];
    const indexArnOf = (index: string) => {
      if (!definition.globalSecondaryIndexes.some((i) => i.indexName === index)) {
        throw new Error(`table ${name} has no index ${index}`);
      }
      return `${table.tableArn}/index/${index}`;
    };
    switch (access.kind) {
      case 'query-index': {
        if (!definition.globalSecondaryIndexes.some((index) => index.indexName === access.index)) {
          throw new Error(`table ${name} has no index ${access.index}`);
        }
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:Query'],
            resources: [`${table.tableArn}/index/${access.index}`],
          }),
        );
        break;
      }
      case 'read':
        statements.push(
          new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [table.tableArn] }),
        );
        if (access.indexes?.length) {
          statements.push(
            new PolicyStatement({
              actions: ['dynamodb:Query'],
              resources: access.indexes.map((index) => indexArnOf(index)),
            }),
          );
        }
        break;
      case 'read-update':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
            resources: [table.tableArn],
          }),
        );
        break;
      case 'put-once':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
            resources: [table.tableArn],
          }),
        );
        break;
      case 'update-by-key':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
            resources: [table.tableArn],
          }),
        );
        break;
      case 'items':
        statements.push(
          new PolicyStatement({
            actions: access.actions.map((action) => `dynamodb:${action}`),
            resources: [table.tableArn],
          }),
        );
        break;
      case 'put':
        statements.push(
          new PolicyStatement({ actions: ['dynamodb:PutItem'], resources: [table.tableArn] }),
        );
        break;
      case 'scan':
        statements.push(
          new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [table.tableArn] }),
        );
        break;
      case 'query':
        statements.push(
          new PolicyStatement({ actions: ['dynamodb:Query'], resources: [table.tableArn] }),
        );
        break;
      case 'read-write':
        statements.push(
          new PolicyStatement({
            actions: [...itemActions, 'dynamodb:Query'],
            resources: [table.tableArn],
          }),
        );
        if (indexArns.length > 0) {
          statements.push(
            new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }),
          );
        }
        break;
      case 'read-write-by-key':
        statements.push(new PolicyStatement({ actions: itemActions, resources: [table.tableArn] }));
        if (access.indexes?.length) {
          statements.push(
            new PolicyStatement({
              actions: ['dynamodb:Query'],
              resources: access.indexes.map((index) => indexArnOf(index)),
            }),
          );
        }
        break;
      case 'own-items':
        statements.push(
          new PolicyStatement({
            actions: itemActions,
            resources: [table.tableArn],
            conditions: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [ownItemsPrefix(functionName)] },
            },
          }),
        );
        break;
      case 'query-append':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:PutItem', 'dynamodb:Query'],
            resources: [table.tableArn],
          }),
        );
        if (indexArns.length > 0) {
          statements.push(
            new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexArns }),
          );
        }
        break;
      case 'audit-write':
      case 'audit-write-and-read':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:PutItem'],
            resources: [table.tableArn],
            conditions: {
              'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [ownItemsPrefix(functionName)] },
            },
          }),
        );
        if (access.kind === 'audit-write-and-read') {
          statements.push(
            new PolicyStatement({
              actions: ['dynamodb:BatchGetItem'],
              resources: [table.tableArn],
            }),
          );
        }
        break;
      case 'audit-sequence':
        statements.push(
          new PolicyStatement({
            actions: [
              'dynamodb:BatchGetItem',
              'dynamodb:BatchWriteItem',
              'dynamodb:GetItem',
              'dynamodb:PutItem',
              'dynamodb:Query',
            ],
            resources: [table.tableArn],
          }),
        );
        break;
      case 'audit-read':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
            resources: [table.tableArn],
          }),
        );
        break;
      case 'stream-and-scan': {
        if (!table.tableStreamArn) throw new Error(`table ${name} has no stream`);
        statements.push(
          new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [table.tableArn] }),
          // What the event source mapping reads with the function's role: this one stream.
          new PolicyStatement({
            actions: [
              'dynamodb:DescribeStream',
              'dynamodb:GetRecords',
              'dynamodb:GetShardIterator',
            ],
            resources: [table.tableStreamArn],
          }),
          new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: ['*'] }),
        );
        break;
      }
      case 'append-and-count':
        statements.push(
          new PolicyStatement({
            actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
            resources: [table.tableArn],
          }),
        );
        break;
    }
    for (const statement of statements) role.addToPrincipalPolicy(statement);
    this.bindTableKey(role);
  }

  private bindTableKey(role: IRole): void {
    if (this.rolesWithTableKey.has(role)) return;
    this.rolesWithTableKey.add(role);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': this.dynamoDbViaService } },
      }),
    );
  }

  private entry(name: TableName): { definition: TableDefinition; table: Table } {
    const entry = this.tablesByName.get(name);
    if (!entry) throw new Error(`no table definition named ${name}`);
    return entry;
  }
}

/** The partition keys a function's own items have: `<function name>#…` (idempotency records). */
export function ownItemsPrefix(functionName: string): string {
  return `${functionName}#*`;
}

function attribute(key: KeyAttribute): { name: string; type: AttributeType } {
  const types = { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY };
  return { name: key.name, type: types[key.type] };
}
