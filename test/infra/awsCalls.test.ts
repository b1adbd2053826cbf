/**
 * DESIGN.md invariant 2, proved on what the code does rather than on what the definitions
 * say: every AWS call each function made during the suite — recorded by the local stack in
 * the integration tests (shared/adapters/local/awsCalls.ts) and by the SDK stubs when each
 * bundle was started with its template environment (bundleStart.test.ts) — is evaluated
 * against that function's role policies and the resource's own policy in the synthesized
 * template, by a real IAM policy evaluator. Nothing the code needs is denied; every grant is
 * used by some call, or stands in `REVIEWED_UNUSED` with its reason.
 *
 * Runs after every other test file (vitest.config.ts: the `aws-calls` project, group 1), on
 * the calls recorded in AWS_CALL_LOG_DIR (test/support/awsCallLog.ts), against the default
 * deployment the template files synthesized meanwhile (`deploymentFactsOf`, kept beside the
 * calls), or synthesized here when none did. Alone, without the suite before it, it has
 * nothing to evaluate and is skipped; `KEEP_AWS_CALLS=1 npm test` keeps a recording, which
 * `AWS_CALL_LOG_DIR=<dir> npx vitest run test/infra/awsCalls.test.ts` evaluates again
 * (against the template as it is now).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '#shared/adapters/local/awsCalls.ts';
import { type FunctionDefinition, functionDefinitions } from '#shared/definitions/functions.ts';
import { type TableDefinition, tables } from '#shared/definitions/tables.ts';
import { type DeploymentFacts, keptDeploymentFacts } from './deploymentFacts.ts';
import {
  type Decision,
  globMatches,
  grantsOf,
  IamSimulator,
  type PolicyDocument,
  type Request,
  resourceGrantsTo,
  type StatementJson,
} from './iamSimulation.ts';
import { type TemplateJson, type TemplateValues, templateValues } from './templateValues.ts';

const callDir = process.env.AWS_CALL_LOG_DIR;
/** Read when the file is collected: after every other test file, in `npm test`. */
const recordings =
  callDir && existsSync(callDir)
    ? readdirSync(callDir).filter((file) => file.endsWith('.jsonl'))
    : [];

/**
 * Grants the suite's recorded calls do not exercise, each with the reason it stays: the
 * function (`*`: every function holding it), the action, a fragment of the resource (the
 * logical name in its ARN, or the key whose policy holds it). A grant listed here that turns
 * out used, or one missing from here that is unused, fails the test.
 */
