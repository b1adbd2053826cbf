/**
 * Bulk import of historical records in AWS (docs/bulk-import.md): an agency's operator puts
 * an NDJSON file (one `POST /v1/records` body a line) in a private, versioned, KMS-encrypted
 * bucket, at `imports/<role>/<org>/<sts:SourceIdentity>/<file>` — the only place that agency's
 * operator role may write, so the key itself says which agency and which official submit the
 * file (the source identity the agency's identity provider sets on the role session, which
 * the official cannot choose, unlike a session name) — and starts the state machine with `{"key": "…"}`. Role, org and
 * official are taken from the key, never from the execution input, which anyone allowed to
 * start an import could write: an import is refused exactly what `POST /v1/records` refuses
 * that agency. A Step Functions
 * distributed map reads the file as JSON Lines, hands it in batches to the bulk-import
 * function — the ingestion's use case, idempotent by each record's natural key, so a
 * retried batch creates nothing twice — and writes every batch's counts and rejects (line
 * numbers and codes, never content) back under `results/<role>/<org>/`.
 *
 * `MaxConcurrency` comes from the quotas the import shares with live traffic
 * (`bulkImportCapacity`). Batch results hold no personal data; the batches themselves do,
 * so child executions are Express (no execution history kept), logs carry no execution
 * data, and a batch that still fails after its retries is caught inside its child execution:
 * the result writer would otherwise copy a failed child's input — the records — to S3.
 *
 * Every permission here is written out by hand — the state machine's role is handed to
 * Step Functions immutable, so nothing is added to it behind these lines — and each key
 * use is stated twice, in the role's policy and, naming the role, in the key's policy (as
 * `KeyRing.bind` does).
 */
