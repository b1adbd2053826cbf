/**
 * DESIGN.md invariant 2, its last clause: every bundle starts with exactly its template
 * environment. The stack is synthesized; every function of `functionDefinitions` is built
 * with esbuild exactly as the CDK builds it, loaded in a fresh process whose environment is
 * the template's `Environment.Variables` for it (references replaced by plausible values,
 * plus what the Lambda runtime sets) with the AWS SDK clients stubbed, and handed one
 * representative event of the way it is invoked — API Gateway, the sealing queue, a
 * schedule, the state machine's batch, another function, or the authorizer's request. Any
 * missing variable or initialisation error fails here, not in the first deployment.
 *
 * Both ways the `tracing` parameter builds the functions: off (the default in the China
 * Regions: the bundles carry a tracer that is never enabled) and on (Powertools' tracer,
 * enabled by the template's environment).
 *
 * The same bundles, built once for both, are checked for what they carry: each is within
 * its size goal and carries neither the AWS SDK (the runtime provides it) nor a local-only
 * adapter; of zod's locales only English (zod's default, which the API's messages are) is in
 * it; with tracing off neither the Powertools tracer nor the X-Ray SDK is. Load times are a
 * benchmark's business (`npm run bench -- coldstart`), not a test's.
 */
import { execFile } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { leadingKeysOf, type RecordedCall } from '#shared/adapters/local/awsCalls.ts';
import { environmentVariables as v } from '#shared/definitions/environment.ts';
import { type FunctionDefinition, functionDefinitions } from '#shared/definitions/functions.ts';
import { type RouteDefinition, routes } from '#shared/definitions/routes.ts';
import { type TableDefinition, tables } from '#shared/definitions/tables.ts';
import { bundleFunction, bundleGoalKb, runtimeEnvironment } from '../../bench/coldstart.ts';
import { compileCacheEnvironment } from '../support/compileCache.ts';
import { apiEvent } from '../support/events.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { type Synthesized, synthesize } from './support.ts';
import { type TemplateJson, type TemplateValues, templateValues } from './templateValues.ts';

const root = resolve(import.meta.dirname, '../..');
// Under the project, so that the bundles' external packages (the SDK) resolve from node_modules.
const outdir = join(root, '.bench', 'bundle-start');
const runner = join(import.meta.dirname, 'bundleStart', 'runner.ts');
const execFileAsync = promisify(execFile);