type Reviewed = { function: string; action: string; resource: string; reason: string };
const FAULT_PATH = 'used only on a fault path, exercised in process by the fault tests';
const COARSE = 'granted by an access kind of functions.ts wider than the code; to be narrowed';
const REVIEWED_UNUSED: readonly Reviewed[] = [
  {
    function: '*',
    action: 'dynamodb:GetItem',
    resource: 'AuditLog',
    reason: `The audit append reads its position back only when another append won it (a race): ${FAULT_PATH} (audit-append.test.ts).`,
  },
  {
    function: '*',
    action: 'dynamodb:DeleteItem',
    resource: 'IdempotencyRecords',
    reason: `Powertools removes the in-progress record when the handler fails: ${FAULT_PATH} (idempotency.test.ts).`,
  },
  ...['ingest-record', 'bulk-import'].map((fn) => ({
    function: fn,
    action: 'dynamodb:DeleteItem',
    resource: 'CriminalRecords',
    reason: `Removes the record this very attempt created when its audit event fails (conditional on its first version): ${FAULT_PATH} (records.faults.test.ts). A removed record gives no certificate — its disclosable entry stays until the sealing service finds the record absent — and record IDs are per record, so no LeadingKeys condition can narrow it.`,
  })),
  ...[
    ['dynamodb:GetItem', 'CriminalRecords'],
    ['dynamodb:PutItem', 'DisclosableConvictions'],
    ['kms:GenerateDataKey', 'RecordsKey'],
    // Seals an adult conviction's letter facts beside its disclosable entry.
    ['kms:GenerateDataKey', 'LetterFactsKey'],
  ].map(([action = '', resource = '']) => ({
    function: 'bulk-import',
    action,
    resource,
    reason:
      'Recorded from one representative batch only (bundleStart.test.ts, a sealed record); the ' +
      'in-process batch tests run outside the local stack. ingest-record runs the same use ' +
      'case and exercises these.',
  })),
  {
    function: 'sealing-service',
    action: 'dynamodb:PutItem',
    resource: 'RecordLinks',
    reason: `Links a record to its person when the ingestion stopped between the record's write and its link; otherwise the ingestion's link is found and none is written: ${FAULT_PATH} (sealing-service.reads.test.ts).`,
  },
  ...['notices', 'oversight', 'wallet-offers'].flatMap((fn) =>
    [
      ['dynamodb:GetItem', 'IdempotencyRecords'],
      ['dynamodb:PutItem', 'IdempotencyRecords'],
      ['dynamodb:UpdateItem', 'IdempotencyRecords'],
      ['kms:GenerateMac', 'IdempotencyKey'],
    ].map(([action = '', resource = '']) => ({
      function: fn,
      action,
      resource,
      reason: 'Used on requests that carry an Idempotency-Key (idempotency.test.ts).',
    })),
  ),
  {
    function: 'wallet-offers',
    action: 'dynamodb:PutItem',
    resource: 'CertificateIssuanceLog',
    reason: COARSE,
  },
  {
    function: 'sealing-applications',
    action: 'dynamodb:DeleteItem',
    resource: 'SealingApplications',
    reason: COARSE,
  },
  ...['sealing-applications', 'decide-inquiry', 'reviews'].map((fn) => ({
    function: fn,
    action: 'dynamodb:GetItem',
    resource: 'IdempotencyRecords',
    reason: 'Reads a first response back only on a retried request with its Idempotency-Key.',
  })),
  ...[
    ['dynamodb:PutItem', 'AuditLog'],
    ['kms:Sign', 'AuditSigningKey'],
  ].map(([action = '', resource = '']) => ({
    function: 'audit-checkpoint',
    action,
    resource,
    reason:
      'Signs and stores a checkpoint only for chain heads that exist: its representative run ' +
      'starts on an empty log, and the checkpoint tests call the use case in process.',
  })),
  {
    function: 'sealing-service',
    action: 'dynamodb:DeleteItem',
    resource: 'CriminalRecords',
    reason: COARSE,
  },
  {
    function: 'sealing-service',
    action: 'dynamodb:PutItem',
    resource: 'CriminalRecords',
    reason: COARSE,
  },
  {
    function: 'sealing-service',
    action: 'dynamodb:GetItem',
    resource: 'DisclosableConvictions',
    reason: COARSE,
  },
  {
    function: 'sealing-service',
    action: 'dynamodb:UpdateItem',
    resource: 'DisclosableConvictions',
    reason: COARSE,
  },
  {
    function: 'sealing-service',
    action: 'dynamodb:DeleteItem',
    resource: 'Notices',
    reason: COARSE,
  },
  {
    function: 'sealing-service',
    action: 'dynamodb:GetItem',
    resource: 'Notices',
    reason:
      'Re-notifying an owner after an interrupted attempt reads its notice: recovery path (sealing-notices.recovery.test.ts).',
  },
  {
    function: 'sealing-service',
    action: 'dynamodb:UpdateItem',
    resource: 'Notices',
    reason: COARSE,
  },
  {
    function: 'sealing-service',
    action: 'sqs:ChangeMessageVisibility',
    resource: 'SealingWork',
    reason: "Granted with the event source mapping by CDK's SqsEventSource (grantConsumeMessages).",
  },
  {
    function: 'sealing-service',
    action: 'sqs:GetQueueUrl',
    resource: 'SealingWork',
    reason: "Granted with the event source mapping by CDK's SqsEventSource (grantConsumeMessages).",
  },
  ...['sqs:GetQueueAttributes', 'sqs:GetQueueUrl'].map((action) => ({
    function: 'audit-sequencer',
    action,
    resource: 'AuditSequencerStreamFailures',
    reason:
      "Granted with the stream's on-failure destination by CDK's SqsDlq (grantSendMessages); Lambda only sends to it.",
  })),
  {
    function: 'inquiries',
    action: 'dynamodb:DeleteItem',
    resource: 'Inquiries',
    reason: `Removes an application whose audit event failed: ${FAULT_PATH} (inquiries.faults.test.ts).`,
  },
  { function: 'oversight', action: 'dynamodb:DeleteItem', resource: 'Opinions', reason: COARSE },
  { function: 'oversight', action: 'dynamodb:DeleteItem', resource: 'Complaints', reason: COARSE },
  {
    function: 'wallet-issuer',
    action: 'dynamodb:UpdateItem',
    resource: 'WalletGrants',
    reason: COARSE,
  },
  {
    function: 'judicial-disclosure',
    action: 'kms:Decrypt',
    resource: 'InquiriesKey',
    reason:
      "Finding: the full file reads the inquiry's routing attributes only; the decrypt grant is to be reviewed with the inquiries issue (approvals).",
  },
];