import {
  ArnFormat,
  Aws,
  type CfnElement,
  Duration,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import {
  type Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import {
  AccountRootPrincipal,
  ArnPrincipal,
  Effect,
  type IRole,
  Policy,
  PolicyDocument,
  PolicyStatement,
  PrincipalWithConditions,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { type IKey, Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import {
  Choice,
  Condition,
  DefinitionBody,
  DistributedMap,
  Fail,
  ItemBatcher,
  JitterType,
  LogLevel,
  OutputType,
  Pass,
  QueryLanguage,
  ResultWriterV2,
  S3JsonLItemReader,
  StateMachine,
  StateMachineType,
  Transformation,
  WriterConfig,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { type AgencyRole, agencyRoles } from '#shared/domain/agencies.ts';
import { pascalCase } from '../naming.ts';
import { keyAdministrationActions } from './keyRing.ts';
import type { SealedRecordsFunction } from './sealedRecordsFunction.ts';

/** Where operators put import files, and where the map writes its results. */
export const IMPORTS_PREFIX = 'imports/';
export const RESULTS_PREFIX = 'results/';

/** Lines per batch, and the batch's size limit (the most Step Functions allows). */
export const LINES_PER_BATCH = 100;
export const MAX_BATCH_BYTES = 256 * 1024;

/**
 * Part `index` of the import's object key `imports/<role>/<org>/<sts:SourceIdentity>/<file>` (JSONata):
 * 1 the agency's role, 2 its org, 3 the official's role session, as IAM let them write there.
 */
const keyPart = (index: 1 | 2 | 3) => `$split($states.input.key, '/')[${index}]`;

/** The label of the map run: it names child executions and their redrive ARNs. */
const MAP_LABEL = 'ImportLines';

/** Share of rejected lines, over 15 minutes, that raises the reject-rate alarm. */
export const REJECT_RATE_ALARM_PERCENT = 5;

export type BulkImportProps = {
  /** The bulk-import function (shared/definitions/functions.ts). */
  fn: SealedRecordsFunction;
  maxConcurrency: number;
  alarmTopic: ITopic;
  logEncryptionKey: IKey;
  logRetention: RetentionDays;
  tracing: boolean;
  /** The agencies that import, each given its own operator role. */
  agencies: readonly { role: AgencyRole; org: string }[];
  /** Days an import file is kept after upload (it holds personal data in plain JSON). */
  importFileRetentionDays?: number;
};

export class BulkImport extends Construct {
  readonly filesKey: Key;
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  readonly stateMachine: StateMachine;
  /** The state machine's role: exactly the statements below. */
  readonly stateMachineRole: Role;
  /**
   * One per agency of `bulkImportAgencies`, keyed `<role>/<org>`: assumed by that agency's
   * operators to upload its files, start imports and read its results.
   */
  readonly operatorRoles: ReadonlyMap<string, Role>;
  readonly alarms: { failed: Alarm; timedOut: Alarm; rejectRate: Alarm };

  /**
   * Named from the stack, account and region, so that the key policy can name the bucket
   * without the bucket and its key referring to each other.
   */
  private readonly bucketName: string;

  constructor(scope: Construct, id: string, props: BulkImportProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.bucketName = `${stack.stackName.toLowerCase().slice(0, 24)}-import-files-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    const suffix = Token.isUnresolved(stack.region)
      ? stack.urlSuffix
      : (RegionInfo.get(stack.region).domainSuffix ?? stack.urlSuffix);
    const s3ViaService = `s3.${stack.region}.${suffix}`;

    this.filesKey = new Key(this, 'FilesKey', {
      description:
        'Encrypts bulk-import files (historical records in plain JSON) and their results in ' +
        'S3; usable only through S3, by the import state machine and the operator role.',
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AccountAdministersKeyWithoutUsingIt',
            principals: [new AccountRootPrincipal()],
            actions: keyAdministrationActions,
            resources: ['*'],
          }),
        ],
      }),
    });

    // S3 server access logs cannot be delivered to a bucket encrypted with SSE-KMS.
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(props.logRetention) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const [ruleId, reason] of [
      [
        'AwsSolutions-S1',
        'This bucket receives the server access logs of the import-files bucket; logging ' +
          'its own access would recurse. Reads of it are recorded by CloudTrail.',
      ],
      [
        'NIST.800.53.R5-S3BucketLoggingEnabled',
        'This bucket receives the server access logs of the import-files bucket; logging ' +
          'its own access would recurse. Reads of it are recorded by CloudTrail.',
      ],
      [
        'NIST.800.53.R5-S3DefaultEncryptionKMS',
        'S3 delivers server access logs only to buckets encrypted with SSE-S3, not SSE-KMS; ' +
          'the logs hold request metadata (object keys), never the files.',
      ],
      [
        'NIST.800.53.R5-S3BucketReplicationEnabled',
        'Access logs of a single-region batch job, versioned and retained for the log ' +
          'retention period; cross-region replication would move them out of the region.',
      ],
    ] as const) {
      Validations.of(this.accessLogs).acknowledge({ id: ruleId, reason });
    }

    this.bucket = new Bucket(this, 'Files', {
      bucketName: this.bucketName,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.filesKey,
      // One data key per bucket and period instead of one KMS call per object read.
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'import-files/',
      lifecycleRules: [
        {
          prefix: IMPORTS_PREFIX,
          expiration: Duration.days(props.importFileRetentionDays ?? 30),
          noncurrentVersionExpiration: Duration.days(1),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        {
          prefix: RESULTS_PREFIX,
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An upload that names another encryption is refused; one that names none — `aws s3 cp`
    // as documented, the map's result writer — gets the bucket's default, SSE-KMS under the
    // files key. (`…IfExists` would refuse those too: the header is absent, not `aws:kms`.)
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyObjectsEncryptedOtherwiseThanWithKms',
        effect: Effect.DENY,
        principals: [new AccountRootPrincipal()],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: {
          StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
          Null: { 's3:x-amz-server-side-encryption': 'false' },
        },
      }),
    );
    Validations.of(this.bucket).acknowledge({
      id: 'NIST.800.53.R5-S3BucketReplicationEnabled',
      reason:
        'Import files are transient inputs (expired after the import) and results are ' +
        'reproducible by running the import again; they stay in the region of the records.',
    });

    this.stateMachineRole = new Role(this, 'StateMachineRole', {
      assumedBy: new ServicePrincipal('states.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'states',
              resource: 'stateMachine',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
      description:
        'Bulk-import state machine: reads import files, invokes the bulk-import function, writes results.',
    });

    const logGroup = new LogGroup(this, 'StateMachineLogs', {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      queryLanguage: QueryLanguage.JSONATA,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(this.definition(props)),
      role: this.stateMachineRole.withoutPolicyUpdates(),
      // 35 million records at the documented rate take about a day and a half.
      timeout: Duration.days(7),
      tracingEnabled: props.tracing,
      // Every state transition, never the data: the records are personal data.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
      comment: 'Bulk import of historical records (docs/bulk-import.md).',
    });
    if (!props.tracing) {
      Validations.of(this.stateMachine).acknowledge({
        id: 'AwsSolutions-SF2',
        reason:
          'Tracing is off where X-Ray is not offered (the AWS China Regions: the `tracing` ' +
          'parameter, docs/deploy.md); transitions are logged, without execution data.',
      });
    }
    // CDK builds this policy for a role it manages; this role's statements are all below.
    this.stateMachine.node.tryRemoveChild('DistributedMapPolicy');
    this.grantStateMachine(props.fn, s3ViaService);
    // Step Functions checks at creation that the role may deliver logs.
    this.stateMachine.node.addDependency(this.stateMachineRole);

    const operatorRoles = new Map<string, Role>();
    props.agencies.forEach(({ role: agencyRole, org }, index) => {
      const agency = `${agencyRole}/${org}`;
      if (operatorRoles.has(agency)) throw new Error(`bulkImportAgencies names ${agency} twice`);
      const id = `Operator${pascalCase(`${agencyRole}-${org}`.replace(/[^A-Za-z0-9]/g, '-'))}`;
      // Assumed only with a source identity — set by the agency's identity provider (SAML or
      // OIDC federation, `SourceIdentity` attribute), kept by every role chained from it and
      // logged by CloudTrail — which names the official in the key the files go under.
      const withSourceIdentity = {
        StringLike: { 'sts:SourceIdentity': '?*' },
      };
      const role = new Role(this, id, {
        assumedBy: new PrincipalWithConditions(new AccountRootPrincipal(), withSourceIdentity),
        description:
          `Bulk import operators of ${agency}: upload its files, start imports, read its ` +
          'results. Grant sts:AssumeRole on it to the staff of that agency who run imports.',
      });
      role.assumeRolePolicy?.addStatements(
        new PolicyStatement({
          actions: ['sts:SetSourceIdentity'],
          principals: [new AccountRootPrincipal()],
          conditions: withSourceIdentity,
        }),
      );
      this.grantOperator(role, agency, index + 1, s3ViaService);
      operatorRoles.set(agency, role);
    });
    this.operatorRoles = operatorRoles;

    this.alarms = this.createAlarms(props.alarmTopic);
  }

  /** Check the input; read the file as JSON Lines; batches to the function; results to S3. */
  private definition(props: BulkImportProps) {
    const ingestBatch = LambdaInvoke.jsonata(this, 'IngestBatch', {
      lambdaFunction: props.fn,
      outputs: '{% $states.result.Payload %}',
      // Retried below, for every error: a retried batch is idempotent by natural key.
      retryOnServiceExceptions: false,
    });
    ingestBatch.addRetry({
      errors: ['States.ALL'],
      interval: Duration.seconds(2),
      backoffRate: 2,
      maxAttempts: 6,
      maxDelay: Duration.seconds(60),
      jitterStrategy: JitterType.FULL,
    });
    // A failed child execution's result is written as is, its input — the batch's records —
    // included: the failure is caught here and becomes a result of line numbers and the
    // error's name. The function's error alarm has already fired; the import is run again.
    ingestBatch.addCatch(Pass.jsonata(this, 'BatchFailed'), {
      errors: ['States.ALL'],
      outputs: {
        failed: true,
        firstLine: '{% $states.input.Items[0].line %}',
        lastLine: '{% $states.input.Items[-1].line %}',
        error: '{% $states.errorOutput.Error %}',
      },
    });

    const importLines = DistributedMap.jsonata(this, 'ImportLines', {
      label: MAP_LABEL,
      itemReader: new S3JsonLItemReader({
        bucket: this.bucket,
        key: '{% $states.input.key %}',
      }),
      // The line number travels with the line: rejects name it, never the content.
      itemSelector: {
        line: '{% $states.context.Map.Item.Index + 1 %}',
        record: '{% $states.context.Map.Item.Value %}',
      },
      itemBatcher: new ItemBatcher({
        maxItemsPerBatch: LINES_PER_BATCH,
        maxInputBytesPerBatch: MAX_BATCH_BYTES,
        batchInput: {
          role: `{% ${keyPart(1)} %}`,
          org: `{% ${keyPart(2)} %}`,
          sub: `{% ${keyPart(3)} %}`,
        },
      }),
      maxConcurrency: props.maxConcurrency,
      // Express children keep no execution history: batches hold personal data.
      mapExecutionType: StateMachineType.EXPRESS,
      // A child fails only on a fault of Step Functions itself (a batch's own failure is
      // caught in it): that fails the import and raises its alarm.
      toleratedFailurePercentage: 0,
      resultWriterV2: new ResultWriterV2({
        bucket: this.bucket,
        // Each agency reads its own imports' results only.
        prefix: `{% '${RESULTS_PREFIX}' & ${keyPart(1)} & '/' & ${keyPart(2)} & '/' %}`,
        writerConfig: new WriterConfig({
          outputType: OutputType.JSONL,
          transformation: Transformation.COMPACT,
        }),
      }),
    });
    importLines.itemProcessor(ingestBatch);

    const roles = agencyRoles.map((role) => `'${role}'`).join(', ');
    return Choice.jsonata(this, 'CheckInput')
      .when(
        Condition.jsonata(
          "{% $type($states.input.key) = 'string'" +
            ` and $substring($states.input.key, 0, ${IMPORTS_PREFIX.length}) = '${IMPORTS_PREFIX}'` +
            ` and $count($split($states.input.key, '/')) >= 5 and ${keyPart(1)} in [${roles}]` +
            ` and $length(${keyPart(2)}) >= 1 and $length(${keyPart(2)}) <= 100` +
            ` and $length(${keyPart(3)}) >= 1 and $length(${keyPart(3)}) <= 255 %}`,
        ),
        importLines,
      )
      .otherwise(
        Fail.jsonata(this, 'InvalidInput', {
          error: 'InvalidImportInput',
          cause:
            'Start an import with {"key": "imports/<role>/<org>/<sts:SourceIdentity>/<file>.ndjson"}: ' +
            'the key the agency operator role uploaded it to.',
        }),
      );
  }

  /** Exactly what the state machine does, and nothing else. */
  private grantStateMachine(fn: SealedRecordsFunction, s3ViaService: string): void {
    const role = this.stateMachineRole;
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadImportFiles',
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${IMPORTS_PREFIX}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteResults',
        actions: [
          's3:AbortMultipartUpload',
          's3:GetObject',
          's3:ListMultipartUploadParts',
          's3:PutObject',
        ],
        resources: [this.bucket.arnForObjects(`${RESULTS_PREFIX}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeBulkImportFunction',
        actions: ['lambda:InvokeFunction'],
        resources: [fn.functionArn],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'DeliverLogsAndTraces',
        actions: [
          'logs:CreateLogDelivery',
          'logs:DeleteLogDelivery',
          'logs:DescribeLogGroups',
          'logs:DescribeResourcePolicies',
          'logs:GetLogDelivery',
          'logs:ListLogDeliveries',
          'logs:PutResourcePolicy',
          'logs:UpdateLogDelivery',
          'xray:GetSamplingRules',
          'xray:GetSamplingTargets',
          'xray:PutTelemetryRecords',
          'xray:PutTraceSegments',
        ],
        resources: ['*'],
      }),
    );
    this.bindFilesKey(role, 'StateMachine', ['kms:Decrypt', 'kms:GenerateDataKey'], s3ViaService);
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'CloudWatch Logs vended-log delivery (logs:*LogDelivery, resource policies) and X-Ray ' +
        'tracing support no resource-level permissions; nothing else here is on "*".',
    });
    this.acknowledgePrefixes(role, [IMPORTS_PREFIX, RESULTS_PREFIX]);
    Validations.of(role).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "The role's statements are written for this one state machine and live and die with " +
        'it; a managed policy could be attached to other principals.',
    });

    // The map starts its own child executions: a policy apart, since it names the state
    // machine, which must not wait for it.
    const stateMachineName = this.stateMachine.stateMachineName;
    const executions = (suffix: string) =>
      stack.formatArn({
        service: 'states',
        resource: 'execution',
        resourceName: `${stateMachineName}${suffix}`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    const childExecutions = new Policy(this, 'ChildExecutionsPolicy', {
      statements: [
        new PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [this.stateMachine.stateMachineArn],
        }),
        new PolicyStatement({
          actions: ['states:DescribeExecution', 'states:StopExecution'],
          resources: [executions(':*')],
        }),
        new PolicyStatement({
          actions: ['states:RedriveExecution'],
          resources: [executions(`/${MAP_LABEL}:*`)],
        }),
      ],
    });
    role.attachInlinePolicy(childExecutions);
    for (const suffix of [':*', `/${MAP_LABEL}:*`]) {
      Validations.of(childExecutions).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${this.executionsFinding(suffix)}]`,
        reason:
          "The map's child executions get their names at run time: the statement names this " +
          "state machine's executions (and its map run's, for redrive), no other.",
      });
    }
    Validations.of(childExecutions).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "Part of the state machine role's statements, apart only because it names the state " +
        'machine (which must not wait for it); a managed policy could be attached elsewhere.',
    });
  }

  /** cdk-nag's name for this state machine's executions ARN with `suffix`. */
  private executionsFinding(suffix: string): string {
    const stack = Stack.of(this);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const name = `<${stack.getLogicalId(this.stateMachine.node.defaultChild as CfnElement)}.Name>`;
    return `arn:${stack.partition}:states:${stack.region}:${account}:execution:${name}${suffix}`;
  }

  /** Object keys are chosen at run time: statements on a prefix of this bucket. */
  private acknowledgePrefixes(role: IRole, prefixes: string[]): void {
    const bucket = `<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>`;
    for (const prefix of prefixes) {
      Validations.of(role).acknowledge({
        // cdk-nag writes a policy variable `${x}` as `<x>`.
        id: `AwsSolutions-IAM5[Resource::${bucket}/${prefix.replace(/\$\{([^}]+)\}/g, '<$1>')}*]`,
        reason:
          `Object keys under ${prefix} are chosen at run time (one file per import, one result ` +
          'set per run): the statement is limited to that prefix of this one bucket.',
      });
    }
  }

  /**
   * One agency's operators: upload under `imports/<role>/<org>/<their source identity>/` only (so
   * the key names the agency and the role session that uploaded), start and follow imports,
   * read that agency's results.
   */
  private grantOperator(role: Role, agency: string, index: number, s3ViaService: string): void {
    const stack = Stack.of(this);
    const uploads = `${IMPORTS_PREFIX}${agency}/\${aws:SourceIdentity}/`;
    const results = `${RESULTS_PREFIX}${agency}/`;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'UploadImportFiles',
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${uploads}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadResults',
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${results}*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListResults',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${results}*`] } },
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'StartImports',
        actions: ['states:StartExecution'],
        resources: [this.stateMachine.stateMachineArn],
      }),
    );
    const stateMachineName = this.stateMachine.stateMachineName;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'FollowImports',
        actions: ['states:DescribeExecution'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${stateMachineName}:*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    this.bindFilesKey(
      role,
      `Operator${index}`,
      ['kms:Decrypt', 'kms:GenerateDataKey'],
      s3ViaService,
    );
    this.acknowledgePrefixes(role, [uploads, results]);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${this.executionsFinding(':*')}]`,
      reason:
        'Execution names are chosen when an import starts: the statement names the ' +
        'executions of this state machine, no other, and only to describe them.',
    });
    Validations.of(role).acknowledge({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy',
      reason:
        "The role's statements are written for one agency's bulk import operators only; " +
        'a managed policy could be attached to other principals.',
    });
  }

  /** The files key through S3 for this bucket only, in the role's and the key's policy. */
  private bindFilesKey(role: IRole, grantee: string, actions: string[], s3ViaService: string) {
    const conditions = {
      StringEquals: {
        'kms:ViaService': s3ViaService,
        // With S3 Bucket Keys the encryption context names the bucket, not the object.
        'kms:EncryptionContext:aws:s3:arn': Stack.of(this).formatArn({
          service: 's3',
          region: '',
          account: '',
          resource: this.bucketName,
        }),
      },
    };
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions, resources: [this.filesKey.keyArn], conditions }),
    );
    this.filesKey.addToResourcePolicy(
      new PolicyStatement({
        sid: `${grantee}UsesKeyThroughS3`,
        principals: [new ArnPrincipal(role.roleArn)],
        actions,
        resources: ['*'],
        conditions,
      }),
    );
  }

  private createAlarms(topic: ITopic) {
    const action = new SnsAction(topic);
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    const onAny = (id: string, metric: Metric, description: string) => {
      const alarm = metric.createAlarm(this, id, {
        alarmDescription: description,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    };
    const failed = onAny(
      'ImportFailedAlarm',
      this.stateMachine.metricFailed(fiveMinutes),
      'A bulk import failed: a batch kept failing after its retries (see the map run and the ' +
        'bulk-import function logs). Fix the cause and start the same import again: lines ' +
        'already imported come back "already present".',
    );
    const timedOut = onAny(
      'ImportTimedOutAlarm',
      this.stateMachine.metricTimedOut(fiveMinutes),
      'A bulk import ran past the state machine timeout. Start it again: it resumes, lines ' +
        'already imported come back "already present".',
    );
    const lines = (metricName: string) =>
      new Metric({
        namespace: 'SealedRecords',
        metricName,
        dimensionsMap: { service: 'sealed-records' },
        statistic: 'Sum',
        period: Duration.minutes(15),
      });
    const rejectRate = new MathExpression({
      expression: 'IF(lines >= 100, 100 * rejected / lines, 0)',
      label: 'Rejected import lines (%)',
      period: Duration.minutes(15),
      usingMetrics: { lines: lines('ImportLines'), rejected: lines('ImportLinesRejected') },
    }).createAlarm(this, 'ImportRejectRateAlarm', {
      alarmDescription:
        `More than ${REJECT_RATE_ALARM_PERCENT}% of the lines imported in 15 minutes were ` +
        'rejected (of at least 100): the file is likely malformed or imported under the ' +
        'wrong role. Read the rejects in the results; stop the execution if need be.',
      threshold: REJECT_RATE_ALARM_PERCENT,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    rejectRate.addAlarmAction(action);
    rejectRate.addOkAction(action);
    return { failed, timedOut, rejectRate };
  }
}
