/**
 * Bulk import in AWS, proven on the synthesized template: the private, versioned,
 * KMS-encrypted bucket; the state machine's definition (JSON Lines reader, batches, the
 * quota-derived MaxConcurrency, retries, results to S3); exactly the permissions of the
 * state machine, the bulk-import function and the operators; the files key usable only
 * through S3; and the alarms.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BULK_IMPORT_ASSUMPTIONS, bulkImportCapacity } from '#infra/bulkImportCapacity.ts';
import { IMPORTS_PREFIX, RESULTS_PREFIX } from '#infra/constructs/bulkImport.ts';
import { defaultParameters } from '#infra/parameters.ts';
import { bulkImportFunction, ingestRecordFunction } from '#shared/definitions/functions.ts';
import { routes } from '#shared/definitions/routes.ts';
import { BATCH_LINES_IN_FLIGHT } from '#shared/usecases/importRecords.ts';
import {
  allow,
  type CfnResource,
  canonicalJson,
  keyPolicyStatements,
  permissionsOf,
  resourcesOfType,
  roleStatements,
  type Synthesized,
  synthesize,
} from './support.ts';

let synthesized: Synthesized;
/** Two agencies that import, as a deployment names them (`bulkImportAgencies`). */
const AGENCIES = [
  { role: 'court', org: 'court-0105' },
  { role: 'police', org: 'psb.0105' },
] as const;
beforeAll(() => {
  synthesized = synthesize({ bulkImportAgencies: JSON.stringify(AGENCIES) });
});
const operatorRole = (agency: string) => {
  const role = bulk().operatorRoles.get(agency);
  if (!role) throw new Error(`no operator role for ${agency}`);
  return role;
};

const S3_VIA_SERVICE = 's3.cn-north-1.amazonaws.com.cn';

const bulk = () => synthesized.stack.bulkImport;
const resource = (construct: Parameters<Synthesized['logicalId']>[0]): CfnResource =>
  synthesized.template.toJSON().Resources[synthesized.logicalId(construct)];
const objects = (prefix: string) => ({
  'Fn::Join': ['', [synthesized.arnOf(bulk().bucket), `/${prefix}*`]],
});
const permissionsOfRole = (role: Parameters<Synthesized['logicalId']>[0]) =>
  permissionsOf(roleStatements(synthesized.template, synthesized.logicalId(role)));

/** The files bucket's ARN as the key conditions name it (the bucket's own name, no reference). */
function filesKeyCondition() {
  const key = keyPolicyStatements(synthesized.template, synthesized.logicalId(bulk().filesKey));
  const statement = key.find((s) => s.Sid === 'StateMachineUsesKeyThroughS3');
  return statement?.Condition;
}

/** A definition string with every intrinsic replaced by a readable placeholder. */
function definition(): Record<string, unknown> {
  const render = (value: unknown): string => {
    if (typeof value === 'string') return value;
    const intrinsic = value as Record<string, unknown>;
    if ('Ref' in intrinsic) return `<${intrinsic.Ref}>`;
    if ('Fn::GetAtt' in intrinsic) return `<${(intrinsic['Fn::GetAtt'] as string[]).join('.')}>`;
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
    throw new Error(`cannot render ${JSON.stringify(value)}`);
  };
  return JSON.parse(render(resource(bulk().stateMachine).Properties.DefinitionString));
}