type Evaluated = { request: Request; decision: Decision; origin: string };

let deployment: DeploymentFacts;
let template: TemplateJson;
let values: TemplateValues;
let simulator: IamSimulator;
let recorded: RecordedCall[] = [];

const tableByName = new Map<string, TableDefinition>(
  (tables as readonly TableDefinition[]).map((table) => [table.logicalName, table]),
);

beforeAll(async () => {
  deployment = keptDeploymentFacts() ?? (await synthesizedFacts());
  template = deployment.template as TemplateJson;
  values = templateValues(template, { region: deployment.region });
  simulator = new IamSimulator(template, values);
  if (callDir) {
    recorded = recordings
      .flatMap((file) => readFileSync(join(callDir, file), 'utf8').split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RecordedCall);
  }
}, 300_000);

/** The default deployment synthesized here (the CDK loads only then). */
async function synthesizedFacts(): Promise<DeploymentFacts> {
  const { deploymentFactsOf, synthesize } = await import('./support.ts');
  return deploymentFactsOf(synthesize());
}

function functionOf(name: string) {
  const fn = deployment.functions[name];
  if (!fn) throw new Error(`no function ${name} in the stack`);
  return fn;
}

/** The ARN(s) a recorded call reaches in AWS, from the function's template environment. */
function resourcesOf(call: RecordedCall, env: Record<string, string>): string[] {
  const { partition, region, account } = values;
  const resource = call.resource;
  if ('arn' in resource) return [resource.arn];
  if ('table' in resource) {
    // As shared/config.ts names a table: its variable, else the logical name.
    const definition = tableByName.get(resource.table);
    const name = (definition && env[definition.envVar]) || resource.table;
    const table = `arn:${partition}:dynamodb:${region}:${account}:table/${name}`;
    return [resource.index ? `${table}/index/${resource.index}` : table];
  }
  if ('keyFromEnv' in resource) {
    const value = env[resource.keyFromEnv];
    if (value === undefined) return [`unset:${resource.keyFromEnv}`];
    if (!value.startsWith('[') && !value.startsWith('{')) return [value];
    const keys = [JSON.parse(value)].flat() as { kmsKeyId: string; status?: string }[];
    return resource.signingKey === 'active'
      ? keys.filter((key) => (key.status ?? 'active') === 'active').map((key) => key.kmsKeyId)
      : keys.map((key) => key.kmsKeyId);
  }
  if ('queueFromEnv' in resource) {
    const url = env[resource.queueFromEnv];
    if (!url) return [`unset:${resource.queueFromEnv}`];
    const [, , , queueAccount, name] = url.split('/');
    return [`arn:${partition}:sqs:${region}:${queueAccount}:${name}`];
  }
  const name = env[resource.functionFromEnv];
  return [name ? `arn:${partition}:lambda:${region}:${account}:function:${name}` : 'unset'];
}

/**
 * Calls the Lambda service makes with the function's role, read from the template: its log
 * stream, its traces, and — for a queue consumer — the event source mapping's polling.
 */