type Deployment = { synthesized: Synthesized; values: TemplateValues };
const deployments = new Map<boolean, Deployment>();
/** The deployment a case runs against: the cases run side by side, each with its own. */
const deploymentWith = (tracing: boolean): Deployment => {
  const deployment = deployments.get(tracing);
  if (!deployment) throw new Error(`no deployment with tracing ${tracing}`);
  return deployment;
};
beforeAll(() => {
  // The default deployment (cn-north-1: tracing off), and the same with tracing on.
  for (const context of [{}, { tracing: true }]) {
    const built = synthesize(context);
    const template = built.template.toJSON() as TemplateJson;
    const tracing = Object.values(template.Resources).some(
      (r) =>
        r.Type === 'AWS::Lambda::Function' &&
        (r.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode === 'Active',
    );
    deployments.set(tracing, {
      synthesized: built,
      values: templateValues(template, { region: built.stack.region }),
    });
  }
  expect([...deployments.keys()].sort()).toEqual([false, true]);
  // Synthesis runs cdk-nag over the whole app: minutes on a loaded machine.
}, 600_000);

type SdkCall = { service: string; command: string; input: Record<string, unknown> };
type Outcome = ({ ok: true; result: unknown } | { ok: false; error: string }) & {
  calls: SdkCall[];
};
type Case = {
  event: unknown;
  jwks?: { url: string; keys: object[] };
  check(result: unknown): void;
};

const claimsFor = (route: RouteDefinition): Record<string, string> | undefined => {
  if (route.auth.kind !== 'jwt') return undefined;
  const [role] = route.auth.roles;
  if (role === 'citizen') {
    const person = syntheticPerson();
    return { sub: 'citizen-1', role, national_id: person.nationalId, name: person.name };
  }
  return { sub: 'official-1', role: role ?? 'court', org: `${role}-0105` };
};

const status = (result: unknown) => (result as { statusCode?: number }).statusCode;
/** The answer's body, for the failure message: a problem's type and detail, no personal data. */
const bodyOf = (result: unknown) => String((result as { body?: unknown }).body ?? '').slice(0, 400);

/** Requests whose success shows the function's whole path, where the route needs a body. */
const requestBodies: Record<string, { body: () => unknown; status: number }> = {
  'POST /v1/records': {
    body: () => judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2020-03-01' }),
    status: 201,
  },
  'POST /v1/certificates': { body: () => ({ purpose: 'employment' }), status: 201 },
  'POST /v1/certificates/offers': { body: () => ({ purpose: 'employment' }), status: 201 },
};

/** One API Gateway event for the function: a request whose answer needs its dependencies. */
function apiCase(definition: FunctionDefinition): Case {
  const own = (routes as readonly RouteDefinition[]).filter(
    (route) => route.function.name === definition.name,
  );
  const chosen =
    own.find((route) => `${route.method} ${route.path}` in requestBodies) ??
    own.find((route) => route.method === 'GET' && !route.path.includes('{')) ??
    own[0];
  if (!chosen) throw new Error(`${definition.name}: no route and no other invocation`);
  const known = requestBodies[`${chosen.method} ${chosen.path}`];
  const event = apiEvent({
    method: chosen.method,
    path: chosen.path.replace(/\{(\w+)\}/g, 'placeholder'),
    resource: chosen.path,
    claims: claimsFor(chosen),
    headers: chosen.method === 'POST' ? { 'Idempotency-Key': crypto.randomUUID() } : {},
    body: chosen.method === 'POST' ? (known?.body() ?? {}) : undefined,
  });
  // Without a known body, a POST is answered with a problem about the request (400 for the
  // body, 404 for a placeholder ID): the handler started, accepted the caller and ran. With a
  // known body, or on a GET, the answer must be the route's success.
  if (known || chosen.method === 'GET') {
    const expected = known?.status ?? 200;
    return { event, check: (result) => expect(status(result), bodyOf(result)).toBe(expected) };
  }
  return {
    event,
    check: (result) => expect([400, 404, 409, 422], bodyOf(result)).toContain(status(result)),
  };
}

async function authorizerCase(values: TemplateValues): Promise<Case> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  const env = (name: string) => values.text({ Ref: name });
  const token = await new SignJWT({ role: 'court', org: 'court-0105' })
    .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
    .setIssuer(env('StaffTokenIssuer'))
    .setAudience(env('StaffTokenAudience'))
    .setSubject('official-1')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(privateKey);
  const event = {
    ...apiEvent({
      method: 'POST',
      path: '/v1/records',
      headers: { Authorization: `Bearer ${token}` },
    }),
    type: 'REQUEST',
    methodArn: `arn:aws-cn:execute-api:cn-north-1:${values.account}:api/edge/POST/v1/records`,
  };
  return {
    event,
    jwks: { url: env('StaffJwksUrl'), keys: [jwk] },
    check: (result) =>
      expect(
        (result as { policyDocument: { Statement: { Effect: string }[] } }).policyDocument
          .Statement[0]?.Effect,
      ).toBe('Allow'),
  };
}

async function representativeCase(
  definition: FunctionDefinition,
  values: TemplateValues,
): Promise<Case> {
  if (definition.authorizes) return authorizerCase(values);
  if (definition.consumes) {
    return {
      event: {
        Records: [
          {
            messageId: 'm-1',
            receiptHandle: 'r-1',
            body: JSON.stringify({ recordId: 'record-1', personIndex: 'person-1' }),
            attributes: { ApproximateReceiveCount: '1', MessageGroupId: 'person-1' },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: `arn:aws-cn:sqs:cn-north-1:${values.account}:queue.fifo`,
            awsRegion: 'cn-north-1',
          },
        ],
      },
      // The record is not in an empty deployment: the message is reported failed (and
      // retried), one by one — an answer of the partial-batch shape, never a thrown error.
      check: (result) =>
        expect((result as { batchItemFailures: unknown[] }).batchItemFailures).toEqual([
          { itemIdentifier: 'm-1' },
        ]),
    };
  }
  if (definition.produces) {
    return {
      event: { inquiryId: 'inquiry-1', requester: { subject: 's', role: 'court', org: 'c' } },
      // No such inquiry in an empty deployment: a problem document, never a failure.
      check: (result) => expect(status(result)).toBeLessThan(500),
    };
  }
  if (definition.schedule) {
    return {
      event: { version: '0', id: 'e-1', 'detail-type': 'Scheduled Event', source: 'aws.scheduler' },
      check: () => undefined,
    };
  }
  if (definition.invokedBy === 'state-machine') {
    return {
      event: {
        Items: [
          {
            line: 1,
            record: judgment({ person: syntheticPerson('2004-06-15'), offenceDate: '2020-03-01' }),
          },
        ],
        BatchInput: { role: 'court', org: 'court-0105', sub: 'official-1' },
      },
      check: (result) => expect(result).toMatchObject({ records: 1, rejected: 0, rejects: [] }),
    };
  }
  return apiCase(definition);
}

