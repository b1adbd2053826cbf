/**
 * The whole system on one machine: dynalite persisted under DATA_DIR, local key material,
 * and the API Gateway stand-in serving the same handlers that run on Lambda. Used by
 * `npm start` and by the integration tests.
 *
 * Life cycle: the port is bound first (so a busy port fails at once), but until every
 * handler is loaded, the sealing work a previous run left pending is done, and every
 * `beforeReady` hook has run, each request is answered 503 with `Retry-After`;
 * `startLocalStack` resolves only then. `close()` stops accepting, lets the requests in
 * flight finish (up to `drainTimeoutMs`), drains the in-process sealing queue, runs the
 * `onShutdown` hooks, and closes the database.
 */

import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { readConfig } from '../../config.ts';
import { environmentValue, environmentVariables as v } from '../../definitions/environment.ts';
import { functionDefinitions } from '../../definitions/functions.ts';
import { routes } from '../../definitions/routes.ts';
import { tables } from '../../definitions/tables.ts';
import {
  createDocumentClient,
  createDynamoDbClient,
  onLocalEngineClient,
} from '../dynamodb/client.ts';
import { DynamoDbRecordStore } from '../dynamodb/recordStore.ts';
import {
  type AuthorizerHandler,
  createApiGatewayServer,
  type LambdaHandler,
  lambdaContext,
} from './apiGatewayServer.ts';
import { recordDynamoDbCalls, runAs } from './awsCalls.ts';
import { lockDataDir, makeDataDirPrivate, persistedIssuerDid } from './dataDir.ts';
import { ensureTables, socketPathIn, startDynalite } from './dynalite.ts';
import { inProcessAuditSequencer, type SequencerHandler } from './inProcessAuditSequencer.ts';
import { inProcessResultProducers } from './inProcessResultProducers.ts';
import { inProcessSealingQueue, type SqsHandler } from './inProcessSealingQueue.ts';
import { invoke, runInvocationsConcurrently } from './invocations.ts';
import { ensureLocalKeyMaterial } from './localKeys.ts';
import { ensureLocalSigningKeys } from './localSigner.ts';
import { ensureAgencyDirectory } from './seedAgencyDirectory.ts';

export { DataDirInUseError, DataDirNotPrivateError } from './dataDir.ts';

/** Work the stack waits for at a point of its life cycle; hooks run one after another. */
export type LifecycleHook = () => Promise<void> | void;

export type LocalStackOptions = {
  dataDir: string;
  port?: number;
  host?: string;
  /** Keep DynamoDB data in memory instead of under DATA_DIR (tests). */
  inMemory?: boolean;
  /** Extra environment for the handlers (e.g. CREDENTIAL_VALIDITY_DAYS). */
  env?: Record<string, string>;
  /**
   * Run after the handlers are loaded and before the stack reports ready (requests still
   * get 503 meanwhile): e.g. finishing work a previous process left queued. A hook that
   * throws makes the start fail.
   */
  beforeReady?: readonly LifecycleHook[];
  /**
   * Run on `close()` once no request is in flight any more, before the database closes:
   * e.g. draining in-process queues. Errors are collected and thrown after cleanup.
   */
  onShutdown?: readonly LifecycleHook[];
  /** How long `close()` waits for requests in flight (default 10 s). */
  drainTimeoutMs?: number;
  /** Static pages served beside the API, path → HTML (the citizen's page). */
  pages?: Readonly<Record<string, string>>;
  /**
   * `NOW` (API.md, Running locally): the stack's clock starts at this instant and runs on
   * from there — deadlines, overdue states, validity periods and token checks alike. One
   * per process: the handlers read it once, when they are first loaded.
   */
  now?: Date;
};