function platformCalls(name: string): Request[] {
  const { logicalId, roleLogicalId } = functionOf(name);
  const principal = values.arnOf(roleLogicalId);
  const properties = template.Resources[logicalId]?.Properties ?? {};
  const requests: Request[] = [];
  const logGroup = values.text(
    (properties.LoggingConfig as { LogGroup: unknown } | undefined)?.LogGroup ??
      `/aws/lambda/${name}`,
  );
  const stream = `arn:${values.partition}:logs:${values.region}:${values.account}:log-group:${logGroup}:log-stream:2030/01/01/[$LATEST]0`;
  for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
    requests.push({ principal, action, resource: stream, context: {} });
  }
  if ((properties.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active') {
    for (const action of ['xray:PutTraceSegments', 'xray:PutTelemetryRecords']) {
      requests.push({ principal, action, resource: '*', context: {} });
    }
  }
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::EventSourceMapping') continue;
    if (values.text(resource.Properties?.FunctionName) !== values.text({ Ref: logicalId }))
      continue;
    const source = values.text(resource.Properties?.EventSourceArn);
    if (source.includes(':dynamodb:')) {
      // What Lambda's stream poller needs (AWSLambdaDynamoDBExecutionRole).
      for (const action of [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
      ]) {
        requests.push({ principal, action, resource: source, context: {} });
      }
      requests.push({ principal, action: 'dynamodb:ListStreams', resource: '*', context: {} });
      // A batch that keeps failing is described to the mapping's on-failure queue.
      const onFailure = (
        resource.Properties?.DestinationConfig as
          | { OnFailure?: { Destination?: unknown } }
          | undefined
      )?.OnFailure?.Destination;
      if (onFailure !== undefined) {
        const queue = values.text(onFailure);
        requests.push({ principal, action: 'sqs:SendMessage', resource: queue, context: {} });
      }
      continue;
    }
    // What Lambda's queue poller needs (AWSLambdaSQSQueueExecutionRole).
    for (const action of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes']) {
      requests.push({ principal, action, resource: source, context: {} });
    }
  }
  return requests;
}

/** The requests one recorded call makes in AWS (and DynamoDB's use of the table key). */
function requestsOf(call: RecordedCall, principal: string, env: Record<string, string>): Request[] {
  return resourcesOf(call, env).flatMap((resource) => {
    const request = { principal, action: call.action, resource, context: call.context ?? {} };
    if (!call.action.startsWith('dynamodb:')) return [request];
    // DynamoDB opens the table's customer-managed key for the caller, through DynamoDB.
    const table = Object.entries(template.Resources).find(
      ([id, r]) => r.Type === 'AWS::DynamoDB::Table' && resource.startsWith(values.arnOf(id)),
    );
    const sse = table?.[1].Properties?.SSESpecification as { KMSMasterKeyId?: unknown } | undefined;
    if (!sse?.KMSMasterKeyId) return [request];
    return [
      request,
      {
        principal,
        action: 'kms:Decrypt',
        resource: values.text(sse.KMSMasterKeyId),
        context: {
          'kms:ViaService': `dynamodb.${values.region}.${values.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`,
          'kms:CallerAccount': values.account,
        },
      },
    ];
  });
}

/** Every distinct request of the function, recorded or made by the platform, with its decision. */
async function evaluate(
  name: string,
  identity: StatementJson[],
  policyOf: (resource: string) => PolicyDocument | undefined,
): Promise<Evaluated[]> {
  const fn = functionOf(name);
  const principal = values.arnOf(fn.roleLogicalId);
  const env = values.environmentOf(fn.logicalId);
  const distinct = new Map<string, { request: Request; origin: string }>();
  for (const call of recorded.filter((c) => c.function === name)) {
    for (const request of requestsOf(call, principal, env)) {
      distinct.set(JSON.stringify(request), { request, origin: call.source });
    }
  }
  for (const request of platformCalls(name)) {
    distinct.set(JSON.stringify(request), { request, origin: 'platform' });
  }
  const evaluated: Evaluated[] = [];
  for (const { request, origin } of distinct.values()) {
    const decision = await simulator.decide(request, identity, policyOf(request.resource));
    evaluated.push({ request, decision, origin });
  }
  return evaluated;
}