/** The document client's command names, as the DynamoDB operations (IAM actions) they are. */
const DOCUMENT_OPERATIONS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
};

/**
 * The AWS calls the SDK stubs saw, as the IAM requests they are, for the simulation of
 * awsCalls.test.ts: the very requests the AWS adapters send, with the resources the
 * template's environment names.
 */
function asRecordedCalls(
  name: string,
  calls: SdkCall[],
  environment: Record<string, string>,
  values: TemplateValues,
): RecordedCall[] {
  const { partition, region, account } = values;
  return calls.map(({ service, command, input }) => {
    const operation = command.replace(/Command$/, '');
    if (service === 'dynamodb') {
      const action = DOCUMENT_OPERATIONS[operation] ?? operation;
      const table = (tables as readonly TableDefinition[]).find(
        (t) => environment[t.envVar] === input.TableName,
      );
      const arn = `arn:${partition}:dynamodb:${region}:${account}:table/${String(input.TableName)}`;
      const keys = leadingKeysOf(table, action, input);
      return {
        function: name,
        action: `dynamodb:${action}`,
        resource: { arn: input.IndexName ? `${arn}/index/${String(input.IndexName)}` : arn },
        ...(keys && action !== 'Scan' ? { context: { 'dynamodb:LeadingKeys': keys } } : {}),
        source: 'sdk',
      };
    }
    if (service === 'kms') {
      const encryption = (input.EncryptionContext ?? undefined) as
        | Record<string, string>
        | undefined;
      const context: Record<string, string | string[]> = {
        ...Object.fromEntries(
          Object.entries(encryption ?? {}).map(([k, value]) => [
            `kms:EncryptionContext:${k}`,
            value,
          ]),
        ),
        ...(encryption ? { 'kms:EncryptionContextKeys': Object.keys(encryption).sort() } : {}),
        ...(input.MacAlgorithm ? { 'kms:MacAlgorithm': String(input.MacAlgorithm) } : {}),
        ...(input.SigningAlgorithm
          ? { 'kms:SigningAlgorithm': String(input.SigningAlgorithm) }
          : {}),
        ...(input.MessageType ? { 'kms:MessageType': String(input.MessageType) } : {}),
      };
      return {
        function: name,
        action: `kms:${operation}`,
        resource: { arn: String(input.KeyId) },
        context,
        source: 'sdk',
      };
    }
    if (service === 'sqs') {
      const [, , , queueAccount, queue] = String(input.QueueUrl).split('/');
      return {
        function: name,
        action: `sqs:${operation}`,
        resource: { arn: `arn:${partition}:sqs:${region}:${queueAccount}:${queue}` },
        source: 'sdk',
      };
    }
    return {
      function: name,
      action: 'lambda:InvokeFunction',
      resource: {
        arn: `arn:${partition}:lambda:${region}:${account}:function:${String(input.FunctionName)}`,
      },
      source: 'sdk',
    };
  });
}