export type LocalStack = {
  url: string;
  dataDir: string;
  /** The `unix://` endpoint of the embedded DynamoDB (see `createDynamoDbClient`). */
  dynamoDbEndpoint: string;
  /** Resolves once the sealing service has applied every queued record's effects. */
  drainSealingQueue(): Promise<void>;
  /** Resolves once every audit event written so far is sequenced into the tree. */
  drainAuditSequencer(): Promise<void>;
  /** Runs `during` with the sealing queue's deliveries held (see `InProcessSealingQueue.holding`). */
  holdingSealingQueue<T>(during: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

const repositoryRoot = resolve(import.meta.dirname, '../../..');
const DEFAULT_DRAIN_TIMEOUT_MS = 10_000;

/** How long a read waits for the sealing service before it goes ahead anyway. */
const EFFECTS_WAIT_MS = 5_000;

/**
 * Read paths wait until the sealing service is idle, so that a script which submits a
 * record and then asks for a certificate sees the record's effects (an acquittal on retrial,
 * say) the way it would a moment later in AWS. Submissions never wait: their answers do not
 * depend on other records. Safe either way: until the service has run, every path errs
 * towards disclosure (DESIGN.md, Storage).
 */
function readingAfterEffects(handler: LambdaHandler): LambdaHandler {
  return async (event, context) => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      inProcessSealingQueue.drain(),
      new Promise((resolve) => {
        timer = setTimeout(resolve, EFFECTS_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    return handler(event, context);
  };
}

/** The handler, each invocation run as function `name` (shared/adapters/local/awsCalls.ts). */
function asFunction<H extends (...args: never[]) => unknown>(name: string, handler: H): H {
  return ((...args: Parameters<H>) => runAs(name, () => handler(...args))) as H;
}

async function runHooks(hooks: readonly LifecycleHook[] = []): Promise<void> {
  for (const hook of hooks) await hook();
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  makeDataDirPrivate(dataDir);
  const lock = options.inMemory ? undefined : await lockDataDir(dataDir);
  const cleanups: (() => Promise<void> | void)[] = [() => lock?.release()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };

  try {
    ensureLocalKeyMaterial(dataDir);
    ensureLocalSigningKeys(dataDir);

    const dynamo = await startDynalite({
      path: options.inMemory ? undefined : join(dataDir, 'dynamodb'),
      // In memory, several stacks may share a DATA_DIR: each gets its own temporary socket.
      socketPath: options.inMemory ? undefined : socketPathIn(dataDir),
    });
    cleanups.push(() => dynamo.close());

    // Filled below, once the handlers' environment (which needs the port) is set.
    const handlers = new Map<string, LambdaHandler>();
    let authorizer: AuthorizerHandler | undefined;
    const api = createApiGatewayServer({
      routes,
      handlers,
      authorizer: () => authorizer,
      pages: options.pages,
    });
    await new Promise<void>((done, fail) => {
      api.server.once('error', fail);
      api.server.listen(options.port ?? 0, host, () => done());
    });
    cleanups.push(() => api.drain(0));
    const { port } = api.server.address() as AddressInfo;
    const url = `http://${host}:${port}`;

    // What the CDK stack sets on each Lambda, pointed at the local engines.
    const issuerDid =
      options.env?.[v.issuerDid.name] ??
      process.env[v.issuerDid.name] ??
      persistedIssuerDid(dataDir, `did:web:${host}%3A${port}`);
    Object.assign(process.env, {
      [v.keyProvider.name]: 'local',
      [v.dataDir.name]: dataDir,
      [v.dynamodbEndpoint.name]: dynamo.endpoint,
      [v.region.name]: environmentValue(process.env, v.region),
      [v.issuerBaseUrl.name]: url,
      // The clock's shift is fixed once, at start: from then on it runs with the machine's.
      [v.localClockOffsetMs.name]: options.now ? String(options.now.getTime() - Date.now()) : '',
      ...options.env,
      [v.issuerDid.name]: issuerDid,
    });
    const config = readConfig();
    const dynamoClient = createDynamoDbClient({ region: config.region, endpoint: dynamo.endpoint });
    cleanups.push(() => dynamoClient.destroy());
    await ensureTables(dynamoClient, tables);
    const documents = createDocumentClient(dynamoClient);
    await ensureAgencyDirectory(documents, config.tables.agencyDirectory);

    // Every client of the local engine records the calls of the function running (tests).
    onLocalEngineClient(recordDynamoDbCalls);
    // Requests are served side by side: each invocation logs under its own function name
    // and request ID.
    runInvocationsConcurrently();
    for (const fn of functionDefinitions) {
      // Initialisation and every invocation run as the function: its calls are its own.
      const module = await runAs(
        fn.name,
        () => import(pathToFileURL(join(repositoryRoot, fn.entry)).href),
      );
      const handler = asFunction(fn.name, module.handler as LambdaHandler);
      /** A function invoked by another (the queue, the inquiry function): its own invocation. */
      const invokedInProcess =
        <E, R>(run: (event: E, context: Context) => Promise<R>) =>
        (event: E) => {
          const requestId = randomUUID();
          return invoke(requestId, () => run(event, lambdaContext(fn.name, requestId)));
        };
      if ('authorizes' in fn) authorizer = handler as unknown as AuthorizerHandler;
      else if ('streams' in fn) {
        inProcessAuditSequencer.setHandler(invokedInProcess(handler as never) as SequencerHandler);
      } else if ('consumes' in fn) {
        inProcessSealingQueue.setConsumer(invokedInProcess(handler as never) as SqsHandler);
      } else if ('produces' in fn) {
        inProcessResultProducers.register(fn.produces, invokedInProcess(handler as never));
      } else if ('sends' in fn) handlers.set(fn.name, handler);
      else handlers.set(fn.name, readingAfterEffects(handler));
    }
    cleanups.push(() => {
      inProcessSealingQueue.setConsumer(undefined);
      inProcessAuditSequencer.setHandler(undefined);
      inProcessResultProducers.register('letter', undefined);
      inProcessResultProducers.register('fullFile', undefined);
    });
    // Records whose effects a previous run did not finish (killed mid-way) are applied now,
    // before the server reports ready.
    const records = new DynamoDbRecordStore(documents, config.tables.records);
    for (const recordId of await records.listPendingEffects()) {
      const record = await records.get(recordId);
      if (record) await inProcessSealingQueue.enqueue({ recordId, personIndex: record.blindIndex });
    }
    await inProcessSealingQueue.drain();
    // Audit events a previous run wrote and never sequenced (killed between put and sequencing).
    await inProcessAuditSequencer.sweep();
    await runHooks(options.beforeReady);
    api.markReady();

    let closing: Promise<void> | undefined;
    return {
      url,
      dataDir,
      dynamoDbEndpoint: dynamo.endpoint,
      drainSealingQueue: () => inProcessSealingQueue.drain(),
      drainAuditSequencer: () => inProcessAuditSequencer.drain(),
      holdingSealingQueue: (during) => inProcessSealingQueue.holding(during),
      close: () => {
        closing ??= (async () => {
          lock?.markStopping();
          await api.drain(options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS);
          let failure: unknown;
          try {
            // Work the requests just served queued is finished before the database closes.
            await inProcessSealingQueue.drain();
            await inProcessAuditSequencer.drain();
            await runHooks(options.onShutdown);
          } catch (error) {
            failure = error;
          }
          await cleanUp();
          if (failure !== undefined) throw failure;
        })();
        return closing;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