describe('Bulk import: the files bucket', () => {
  it('is private, TLS-only, versioned, logged and encrypted with its own key (bucket keys on)', () => {
    const { Properties } = resource(bulk().bucket);
    expect(Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          {
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: synthesized.arnOf(bulk().filesKey),
            },
          },
        ],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: synthesized.logicalId(bulk().accessLogs) },
      },
    });
    expect(resource(bulk().bucket).DeletionPolicy).toBe('Retain');
  });

  it('expires import files (personal data in plain JSON) after the import', () => {
    const rules = (resource(bulk().bucket).Properties.LifecycleConfiguration as { Rules: object[] })
      .Rules;
    expect(rules).toContainEqual(
      expect.objectContaining({
        Prefix: IMPORTS_PREFIX,
        ExpirationInDays: 30,
        NoncurrentVersionExpiration: { NoncurrentDays: 1 },
        Status: 'Enabled',
      }),
    );
  });

  it('refuses requests without TLS and objects not encrypted with KMS', () => {
    const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::S3::BucketPolicy'));
    const mine = policies.find(
      (policy) =>
        canonicalJson(policy.Properties.Bucket) ===
        canonicalJson({ Ref: synthesized.logicalId(bulk().bucket) }),
    );
    if (!mine) throw new Error('no bucket policy on the files bucket');
    const statements = (mine.Properties.PolicyDocument as { Statement: object[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 's3:PutObject',
        // An upload naming another encryption is refused; one naming none (`aws s3 cp`, the
        // state machine's result writer) takes the bucket's default KMS encryption.
        Condition: {
          StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
          Null: { 's3:x-amz-server-side-encryption': 'false' },
        },
      }),
    );
  });
});

describe('Bulk import: the state machine definition', () => {
  type State = Record<string, unknown>;
  let states: Record<string, State>;
  let map: State;
  beforeAll(() => {
    const json = definition();
    expect(json).toMatchObject({ QueryLanguage: 'JSONata', StartAt: 'CheckInput' });
    states = json.States as Record<string, State>;
    map = states.ImportLines as State;
  });

  it('checks the input first: a key imports/<agency role>/<org>/<official>/<file>, nothing else read', () => {
    const choice = states.CheckInput as { Choices: { Condition: string; Next: string }[] };
    expect(choice).toMatchObject({ Type: 'Choice', Default: 'InvalidInput' });
    const [only] = choice.Choices;
    expect(only?.Next).toBe('ImportLines');
    for (const part of [
      "$substring($states.input.key, 0, 8) = 'imports/'",
      "$count($split($states.input.key, '/')) >= 5",
      "$split($states.input.key, '/')[1] in ['court', 'procuratorate', 'police', 'justice']",
      "$length($split($states.input.key, '/')[2]) >= 1",
      "$length($split($states.input.key, '/')[3]) >= 1",
    ]) {
      expect(only?.Condition).toContain(part);
    }
    // Who imports is never taken from what the starter of the execution wrote beside the key.
    expect(JSON.stringify(definition())).not.toMatch(/\$states\.input\.(role|org|sub)\b/);
    expect(states.InvalidInput).toMatchObject({ Type: 'Fail', Error: 'InvalidImportInput' });
  });

  it('reads the file as JSON Lines from the files bucket, each line with its number', () => {
    expect(map).toMatchObject({
      Type: 'Map',
      Label: 'ImportLines',
      ItemReader: {
        Resource: 'arn:<AWS::Partition>:states:::s3:getObject',
        ReaderConfig: { InputType: 'JSONL' },
        Arguments: {
          Bucket: `<${synthesized.logicalId(bulk().bucket)}>`,
          Key: '{% $states.input.key %}',
        },
      },
      ItemSelector: {
        line: '{% $states.context.Map.Item.Index + 1 %}',
        record: '{% $states.context.Map.Item.Value %}',
      },
    });
  });

  it('batches lines with the role, org and official of the file’s key; Express children, no failure tolerated', () => {
    expect(map).toMatchObject({
      ItemBatcher: {
        MaxItemsPerBatch: 100,
        MaxInputBytesPerBatch: 262_144,
        BatchInput: {
          role: "{% $split($states.input.key, '/')[1] %}",
          org: "{% $split($states.input.key, '/')[2] %}",
          sub: "{% $split($states.input.key, '/')[3] %}",
        },
      },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' } },
    });
    // Absent means 0: any batch that fails after its retries fails the import.
    expect(map.ToleratedFailurePercentage ?? 0).toBe(0);
    expect(map.ToleratedFailureCount ?? 0).toBe(0);
  });

  it('runs as many batches at once as the quotas and the sealing service allow', () => {
    const capacity = bulkImportCapacity(defaultParameters, BATCH_LINES_IN_FLIGHT);
    expect(map.MaxConcurrency).toBe(capacity.maxConcurrency);
    expect(map.MaxConcurrency).toBeLessThanOrEqual(
      defaultParameters.reservedConcurrency['bulk-import'],
    );
  });

  it('hands each batch to the bulk-import function and retries a failed batch with backoff', () => {
    const processor = map.ItemProcessor as { StartAt: string; States: Record<string, State> };
    const task = processor.States[processor.StartAt];
    const fn = synthesized.stack.functions.get('bulk-import');
    expect(task).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<AWS::Partition>:states:::lambda:invoke',
      Arguments: {
        FunctionName: `<${synthesized.logicalId(fn as never)}.Arn>`,
        Payload: '{% $states.input %}',
      },
      Output: '{% $states.result.Payload %}',
      Retry: [
        {
          ErrorEquals: ['States.ALL'],
          IntervalSeconds: 2,
          BackoffRate: 2,
          MaxAttempts: 6,
          MaxDelaySeconds: 60,
          JitterStrategy: 'FULL',
        },
      ],
      End: true,
    });
  });

  it('catches a batch that still fails: its result names lines and the error, never the records', () => {
    const processor = map.ItemProcessor as { StartAt: string; States: Record<string, State> };
    const task = processor.States[processor.StartAt] as { Catch?: unknown[] };
    expect(task.Catch).toEqual([
      {
        ErrorEquals: ['States.ALL'],
        Next: 'BatchFailed',
        Output: {
          failed: true,
          firstLine: '{% $states.input.Items[0].line %}',
          lastLine: '{% $states.input.Items[-1].line %}',
          error: '{% $states.errorOutput.Error %}',
        },
      },
    ]);
    expect(processor.States.BatchFailed).toEqual({
      Type: 'Pass',
      QueryLanguage: 'JSONata',
      End: true,
    });
  });

  it('writes every batch’s counts and rejects to results/<role>/<org>/ as JSON Lines', () => {
    expect(map).toMatchObject({
      ResultWriter: {
        Resource: 'arn:<AWS::Partition>:states:::s3:putObject',
        Arguments: {
          Bucket: `<${synthesized.logicalId(bulk().bucket)}>`,
          Prefix:
            "{% 'results/' & $split($states.input.key, '/')[1] & '/' & $split($states.input.key, '/')[2] & '/' %}",
        },
        WriterConfig: { OutputType: 'JSONL', Transformation: 'COMPACT' },
      },
      End: true,
    });
  });

  it('logs every transition but never execution data, traces only where X-Ray is, and times out', () => {
    expect(resource(bulk().stateMachine).Properties).toMatchObject({
      StateMachineType: 'STANDARD',
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
      TracingConfiguration: { Enabled: false },
    });
    expect(definition().TimeoutSeconds).toBe(7 * 86_400);
  });
});

