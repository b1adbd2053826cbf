/**
 * The whole deployment in one stack, assembled from the single sources of truth in
 * `shared/definitions/`: tables from tables.ts, one function per entry of functions.ts with
 * exactly the access it declares, routes from routes.ts, environment from shared/config.ts.
 */
import { CfnOutput, CfnParameter, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Construct } from 'constructs';
import {
  bulkImportFunction,
  type FunctionDefinition,
  functionDefinitions,
  type KeyAccess,
  type KeyName,
  type TableAccess,
} from '#shared/definitions/functions.ts';
import { type QueueDefinition, queues } from '#shared/definitions/queues.ts';
import { type TableName, tables } from '#shared/definitions/tables.ts';
import { BATCH_LINES_IN_FLIGHT } from '#shared/usecases/importRecords.ts';
import { bulkImportCapacity } from './bulkImportCapacity.ts';
import { BulkImport } from './constructs/bulkImport.ts';
import { DataTables } from './constructs/dataTables.ts';
import { KeyRing, keyEnvironmentVariables } from './constructs/keyRing.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { OriginHttpApi } from './constructs/originHttpApi.ts';
import { EdgeClientCertificate, PublicEdge } from './constructs/publicEdge.ts';
import {
  SEALED_RECORDS_FUNCTION_TIMEOUT,
  SealedRecordsFunction,
} from './constructs/sealedRecordsFunction.ts';
import { WorkQueues } from './constructs/workQueues.ts';
import { pascalCase } from './naming.ts';
import type { DeploymentParameters } from './parameters.ts';

/** Values every function reads through shared/config.ts, whatever it touches. */
export function commonEnvironment(parameters: DeploymentParameters): Record<string, string> {
  return {
    KEY_PROVIDER: 'kms',
    ISSUER_DID: `did:web:${parameters.issuerDomain}`,
    ISSUER_BASE_URL: `https://${parameters.issuerDomain}`,
    CREDENTIAL_VALIDITY_DAYS: String(parameters.credentialValidityDays),
    AUDIT_CHAINS: String(parameters.auditChains),
    IDEMPOTENCY_EXPIRY_SECONDS: String(parameters.idempotencyExpirySeconds),
    POWERTOOLS_SERVICE_NAME: 'sealed-records',
    POWERTOOLS_METRICS_NAMESPACE: 'SealedRecords',
  };
}

export type SealedRecordsStackProps = StackProps & { parameters: DeploymentParameters };

export class SealedRecordsStack extends Stack {
  readonly keys: KeyRing;
  readonly tables: DataTables;
  readonly queues: WorkQueues;
  readonly functions: ReadonlyMap<string, SealedRecordsFunction>;
  readonly api: OriginHttpApi;
  readonly edge: PublicEdge;
  readonly monitoring: Monitoring;
  readonly bulkImport: BulkImport;

