/**
 * The one way this app creates a Lambda function: a `NodejsFunction` whose defaults are fixed
 * here, once — Node.js 24 on arm64, active tracing where the `tracing` parameter asks for it, source maps, an explicit encrypted log
 * group with retention, a role with no managed policies (its statements come only from the
 * `bind…` helpers), and bundling with the local esbuild into minified ESM.
 */
import { basename, isAbsolute } from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Code, Runtime, RuntimeFamily, Tracing } from 'aws-cdk-lib/aws-lambda';
import {
  Charset,
  type ICommandHooks,
  LogLevel,
  NodejsFunction,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { FunctionDefinition } from '#shared/definitions/functions.ts';
import { type BundlingChoices, bundlingAliases } from '../bundling/aliases.ts';

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

/**
 * How every function is bundled — used by the CDK (`NodejsFunction`) and by
 * `npm run bench -- coldstart`, which bundles each handler the same way to measure it.
 *
 * - The AWS SDK v3 comes from the Lambda runtime (nodejs24.x ships it): not bundling it is
 *   the largest saving in size and in module-load time. The price is that the SDK version
 *   running is the runtime's, not the one the tests ran against; only stable v3 client APIs
 *   are used (send(Command), typed errors by name), the runtime's SDK is updated by AWS
 *   with security fixes, and the fault tests pin behaviour on error names, not versions.
 * - Local-only adapters (`shared/adapters/local/`) are never reachable in a deployment:
 *   the compositions load them with a dynamic `import()` only when KEY_PROVIDER=local, and
 *   they are left out of the bundle.
 * - Minified ESM; source maps in a separate file (not inlined), without sources.
 * - A few packages come from infra/bundling/ instead (`bundlingAliases`): zod without its
 *   locales, and, with tracing off, a tracer that is never enabled instead of Powertools'.
 */
export const functionBundling = {
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: requireShim,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  /** Left out of every bundle: the runtime's SDK ... */
  externalModules: ['@aws-sdk/*', '@smithy/*'],
  /** ... and, relative to the project root, the local-only adapters. */
  externalPaths: ['shared/adapters/local/*'],
  /** Packages replaced by the project's stand-ins, by the deployment's choices. */
  aliases: bundlingAliases,
} as const;

/**
 * The esbuild `external` list for a project root: packages by name, project paths absolute
 * (esbuild matches a path pattern against the resolved path of a relative import).
 */
export function externalsFor(root: string): string[] {
  const base = root.endsWith('/') ? root : `${root}/`;
  return [
    ...functionBundling.externalModules,
    ...functionBundling.externalPaths.map((path) => `${base}${path}`),
  ];
}

/** Where a bundled file lands in the function: beside the handler, under its own name. */
export function bundledFilePath(source: string): string {
  return `/var/task/${basename(source)}`;
}

/** Copies each of a definition's `bundledFiles` into the bundle's output directory. */
function copyBesideBundle(files: NonNullable<FunctionDefinition['bundledFiles']>): ICommandHooks {
  const absolute = (source: string) => (isAbsolute(source) ? source : `${projectRoot}${source}`);
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      files.map(({ source }) => `cp "${absolute(source)}" "${outputDir}/${basename(source)}"`),
  };
}

export type SealedRecordsFunctionProps = {
  definition: FunctionDefinition;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  logEncryptionKey: IKey;
  reservedConcurrentExecutions: number;
  tracing: boolean;
};

/** esbuild's `--alias:name=path` arguments, as the CDK passes them on (`esbuildArgs`). */
export function aliasArguments(root: string, choices: BundlingChoices): string[] {
  return Object.entries(functionBundling.aliases(root, choices)).map(
    ([name, path]) => `${name}=${path}`,
  );
}

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
      timeout: props.definition.timeoutSeconds
        ? Duration.seconds(props.definition.timeoutSeconds)
        : SEALED_RECORDS_FUNCTION_TIMEOUT,
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
              target: functionBundling.target,
              mainFields: [...functionBundling.mainFields],
              banner: functionBundling.banner,
              minify: functionBundling.minify,
              sourceMap: functionBundling.sourceMap,
              sourcesContent: functionBundling.sourcesContent,
              charset: Charset.UTF8,
              logLevel: LogLevel.WARNING,
              // See `functionBundling`: the runtime's SDK, never the local adapters.
              bundleAwsSDK: false,
              externalModules: externalsFor(projectRoot),
              esbuildArgs: {
                '--alias': aliasArguments(projectRoot, { tracing: props.tracing }),
              },
              ...(props.definition.bundledFiles === undefined
                ? {}
                : { commandHooks: copyBesideBundle(props.definition.bundledFiles) }),
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