describe('Bulk import: least privilege', () => {
  it('the state machine role has exactly what the map does', () => {
    const fn = synthesized.stack.functions.get('bulk-import');
    const { stateMachine, filesKey } = bulk();
    const name = { 'Fn::GetAtt': [synthesized.logicalId(stateMachine), 'Name'] };
    const executions = (suffix: string) => ({
      'Fn::Join': [
        '',
        ['arn:aws-cn:states:cn-north-1:', { Ref: 'AWS::AccountId' }, ':execution:', name, suffix],
      ],
    });
    expect(permissionsOfRole(bulk().stateMachineRole)).toEqual(
      permissionsOf([
        allow(['s3:GetObject'], [objects(IMPORTS_PREFIX)]),
        allow(
          [
            's3:AbortMultipartUpload',
            's3:GetObject',
            's3:ListMultipartUploadParts',
            's3:PutObject',
          ],
          [objects(RESULTS_PREFIX)],
        ),
        allow(['lambda:InvokeFunction'], [synthesized.arnOf(fn as never)]),
        allow(
          [
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
          ['*'],
        ),
        allow(
          ['kms:Decrypt', 'kms:GenerateDataKey'],
          [synthesized.arnOf(filesKey)],
          filesKeyCondition(),
        ),
        allow(['states:StartExecution'], [{ Ref: synthesized.logicalId(stateMachine) }]),
        allow(['states:DescribeExecution', 'states:StopExecution'], [executions(':*')]),
        allow(['states:RedriveExecution'], [executions('/ImportLines:*')]),
      ]),
    );
    const trust = resource(bulk().stateMachineRole).Properties.AssumeRolePolicyDocument as {
      Statement: object[];
    };
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Service: 'states.amazonaws.com' },
        Condition: expect.objectContaining({
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        }),
      }),
    ]);
  });

  it('the bulk-import function has the ingestion’s access, encrypt only, and no idempotency table', () => {
    // That it has exactly what its code uses is proved by simulation (awsCalls.test.ts).
    const { keys, tables } = synthesized.stack;
    const fn = synthesized.stack.functions.get('bulk-import');
    if (!fn) throw new Error('no bulk-import function');
    const permissions = permissionsOfRole(fn.serviceRole);
    const decrypts = permissions.filter((p) => p.action === 'kms:Decrypt').map((p) => p.resource);
    expect(decrypts).toEqual([canonicalJson(synthesized.arnOf(keys.tableEncryptionKey))]);
    const text = JSON.stringify(permissions);
    expect(text).not.toContain(synthesized.logicalId(tables.table('IdempotencyRecords')));
    expect(text).toContain(synthesized.logicalId(keys.sealedArchiveKey));
    expect(text).not.toContain('BulkImportIdempotencyKey');
  });

  it('the bulk-import definition is the ingestion’s, but for the idempotency table and key', () => {
    const { IdempotencyRecords: _idempotency, ...tables } = ingestRecordFunction.tables;
    expect(bulkImportFunction.tables).toEqual(tables);
    const { idempotencyKey: _idempotencyKey, ...keys } = ingestRecordFunction.keys;
    expect(bulkImportFunction.keys).toEqual(keys);
    expect(bulkImportFunction.sends).toEqual(ingestRecordFunction.sends);
  });

  it('only the state machine invokes the bulk-import function: no route, no queue, no other role', () => {
    const fn = synthesized.stack.functions.get('bulk-import');
    const fnArn = canonicalJson(synthesized.arnOf(fn as never));
    const invokers = Object.entries(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'))
      .filter(([, policy]) =>
        permissionsOf((policy.Properties.PolicyDocument as { Statement: never[] }).Statement).some(
          (p) => p.action === 'lambda:InvokeFunction' && p.resource === fnArn,
        ),
      )
      .flatMap(([, policy]) => policy.Properties.Roles as unknown[]);
    expect(invokers).toEqual([{ Ref: synthesized.logicalId(bulk().stateMachineRole) }]);
    const permissions = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Lambda::Permission'),
    ).filter((p) =>
      canonicalJson(p.Properties.FunctionName).includes(synthesized.logicalId(fn as never)),
    );
    expect(permissions).toEqual([]);
  });

  it.each(AGENCIES)(
    '$role/$org operators: upload under their own key prefix, start and follow imports, read their results — nothing else',
    ({ role, org }) => {
      const { stateMachine, filesKey } = bulk();
      const name = { 'Fn::GetAtt': [synthesized.logicalId(stateMachine), 'Name'] };
      expect(permissionsOfRole(operatorRole(`${role}/${org}`))).toEqual(
        permissionsOf([
          allow(
            ['s3:PutObject'],
            [objects(`${IMPORTS_PREFIX}${role}/${org}/\${aws:SourceIdentity}/`)],
          ),
          allow(['s3:GetObject'], [objects(`${RESULTS_PREFIX}${role}/${org}/`)]),
          allow(['s3:ListBucket'], [synthesized.arnOf(bulk().bucket)], {
            StringLike: { 's3:prefix': [`${RESULTS_PREFIX}${role}/${org}/*`] },
          }),
          allow(['states:StartExecution'], [{ Ref: synthesized.logicalId(stateMachine) }]),
          allow(
            ['states:DescribeExecution'],
            [
              {
                'Fn::Join': [
                  '',
                  [
                    'arn:aws-cn:states:cn-north-1:',
                    { Ref: 'AWS::AccountId' },
                    ':execution:',
                    name,
                    ':*',
                  ],
                ],
              },
            ],
          ),
          allow(
            ['kms:Decrypt', 'kms:GenerateDataKey'],
            [synthesized.arnOf(filesKey)],
            filesKeyCondition(),
          ),
        ]),
      );
    },
  );

  it('the files key is used through S3 for this bucket only, by the state machine and operators', () => {
    const statements = keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(bulk().filesKey),
    );
    const users = statements.filter((s) => s.Sid !== 'AccountAdministersKeyWithoutUsingIt');
    expect(users.map((s) => canonicalJson(s.Principal)).sort()).toEqual(
      [bulk().stateMachineRole, ...bulk().operatorRoles.values()]
        .map((role) => canonicalJson({ AWS: synthesized.arnOf(role) }))
        .sort(),
    );
    for (const statement of users) {
      expect(statement.Condition?.StringEquals).toMatchObject({
        'kms:ViaService': S3_VIA_SERVICE,
        'kms:EncryptionContext:aws:s3:arn': expect.anything(),
      });
    }
    expect(canonicalJson(filesKeyCondition())).toContain('-import-files-');
    expect(bulk().operatorRoles.size).toBe(AGENCIES.length);
  });

  it('gives no operator role at all when no agency is named (the default)', () => {
    const plain = synthesize();
    expect(plain.stack.bulkImport.operatorRoles.size).toBe(0);
    const roles = Object.keys(resourcesOfType(plain.template, 'AWS::IAM::Role'));
    expect(roles.filter((id) => id.startsWith('BulkImportOperator'))).toEqual([]);
  });
});