  constructor(scope: Construct, id: string, props: SealedRecordsStackProps) {
    super(scope, id, props);
    const { parameters } = props;

    // Certificates are issued for the agency's domains outside this stack (ACM, DNS
    // validation): deploy-time parameters, so that synthesis needs no account.
    const edgeCertificateArn = new CfnParameter(this, 'EdgeCertificateArn', {
      description: `ACM certificate (this region) for ${parameters.issuerDomain}.`,
      allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/.+$',
    });
    const originCertificateArn = new CfnParameter(this, 'OriginCertificateArn', {
      description: `ACM certificate (this region) for ${parameters.originDomain}.`,
      allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/.+$',
    });

    this.keys = new KeyRing(this, 'Keys', {
      signingKeys: parameters.signingKeys,
      aliasPrefix: parameters.stackName,
    });
    this.tables = new DataTables(this, 'Tables', {
      encryptionKey: this.keys.tableEncryptionKey,
      dynamoDbViaService: this.keys.dynamoDbViaService,
    });

    this.queues = new WorkQueues(this, 'Queues', {
      consumerTimeout: SEALED_RECORDS_FUNCTION_TIMEOUT,
    });

    const functions = new Map<string, SealedRecordsFunction>();
    for (const definition of functionDefinitions as readonly FunctionDefinition[]) {
      functions.set(definition.name, this.createFunction(definition, parameters));
    }
    this.functions = functions;
    // Scheduled functions: EventBridge Scheduler invokes them, nothing else does.
    for (const definition of functionDefinitions as readonly FunctionDefinition[]) {
      const fn = functions.get(definition.name);
      if (!definition.schedule || !fn) continue;
      const id = pascalCase(definition.name);
      // Its own role, trusting the scheduler of this account only, invoking this function only.
      const role = new Role(this, `${id}ScheduleRole`, {
        assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
        }),
        description: `EventBridge Scheduler invoking ${definition.name}.`,
      });
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
      );
      Validations.of(role).acknowledge({
        id: 'NIST.800.53.R5-IAMNoInlinePolicy',
        reason:
          'One statement for this schedule alone (invoke one function), living and dying with ' +
          'the role; a managed policy could be attached to other principals.',
      });
      Validations.of(role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(fn.node.defaultChild as CfnFunction)}.Arn>:*]`,
        reason:
          'The scheduler target grants invoke on the function and its versions (`arn:*`): ' +
          'still this one function only.',
      });
      new Schedule(this, `${id}Schedule`, {
        description: `Invokes ${definition.name}: ${definition.description}`,
        schedule: ScheduleExpression.expression(definition.schedule),
        target: new LambdaInvoke(fn, { retryAttempts: 2, role }),
      });
    }
    // Synchronous invocations between functions: exactly the ones each definition names.
    for (const definition of functionDefinitions as readonly FunctionDefinition[]) {
      const caller = functions.get(definition.name);
      for (const { function: calleeName, envVar } of definition.invokes ?? []) {
        const callee = functions.get(calleeName);
        if (!caller || !callee) throw new Error(`${definition.name} invokes unknown ${calleeName}`);
        caller.addEnvironment(envVar, callee.functionName);
        caller.serviceRole.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['lambda:InvokeFunction'],
            resources: [callee.functionArn],
          }),
        );
      }
    }

    const edgeClientCertificate = new EdgeClientCertificate(this, 'EdgeClientCertificate', {
      generation: parameters.edgeClientCertificateGeneration,
      logRetention: parameters.logRetentionDays,
      logEncryptionKey: this.keys.observabilityKey,
    });
    this.api = new OriginHttpApi(this, 'Api', {
      functions,
      oidcIssuer: parameters.oidcIssuer,
      oidcAudience: parameters.oidcAudience,
      originDomain: parameters.originDomain,
      certificate: Certificate.fromCertificateArn(
        this,
        'OriginCertificate',
        originCertificateArn.valueAsString,
      ),
      truststore: edgeClientCertificate.truststore,
      rateLimit: parameters.apiRateLimit,
      burstLimit: parameters.apiBurstLimit,
      logRetention: parameters.logRetentionDays,
      logEncryptionKey: this.keys.observabilityKey,
    });
    this.edge = new PublicEdge(this, 'Edge', {
      issuerDomain: parameters.issuerDomain,
      certificate: Certificate.fromCertificateArn(
        this,
        'EdgeCertificate',
        edgeCertificateArn.valueAsString,
      ),
      originDomain: parameters.originDomain,
      clientCertificate: edgeClientCertificate.clientCertificate,
      rateLimit: parameters.apiRateLimit,
      burstLimit: parameters.apiBurstLimit,
      rateLimitPerIp: parameters.edgeRateLimitPerIp,
      logRetention: parameters.logRetentionDays,
      logEncryptionKey: this.keys.observabilityKey,
      tracing: parameters.tracing,
      manageAccountRole: parameters.manageApiGatewayAccountRole,
    });
    // The origin's domain (with its truststore) must exist before the edge can reach it.
    this.edge.node.addDependency(this.api.domainName);

    this.monitoring = new Monitoring(this, 'Monitoring', {
      encryptionKey: this.keys.observabilityKey,
      alarmEmail: parameters.alarmEmail,
      functions: [...functions.values()],
      originStage: this.api.stage,
      edgeApi: this.edge.restApi,
      deadLetterQueues: (queues as readonly QueueDefinition[]).map(({ logicalName }) => ({
        name: logicalName,
        queue: this.queues.deadLetters(logicalName as never),
      })),
      apiLatencyP99Millis: parameters.apiLatencyP99Millis,
      kmsSymmetricQuotaPerSecond: parameters.kmsSymmetricQuotaPerSecond,
      kmsEccQuotaPerSecond: parameters.kmsEccQuotaPerSecond,
      kmsQuotaAlarmRatio: parameters.kmsQuotaAlarmRatio,
    });

    this.bulkImport = this.createBulkImport(parameters);
    this.addOutputs(parameters);
  }

  /** MaxConcurrency from the quotas (infra/bulkImportCapacity.ts), never past the function's own. */
  private createBulkImport(parameters: DeploymentParameters): BulkImport {
    const fn = this.functions.get(bulkImportFunction.name);
    if (!fn) throw new Error('no bulk-import function');
    const capacity = bulkImportCapacity(parameters, BATCH_LINES_IN_FLIGHT);
    return new BulkImport(this, 'BulkImport', {
      fn,
      maxConcurrency: Math.min(
        capacity.maxConcurrency,
        reservedConcurrencyOf(parameters, bulkImportFunction.name),
      ),
      alarmTopic: this.monitoring.alarmTopic,
      logEncryptionKey: this.keys.observabilityKey,
      logRetention: parameters.logRetentionDays,
      tracing: parameters.tracing,
    });
  }

  private createFunction(
    definition: FunctionDefinition,
    parameters: DeploymentParameters,
  ): SealedRecordsFunction {
    const id = `${pascalCase(definition.name)}Function`;
    const environment = commonEnvironment(parameters);
    for (const tableDefinition of tables) {
      if (tableDefinition.logicalName in definition.tables) {
        environment[tableDefinition.envVar] = this.tables.table(
          tableDefinition.logicalName,
        ).tableName;
      }
    }
    for (const keyName of Object.keys(definition.keys) as KeyName[]) {
      environment[keyEnvironmentVariables[keyName]] = this.keys.environmentValue(keyName);
    }
    for (const queue of queues as readonly QueueDefinition[]) {
      if (definition.sends?.includes(queue.logicalName as never)) {
        environment[queue.envVar] = this.queues.queue(queue.logicalName as never).queueUrl;
      }
    }

    const fn = new SealedRecordsFunction(this, id, {
      definition,
      environment,
      logRetention: parameters.logRetentionDays,
      logEncryptionKey: this.keys.observabilityKey,
      reservedConcurrentExecutions: reservedConcurrencyOf(parameters, definition.name),
      tracing: parameters.tracing,
    });
    for (const [tableName, access] of Object.entries(definition.tables) as [
      TableName,
      TableAccess,
    ][]) {
      this.tables.bind(fn.serviceRole, tableName, access);
    }
    for (const [keyName, access] of Object.entries(definition.keys) as [KeyName, KeyAccess][]) {
      this.keys.bind(fn.serviceRole, id, keyName, access);
    }
    for (const queue of definition.sends ?? []) this.queues.bindSender(fn.serviceRole, queue);
    if (definition.consumes) this.queues.bindConsumer(fn, definition.consumes);
    acknowledgeFunctionFindings(fn, definition);
    return fn;
  }

  private addOutputs(parameters: DeploymentParameters): void {
    new CfnOutput(this, 'IssuerDid', { value: `did:web:${parameters.issuerDomain}` });
    new CfnOutput(this, 'EdgeDomainTarget', {
      description: `DNS: CNAME ${parameters.issuerDomain} to this.`,
      value: this.edge.restApi.domainName?.domainNameAliasDomainName ?? '',
    });
    new CfnOutput(this, 'OriginDomainTarget', {
      description: `DNS: CNAME ${parameters.originDomain} to this (reachable with mTLS only).`,
      value: this.api.domainName.regionalDomainName,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'BulkImportBucket', { value: this.bulkImport.bucket.bucketName });
    new CfnOutput(this, 'BulkImportStateMachineArn', {
      value: this.bulkImport.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'BulkImportOperatorRoleArn', {
      value: this.bulkImport.operatorRole.roleArn,
    });
    for (const { id, status, key } of this.keys.signingKeys) {
      new CfnOutput(this, `SigningKeyArn${pascalCase(id.replace(/[^A-Za-z0-9]/g, '-'))}`, {
        description: `Signing key "${id}" (${status}).`,
        value: key.keyArn,
      });
    }
  }
}

function reservedConcurrencyOf(parameters: DeploymentParameters, name: string): number {
  const reserved = parameters.reservedConcurrency[name];
  if (reserved === undefined) throw new Error(`no reserved concurrency for ${name}`);
  return reserved;
}

/**
 * Findings of the AWS Solutions and NIST 800-53 r5 packs that every function of this app
 * answers the same way, acknowledged on the function, its role and its log group.
 */
function acknowledgeFunctionFindings(
  fn: SealedRecordsFunction,
  definition: FunctionDefinition,
): void {
  const on = Validations.of(fn);
  on.acknowledge({
    id: 'NIST.800.53.R5-LambdaDLQ',
    reason: definition.consumes
      ? 'Invoked by an SQS event source mapping: failed messages go to the dead-letter queue ' +
        'of the source queue (maxReceiveCount), which is where Lambda DLQs do not apply.'
      : definition.invokedBy === 'state-machine'
        ? 'Invoked synchronously by its state machine only: a failed batch is retried by the ' +
          'state machine and then fails the execution (alarmed); a DLQ applies to async invocations.'
        : definition.schedule
          ? 'Invoked by EventBridge Scheduler, which retries; a missed run is made good by the ' +
            'next one (each run signs every chain head not yet signed).'
          : definition.produces
            ? 'Invoked synchronously (RequestResponse) by the inquiry function only: a failure ' +
              'returns to that caller as a 503; a dead-letter queue applies to async invocations.'
            : 'Invoked synchronously by API Gateway only: a failure is returned to the caller (503, ' +
              'retry with the same Idempotency-Key); a dead-letter queue applies to async invocations.',
  });
  on.acknowledge({
    id: 'NIST.800.53.R5-LambdaInsideVPC',
    reason:
      'The function reaches only DynamoDB, KMS, CloudWatch and X-Ray over TLS with SigV4 and ' +
      'holds no network-reachable resource; access is bounded by IAM and key policies, not ' +
      'by network position. docs/deploy.md describes the VPC-endpoint variant.',
  });
  Validations.of(fn.serviceRole).acknowledge({
    id: 'NIST.800.53.R5-IAMNoInlinePolicy',
    reason:
      "The role's statements are written for this one function by the bind helpers and live " +
      'and die with its role; a managed policy could be attached to other principals, which ' +
      'for the certificate role would defeat DESIGN.md invariant 2.',
  });
  Validations.of(fn.serviceRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level ' +
      'permissions; nothing else in this role has a wildcard resource.',
  });
}