/** The function's grants no request used: identity statements and key-policy statements. */
async function unusedGrants(
  name: string,
  identity: StatementJson[],
  policyOf: (resource: string) => PolicyDocument | undefined,
  evaluated: Evaluated[],
): Promise<string[]> {
  const fn = functionOf(name);
  const principal = values.arnOf(fn.roleLogicalId);
  const allowed = evaluated.filter((e) => e.decision === 'Allowed').map((e) => e.request);
  const unused: string[] = [];
  for (const grant of grantsOf(identity)) {
    const action = String(grant.Action);
    const candidates = allowed.filter((r) => globMatches(action, r.action, true));
    let used = false;
    for (const request of candidates) {
      // This statement alone, with the resource's policy deferring to identity policies
      // (as a key policy's account statement does): does it admit the request?
      const deferring: PolicyDocument = {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:${values.partition}:iam::${values.account}:root` },
            Action: request.action,
            Resource: '*',
          },
        ],
      };
      const resourcePolicy = request.resource.includes(':kms:') ? deferring : undefined;
      if ((await simulator.decide(request, [grant], resourcePolicy)) === 'Allowed') {
        used = true;
        break;
      }
    }
    if (!used) unused.push(`${action} on ${String(grant.Resource)}`);
  }
  // Key-policy statements naming the role: each must admit some request on its own.
  const keys = new Set(allowed.filter((r) => r.resource.includes(':kms:')).map((r) => r.resource));
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    if (resource.Type !== 'AWS::KMS::Key') continue;
    const arn = values.arnOf(logicalId);
    for (const grant of resourceGrantsTo(policyOf(arn), principal)) {
      let used = false;
      for (const request of allowed.filter((r) => r.resource === arn)) {
        const alone = { Version: '2012-10-17', Statement: [grant] };
        if ((await simulator.decide(request, [], alone)) === 'Allowed') {
          used = true;
          break;
        }
      }
      if (!used) unused.push(`${String(grant.Action)} in the key policy of ${logicalId}`);
    }
    keys.delete(arn);
  }
  return unused;
}

const summary: string[] = [];

// Alone (no suite before it, nothing recorded) there is nothing to evaluate.
describe.skipIf(recordings.length === 0)(
  'Every AWS call the code makes, against the template (IAM simulation)',
  () => {
    it('has calls recorded by the suite to evaluate', () => {
      expect(recorded.length).toBeGreaterThan(0);
    });

    describe.each(
      (functionDefinitions as readonly FunctionDefinition[]).map((d) => [d.name, d] as const),
    )('Function: %s', (name) => {
      it('is allowed every call it made, and uses every grant it has', async () => {
        const fn = functionOf(name);
        const identity = simulator.identityStatements(fn.roleLogicalId);
        const policyOf = (resource: string) => simulator.resourcePolicy(resource);
        const evaluated = await evaluate(name, identity, policyOf);
        const denied = evaluated
          .filter((e) => e.decision !== 'Allowed')
          .map((e) => `${e.decision}: ${e.request.action} on ${e.request.resource} (${e.origin})`);
        const unused = await unusedGrants(name, identity, policyOf, evaluated);
        const reviewed = REVIEWED_UNUSED.filter((r) => r.function === name || r.function === '*');
        const covers = (r: Reviewed, grant: string) =>
          grant.startsWith(`${r.action} `) && grant.includes(r.resource);
        const unreviewed = unused.filter((grant) => !reviewed.some((r) => covers(r, grant)));
        // An entry naming this function must still match (a `*` entry, where the grant exists).
        const stale = reviewed
          .filter((r) => r.function === name)
          .filter((r) => !unused.some((grant) => covers(r, grant)));
        const calls = recorded.filter((c) => c.function === name).length;
        summary.push(
          `${name.padEnd(20)} ${String(calls).padStart(6)} calls recorded, ${String(evaluated.length).padStart(5)} distinct requests simulated, ${denied.length} denied, ${unused.length} unused grants (${reviewed.length} reviewed)`,
        );
        expect(denied).toEqual([]);
        expect(unreviewed).toEqual([]);
        // A partial run exercises less than the suite: an entry it finds used is reported, to be
        // pruned from the list, not failed.
        if (stale.length > 0) {
          console.log(
            `${name}: reviewed entries now used: ${stale.map((r) => r.action).join(', ')}`,
          );
        }
        // The sealing service alone makes some ten thousand distinct requests in a suite run.
      }, 180_000);
    });

    it('prints what was simulated', () => {
      console.log(`AWS calls simulated against the template:\n${summary.join('\n')}`);
    });
  },
);
