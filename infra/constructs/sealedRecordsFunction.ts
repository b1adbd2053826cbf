/**
 * The one way this app creates a Lambda function: a `NodejsFunction` whose defaults are fixed
 * here, once — Node.js 24 on arm64, active tracing, source maps, an explicit encrypted log
 * group with retention, a role with no managed policies (its statements come only from the
 * `bind…` helpers), and bundling with the local esbuild into minified ESM.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Runtime, RuntimeFamily, Tracing } from 'aws-cdk-lib/aws-lambda';
import { Charset, LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionDefinition } from '#shared/definitions/functions.ts';

/** Node.js 24; constructed by name where the installed aws-cdk-lib predates it. */
export const NODEJS_24 =
  (Runtime as { NODEJS_24_X?: Runtime }).NODEJS_24_X ??
  new Runtime('nodejs24.x', RuntimeFamily.NODEJS, { supportsInlineCode: true });

/** Every function's timeout; the queues derive their visibility timeout from it. */
export const SEALED_RECORDS_FUNCTION_TIMEOUT = Duration.seconds(10);

/** The repository root: entries in the function definitions are relative to it. */
const projectRoot = new URL('../..', import.meta.url).pathname;

/**
 * ESM bundles still meet CommonJS dependencies that call `require` for Node built-ins;
 * this gives them one. The alias avoids clashing with anything the bundle declares.
 */
const requireShim =
  "import{createRequire as __sealedRecordsCreateRequire}from'node:module';" +
  'const require=__sealedRecordsCreateRequire(import.meta.url);';

export type SealedRecordsFunctionProps = {
  definition: FunctionDefinition;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  logEncryptionKey: IKey;
  reservedConcurrentExecutions: number;
  tracing: boolean;
};

export class SealedRecordsFunction extends NodejsFunction {
  readonly definition: FunctionDefinition;
  /** The function's own role: no managed policies, only statements added by `bind…`. */
  readonly serviceRole: Role;
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: SealedRecordsFunctionProps) {
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.definition.name}: ${props.definition.description}`,
    });
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: props.logRetention,
      encryptionKey: props.logEncryptionKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Template tests skip bundling (context `aws:cdk:bundling-stacks: []`); then the
    // handler file need not exist yet and a placeholder stands in for the bundle.
    const bundled = Stack.of(scope).bundlingRequired;
    super(scope, id, {
      description: props.definition.description,
      runtime: NODEJS_24,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: SEALED_RECORDS_FUNCTION_TIMEOUT,
      tracing: props.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
      role,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
      ...(bundled
        ? {
            entry: `${projectRoot}${props.definition.entry}`,
            handler: 'handler',
            projectRoot,
            depsLockFilePath: `${projectRoot}package-lock.json`,
            bundling: {
              forceDockerBundling: false,
              format: OutputFormat.ESM,
              target: 'node24',
              mainFields: ['module', 'main'],
              banner: requireShim,
              minify: true,
              sourceMap: true,
              sourcesContent: false,
              charset: Charset.UTF8,
              logLevel: LogLevel.WARNING,
              // The SDK versions the tests ran against, not whatever the runtime ships.
              bundleAwsSDK: true,
            },
          }
        : {
            code: Code.fromInline(
              'export const handler = () => { throw new Error("not bundled"); };',
            ),
            handler: 'index.handler',
          }),
    });
    this.definition = props.definition;
    this.serviceRole = role;
    this.functionLogGroup = logGroup;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        // The log group ARN ends in `:*`: it covers the streams Lambda creates at run time.
        resources: [logGroup.logGroupArn],
      }),
    );
  }
}