describe('Bulk import: alarms', () => {
  it('fire on a failed or timed-out import and on a high reject rate, to the alarm topic', () => {
    const topic = { Ref: synthesized.logicalId(synthesized.stack.monitoring.alarmTopic) };
    const { failed, timedOut, rejectRate } = bulk().alarms;
    const stateMachine = { Ref: synthesized.logicalId(bulk().stateMachine) };
    expect(resource(failed).Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsFailed',
      Dimensions: [{ Name: 'StateMachineArn', Value: stateMachine }],
      Threshold: 1,
      AlarmActions: [topic],
    });
    expect(resource(timedOut).Properties).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: 'ExecutionsTimedOut',
      AlarmActions: [topic],
    });
    const rate = resource(rejectRate).Properties as { Metrics: { Expression?: string }[] };
    expect(rate).toMatchObject({ Threshold: 5, AlarmActions: [topic], OKActions: [topic] });
    expect(rate.Metrics.map((m) => m.Expression).filter(Boolean)).toEqual([
      'IF(lines >= 100, 100 * rejected / lines, 0)',
    ]);
  });
});

describe('Function: bulkImportCapacity', () => {
  const quotas = {
    kmsSymmetricQuotaPerSecond: 10_000,
    tableWriteUnitsPerSecond: 4_000,
    sealingQueueSendQuotaPerSecond: 2_400,
    reservedConcurrency: { 'sealing-service': 10 },
  };

  it('derives MaxConcurrency from the lowest ceiling (documented arithmetic)', () => {
    const capacity = bulkImportCapacity(quotas, BATCH_LINES_IN_FLIGHT);
    expect(capacity.ceilings).toEqual({
      kms: (10_000 * 0.5) / 6, // 10,000/s × 0.5 ÷ 6 requests a record
      dynamodb: 4_000 / 6, // write units a table sustains ÷ 6 a record
      auditSequencer: 1_500 / 2.7, // one sequencer, 1,500 events/s ÷ 2.7 events a record
      sealingQueue: 2_360, // 2,400 sends/s less the 40 live submissions may burst to, ÷ 1 a record
      sealingService: 100, // 10 invocations ÷ 0.1 s a record
    });
    expect(capacity.binding).toBe('sealingService');
    expect(capacity.recordsPerSecond).toBe(100);
    // 100 records/s × 0.06 s = 6 in flight, under one batch invocation's 8: one batch.
    expect(capacity.maxConcurrency).toBe(1);
    expect(capacity.sealingServiceConcurrency).toBe(10);
    expect(bulkImportCapacity(defaultParameters, BATCH_LINES_IN_FLIGHT)).toEqual(capacity);
  });

  it('moves to the next ceiling when one is raised, and never goes below one batch', () => {
    const sealing = { 'sealing-service': 90 };
    const raisedSealing = bulkImportCapacity(
      { ...quotas, reservedConcurrency: sealing },
      BATCH_LINES_IN_FLIGHT,
    );
    // Next the one audit sequencer: 1,500 events/s ÷ 2.7 a record = 556 records/s; 8 lines in
    // flight ÷ 0.06 s a record = 133 records/s per batch invocation.
    expect(raisedSealing).toMatchObject({
      binding: 'auditSequencer',
      maxConcurrency: 4,
      sealingServiceConcurrency: 56,
    });
    expect(raisedSealing.recordsPerSecond).toBeCloseTo(1_500 / 2.7);
    // A sequencer taking batches of 10,000 with more writes in flight (docs/audit-log.md,
    // "Sizing": about 4,000 events a second) — a change to the stack, not a parameter.
    const faster = { ...BULK_IMPORT_ASSUMPTIONS, sequencedEventsPerSecond: 4_000 };
    const fasterSequencer = bulkImportCapacity(
      { ...quotas, reservedConcurrency: sealing },
      BATCH_LINES_IN_FLIGHT,
      faster,
    );
    expect(fasterSequencer).toMatchObject({
      binding: 'dynamodb',
      maxConcurrency: 5,
      sealingServiceConcurrency: 67,
    });
    expect(fasterSequencer.recordsPerSecond).toBeCloseTo(4_000 / 6);
    const warmed = bulkImportCapacity(
      { ...quotas, tableWriteUnitsPerSecond: 12_000, reservedConcurrency: sealing },
      BATCH_LINES_IN_FLIGHT,
      faster,
    );
    expect(warmed).toMatchObject({ binding: 'kms', maxConcurrency: 6 });
    // With KMS raised too, the sequencer binds again: 4,000 ÷ 2.7 = 1,481 records/s.
    const raised = bulkImportCapacity(
      {
        ...quotas,
        kmsSymmetricQuotaPerSecond: 20_000,
        tableWriteUnitsPerSecond: 12_000,
        reservedConcurrency: { 'sealing-service': 170 },
      },
      BATCH_LINES_IN_FLIGHT,
      faster,
    );
    expect(raised).toMatchObject({ binding: 'auditSequencer', maxConcurrency: 11 });
    expect(raised.recordsPerSecond).toBeCloseTo(4_000 / 2.7);
    // Without high-throughput mode a FIFO queue takes 300 sends a second: below the rest.
    const plainFifo = bulkImportCapacity(
      { ...quotas, sealingQueueSendQuotaPerSecond: 300, reservedConcurrency: sealing },
      BATCH_LINES_IN_FLIGHT,
    );
    expect(plainFifo).toMatchObject({ binding: 'sealingQueue', recordsPerSecond: 260 });
    const tiny = bulkImportCapacity(
      {
        ...quotas,
        kmsSymmetricQuotaPerSecond: 100,
        tableWriteUnitsPerSecond: 100,
      },
      BATCH_LINES_IN_FLIGHT,
    );
    expect(tiny.maxConcurrency).toBe(1);
    expect(BULK_IMPORT_ASSUMPTIONS.kmsShare).toBeLessThan(1);
  });

  it('keeps free the sealing-queue sends live submissions may burst to', () => {
    const submissions = routes.find(
      (route) => route.method === 'POST' && route.path === '/v1/records',
    );
    expect(submissions?.throttle?.burstLimit).toBe(BULK_IMPORT_ASSUMPTIONS.liveSendsPerSecond);
  });
});

describe('Bulk import: the sealing queue takes its sends', () => {
  it('is a FIFO queue in high-throughput mode: quota and deduplication per person', () => {
    const queue = resource(synthesized.stack.queues.queue('SealingWork'));
    expect(queue.Properties).toMatchObject({
      FifoQueue: true,
      ContentBasedDeduplication: false,
      FifoThroughputLimit: 'perMessageGroupId',
      DeduplicationScope: 'messageGroup',
    });
  });
});