/** Loads the bundle with `env` as its whole environment and hands it the case's event. */
async function start(
  bundle: string,
  env: Record<string, string>,
  input: object,
  dir: string,
): Promise<Outcome> {
  const inputFile = join(dir, 'input.json');
  writeFileSync(inputFile, JSON.stringify(input));
  // The runner is plain erasable TypeScript: Node runs it without a loader, as fast as a
  // bundle starts, while the next case is built.
  const run = await execFileAsync(process.execPath, [runner, bundle, inputFile], {
    cwd: root,
    // The runner removes the compile cache's variable before it loads the bundle.
    env: { ...env, ...compileCacheEnvironment },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 2 ** 20,
  }).catch((error: { stdout?: string; stderr?: string }) => ({
    stdout: error.stdout ?? '',
    stderr: error.stderr ?? String(error),
  }));
  // What the function logged joins the suite's search for test IDs and names (logAudit.ts).
  process.stdout.write(run.stdout.replace(/^@@outcome .*$/m, ''));
  const line = run.stdout.split('\n').find((l) => l.startsWith('@@outcome '));
  if (!line) throw new Error(`the bundle did not start:\n${run.stderr.slice(-2000)}`);
  return JSON.parse(line.slice('@@outcome '.length)) as Outcome;
}

type Bundle = Awaited<ReturnType<typeof bundleFunction>>;
const bundles = new Map<string, Promise<Bundle>>();
/** The function's bundle with tracing on or off, built as the CDK builds it, once for both checks. */
function bundleOf(definition: FunctionDefinition, way: string, tracing: boolean): Promise<Bundle> {
  const dir = join(outdir, `${definition.name}-tracing-${way}`);
  let bundle = bundles.get(dir);
  if (bundle === undefined) {
    bundle = bundleFunction(root, definition, undefined, dir, { tracing });
    bundles.set(dir, bundle);
  }
  return bundle;
}

const adding = (contributions: Record<string, number>, pattern: RegExp) =>
  Object.keys(contributions).filter((input) => pattern.test(input));

describe.concurrent.each(
  (functionDefinitions as readonly FunctionDefinition[]).map((d) => [d.name, d] as const),
)('Bundle of %s', (name, definition) => {
  it.each([
    ['off', false],
    ['on', true],
  ])(
    `with tracing %s, is within its goal gzipped, without the SDK, local adapters or zod's other locales`,
    async (way, tracing) => {
      const bundle = await bundleOf(definition, way, tracing);
      expect(bundle.gzipBytes / 1024).toBeLessThanOrEqual(bundleGoalKb(name));
      expect(bundle.inputs.filter((input) => input.includes('shared/adapters/local/'))).toEqual([]);
      expect(
        bundle.inputs.filter((input) => /node_modules\/@(aws-sdk|smithy)\//.test(input)),
      ).toEqual([]);
      const locales = adding(bundle.contributions, /node_modules\/zod\/v4\/locales\//);
      expect(locales.filter((input) => !input.endsWith('/locales/en.js'))).toEqual([]);
      const tracer = adding(
        bundle.contributions,
        /node_modules\/(@aws-lambda-powertools\/tracer|aws-xray-sdk-core)\//,
      );
      if (tracing) {
        // The handlers' middleware traces them: the real tracer is there.
        expect(tracer.length).toBeGreaterThan(0);
      } else {
        expect(tracer).toEqual([]);
      }
    },
    90_000,
  );

  it.each([
    ['off', false],
    ['on', true],
  ])(
    'with tracing %s, started with its template environment, initialises and handles a representative event',
    async (way, tracing) => {
      const { synthesized, values } = deploymentWith(tracing);
      const { outfile } = await bundleOf(definition, way, tracing);
      const dir = dirname(outfile);
      const fn = synthesized.stack.functions.get(name);
      if (!fn) throw new Error(`no function ${name} in the stack`);
      const environment = values.environmentOf(synthesized.logicalId(fn));
      expect(environment[v.keyProvider.name]).toBe('kms');
      expect(environment[v.powertoolsTracerEnabled.name]).toBe(String(tracing));
      const testCase = await representativeCase(definition, values);
      const outcome = await start(
        outfile,
        { ...environment, ...runtimeEnvironment(name, values.region) },
        { event: testCase.event, jwks: testCase.jwks },
        dir,
      );
      if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error}`);
      testCase.check(outcome.result);
      // The calls join those the suite recorded, for awsCalls.test.ts to evaluate.
      const callDir = process.env[v.awsCallLogDir.name];
      if (callDir) {
        const lines = asRecordedCalls(name, outcome.calls, environment, values).map(
          (call) => `${JSON.stringify(call)}\n`,
        );
        appendFileSync(join(callDir, `${name}.bundle.jsonl`), lines.join(''));
      }
    },
    90_000,
  );
});
