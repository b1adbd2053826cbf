/**
 * The whole deployment in one stack, assembled from the single sources of truth in
 * `shared/definitions/`: tables from tables.ts, one function per entry of functions.ts with
 * exactly the access it declares, routes from routes.ts, environment from shared/config.ts.
 */
import {
  CfnOutput,
  CfnParameter,
  Duration,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { type CfnFunction, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { environmentVariables as v } from '#shared/definitions/environment.ts';
import {
  bulkImportFunction,
  type FunctionDefinition,
  functionDefinitions,
  type KeyAccess,
  type TableAccess,
} from '#shared/definitions/functions.ts';
import { type KeyName, keyDefinitions } from '#shared/definitions/keys.ts';
import { type QueueDefinition, queues } from '#shared/definitions/queues.ts';
import { type TableName, tables } from '#shared/definitions/tables.ts';
import { BATCH_LINES_IN_FLIGHT } from '#shared/usecases/importRecords.ts';
import { bulkImportCapacity } from './bulkImportCapacity.ts';
import { BulkImport } from './constructs/bulkImport.ts';
import { DataTables } from './constructs/dataTables.ts';
import { KeyRing } from './constructs/keyRing.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { PublicEdge } from './constructs/publicEdge.ts';
import {
  bundledFilePath,
  SEALED_RECORDS_FUNCTION_TIMEOUT,
  SealedRecordsFunction,
} from './constructs/sealedRecordsFunction.ts';
import { WorkQueues } from './constructs/workQueues.ts';
import { pascalCase } from './naming.ts';
import type { DeploymentParameters } from './parameters.ts';

/** Values every function reads through shared/config.ts, whatever it touches. */
export function commonEnvironment(parameters: DeploymentParameters): Record<string, string> {
  return {
    [v.keyProvider.name]: 'kms',
    [v.issuerDid.name]: `did:web:${parameters.issuerDomain}`,
    [v.issuerBaseUrl.name]: `https://${parameters.issuerDomain}`,
    [v.credentialValidityDays.name]: String(parameters.credentialValidityDays),
    [v.idempotencyExpirySeconds.name]: String(parameters.idempotencyExpirySeconds),
    [v.powertoolsServiceName.name]: v.powertoolsServiceName.default,
    [v.powertoolsMetricsNamespace.name]: v.powertoolsMetricsNamespace.default,
    [v.powertoolsTracerEnabled.name]: String(parameters.tracing),
  };
}

/**
 * The identity providers the authorizer trusts: deploy-time parameters without defaults, so
 * that a deployment without them fails before anything is created, naming what is missing —
 * never a placeholder issuer that would deploy and refuse every caller (or worse).
 */
export const identityProviderParameters = [
  {
    id: 'CitizenTokenIssuer',
    variable: v.citizenTokenIssuer,
    pattern: '^https://\\S+$',
    what: "the citizens' identity provider's issuer URL (the `iss` of their tokens)",
  },
  {
    id: 'CitizenTokenAudience',
    variable: v.citizenTokenAudience,
    pattern: '^\\S{1,255}$',
    what: 'the audience (`aud`) of citizen tokens for this API',
  },
  {
    id: 'CitizenJwksUrl',
    variable: v.citizenJwksUrl,
    pattern: '^https://\\S+$',
    what: "the citizens' identity provider's JWKS URL (HTTPS)",
  },
  {
    id: 'StaffTokenIssuer',
    variable: v.staffTokenIssuer,
    pattern: '^https://\\S+$',
    what: "the agencies' identity provider's issuer URL (the `iss` of staff tokens)",
  },
  {
    id: 'StaffTokenAudience',
    variable: v.staffTokenAudience,
    pattern: '^\\S{1,255}$',
    what: 'the audience (`aud`) of staff tokens for this API',
  },
  {
    id: 'StaffJwksUrl',
    variable: v.staffJwksUrl,
    pattern: '^https://\\S+$',
    what: "the agencies' identity provider's JWKS URL (HTTPS)",
  },
] as const;

export type SealedRecordsStackProps = StackProps & { parameters: DeploymentParameters };

export class SealedRecordsStack extends Stack {
  readonly keys: KeyRing;
  readonly tables: DataTables;
  readonly queues: WorkQueues;
  readonly functions: ReadonlyMap<string, SealedRecordsFunction>;
  readonly edge: PublicEdge;
  readonly monitoring: Monitoring;
  readonly bulkImport: BulkImport;
  /** Where the audit sequencer's stream batches go once every retry failed. */
  readonly auditSequencerFailures: Queue;

  constructor(scope: Construct, id: string, props: SealedRecordsStackProps) {
    super(scope, id, props);
    const { parameters } = props;

    // Certificates are issued for the agency's domains outside this stack (ACM, DNS
    // validation): deploy-time parameters, so that synthesis needs no account.
    const edgeCertificateArn = new CfnParameter(this, 'EdgeCertificateArn', {
      description: `ACM certificate (this region) for ${parameters.issuerDomain}.`,
      allowedPattern: '^arn:aws[a-z-]*:acm:[a-z0-9-]+:\\d{12}:certificate/.+$',
    });
    const identityProviders: Record<string, string> = {};
    for (const { id: parameterId, variable, pattern, what } of identityProviderParameters) {
      identityProviders[variable.name] = new CfnParameter(this, parameterId, {
        description: `Required: ${what}.`,
        allowedPattern: pattern,
        constraintDescription: `${parameterId} must be ${what}; deploy with --parameters ${parameterId}=…`,
      }).valueAsString;
    }

    this.keys = new KeyRing(this, 'Keys', {
      signingKeys: parameters.signingKeys,
      documentSigningKeys: {
        letterSigningKey: parameters.letterSigningKeys,
        walletSigningKey: parameters.walletSigningKeys,
        approvalSigningKey: parameters.approvalSigningKeys,
      },
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
      functions.set(
        definition.name,
        this.createFunction(definition, parameters, definition.authorizes ? identityProviders : {}),
      );
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

    const sequencerFailures = this.createStreamSources(functions);
    this.auditSequencerFailures = sequencerFailures.failures;

    const authorizer = [...functions.values()].find((fn) => fn.definition.authorizes);
    if (!authorizer) throw new Error('no authorizer function in functions.ts');
    this.edge = new PublicEdge(this, 'Edge', {
      issuerDomain: parameters.issuerDomain,
      certificate: Certificate.fromCertificateArn(
        this,
        'EdgeCertificate',
        edgeCertificateArn.valueAsString,
      ),
      functions,
      authorizer,
      rateLimit: parameters.apiRateLimit,
      burstLimit: parameters.apiBurstLimit,
      rateLimitPerIp: parameters.edgeRateLimitPerIp,
      rateLimitIssuancePerIp: parameters.edgeRateLimitIssuancePerIp,
      agencyNetworks: parameters.agencyNetworks,
      rateLimitPerAgencyNetwork: parameters.edgeRateLimitPerAgencyNetwork,
      logRetention: parameters.logRetentionDays,
      logEncryptionKey: this.keys.observabilityKey,
      manageAccountRole: parameters.manageApiGatewayAccountRole,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      encryptionKey: this.keys.observabilityKey,
      alarmEmail: parameters.alarmEmail,
      functions: [...functions.values()],
      edgeApi: this.edge.restApi,
      webAcl: this.edge.webAcl,
      tables: this.tables.all.map(({ definition, table }) => ({
        name: definition.logicalName,
        table,
      })),
      apiClientErrorRatio: parameters.apiClientErrorRatio,
      deadLetterQueues: (queues as readonly QueueDefinition[]).map(({ logicalName }) => ({
        name: logicalName,
        queue: this.queues.deadLetters(logicalName as never),
      })),
      workQueues: (queues as readonly QueueDefinition[]).map(({ logicalName }) => ({
        name: logicalName,
        queue: this.queues.queue(logicalName as never),
      })),
      apiLatencyP99Millis: parameters.apiLatencyP99Millis,
      kmsSymmetricQuotaPerSecond: parameters.kmsSymmetricQuotaPerSecond,
      kmsEccQuotaPerSecond: parameters.kmsEccQuotaPerSecond,
      kmsQuotaAlarmRatio: parameters.kmsQuotaAlarmRatio,
      auditSequencer: sequencerFailures,
    });

    this.bulkImport = this.createBulkImport(parameters);
    this.addOutputs(parameters);
  }

  /**
   * Functions invoked by a table's stream (the audit sequencer): from the oldest record, up
   * to 1000 records or 1 s at a time, one batch per shard at a time; a failed batch is
   * bisected and retried, and after ten attempts its description goes to a queue (the
   * records stay in the stream for 24 h, and a sweep sequences them after).
   */
  private createStreamSources(functions: ReadonlyMap<string, SealedRecordsFunction>): {
    fn: SealedRecordsFunction;
    failures: Queue;
  } {
    const streamed = [...functions.values()].filter((fn) => fn.definition.streams);
    const [fn] = streamed;
    if (!fn?.definition.streams || streamed.length !== 1) {
      throw new Error('exactly one function (the audit sequencer) is invoked by a stream');
    }
    const table = this.tables.table(fn.definition.streams);
    if (!table.tableStreamArn) throw new Error(`${fn.definition.streams} has no stream`);
    const failures = new Queue(this, `${pascalCase(fn.definition.name)}StreamFailures`, {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(failures).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the on-failure destination of the stream event source mapping ' +
        '(batches the sequencer gave up on, described by shard and sequence numbers); nothing ' +
        'consumes it but an operator, so it needs no dead-letter queue of its own.',
    });
    fn.addEventSourceMapping('EventsStream', {
      eventSourceArn: table.tableStreamArn,
      startingPosition: StartingPosition.TRIM_HORIZON,
      batchSize: 1000,
      maxBatchingWindow: Duration.seconds(1),
      parallelizationFactor: 1,
      bisectBatchOnError: true,
      retryAttempts: 10,
      onFailure: new SqsDlq(failures),
    });
    return { fn, failures };
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
      agencies: parameters.bulkImportAgencies,
    });
  }

  private createFunction(
    definition: FunctionDefinition,
    parameters: DeploymentParameters,
    extraEnvironment: Record<string, string>,
  ): SealedRecordsFunction {
    const id = `${pascalCase(definition.name)}Function`;
    const environment = { ...commonEnvironment(parameters), ...extraEnvironment };
    for (const tableDefinition of tables) {
      if (tableDefinition.logicalName in definition.tables) {
        environment[tableDefinition.envVar] = this.tables.table(
          tableDefinition.logicalName,
        ).tableName;
      }
    }
    for (const keyName of Object.keys(definition.keys) as KeyName[]) {
      environment[keyDefinitions[keyName].envVar] = this.keys.environmentValue(
        keyName,
        definition.name,
      );
    }
    for (const { variable, source } of definition.bundledFiles ?? []) {
      environment[v[variable].name] = bundledFilePath(source);
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
      this.tables.bind(fn.serviceRole, tableName, access, definition.name);
    }
    for (const [keyName, access] of Object.entries(definition.keys) as [KeyName, KeyAccess][]) {
      this.keys.bind(fn.serviceRole, definition.name, keyName, access);
    }
    for (const queue of definition.sends ?? []) this.queues.bindSender(fn.serviceRole, queue);
    if (definition.consumes) {
      this.queues.bindConsumer(
        fn,
        definition.consumes,
        reservedConcurrencyOf(parameters, definition.name),
      );
    }
    acknowledgeFunctionFindings(fn, definition);
    return fn;
  }

  private addOutputs(parameters: DeploymentParameters): void {
    new CfnOutput(this, 'IssuerDid', { value: `did:web:${parameters.issuerDomain}` });
    new CfnOutput(this, 'EdgeDomainTarget', {
      description: `DNS: CNAME ${parameters.issuerDomain} to this.`,
      value: this.edge.restApi.domainName?.domainNameAliasDomainName ?? '',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.alarmTopic.topicArn });
    new CfnOutput(this, 'BulkImportBucket', { value: this.bulkImport.bucket.bucketName });
    new CfnOutput(this, 'BulkImportStateMachineArn', {
      value: this.bulkImport.stateMachine.stateMachineArn,
    });
    for (const [agency, role] of this.bulkImport.operatorRoles) {
      new CfnOutput(
        this,
        `BulkImportOperatorRoleArn${pascalCase(agency.replace(/[^A-Za-z0-9]/g, '-'))}`,
        {
          description: `Assumed by the bulk import operators of ${agency}.`,
          value: role.roleArn,
        },
      );
    }
    for (const [keyName, keys] of Object.entries(this.keys.signingKeysOf)) {
      for (const { id, status, key } of keys) {
        new CfnOutput(this, `SigningKeyArn${pascalCase(id.replace(/[^A-Za-z0-9]/g, '-'))}`, {
          description: `Signing key "${id}" (${status}) of ${keyName}.`,
          value: key.keyArn,
        });
      }
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
    reason: definition.streams
      ? 'Invoked by a DynamoDB stream event source mapping: a batch that fails every retry is ' +
        'described in its on-failure queue (alarmed), and a sweep sequences its records.'
      : definition.consumes
        ? 'Invoked by an SQS event source mapping: failed messages go to the dead-letter queue ' +
          'of the source queue (maxReceiveCount), which is where Lambda DLQs do not apply.'
        : definition.invokedBy === 'state-machine'
          ? 'Invoked synchronously by its state machine only: a failed batch is retried by the ' +
            'state machine and then fails the execution (alarmed); a DLQ applies to async invocations.'
          : definition.schedule
            ? 'Invoked by EventBridge Scheduler, which retries; a missed run is made good by the ' +
              'next one (each run signs every chain head not yet signed).'
            : definition.authorizes
              ? 'Invoked synchronously by API Gateway as the Lambda authorizer: a failure is ' +
                'answered 503 by the edge; a dead-letter queue applies to async invocations.'
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
