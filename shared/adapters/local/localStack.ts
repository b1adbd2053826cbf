/**
 * The whole system on one machine: dynalite persisted under DATA_DIR, local key material,
 * and the API Gateway stand-in serving the same handlers that run on Lambda. Used by
 * `npm start` and by the integration tests.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readConfig } from '../../config.ts';
import { functionDefinitions } from '../../definitions/functions.ts';
import { routes } from '../../definitions/routes.ts';
import { tables } from '../../definitions/tables.ts';
import { createDocumentClient, createDynamoDbClient } from '../dynamodb/client.ts';
import { DynamoDbRecordStore } from '../dynamodb/recordStore.ts';
import { createApiGatewayServer, type LambdaHandler, lambdaContext } from './apiGatewayServer.ts';
import { devTokenVerifier } from './devTokens.ts';
import { ensureTables, startDynalite } from './dynalite.ts';
import { inProcessResultProducers } from './inProcessResultProducers.ts';
import { inProcessSealingQueue, type SqsHandler } from './inProcessSealingQueue.ts';
import { ensureLocalKeyMaterial, signingKeysDir } from './localKeys.ts';
import { ensureLocalSigningKey } from './localSigner.ts';

export type LocalStackOptions = {
  dataDir: string;
  port?: number;
  host?: string;
  /** Keep DynamoDB data in memory instead of under DATA_DIR (tests). */
  inMemory?: boolean;
  /** Extra environment for the handlers (e.g. CREDENTIAL_VALIDITY_DAYS). */
  env?: Record<string, string>;
};

export type LocalStack = {
  url: string;
  dataDir: string;
  /** Resolves once the sealing service has applied every queued record's effects. */
  drainSealingQueue(): Promise<void>;
  close(): Promise<void>;
};

const repositoryRoot = resolve(import.meta.dirname, '../../..');

/** Another live process holds this DATA_DIR (its embedded database allows one). */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  readonly code = 'DATA_DIR_IN_USE';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One server per DATA_DIR: a pid file, taken over when its process is gone. */
function lockDataDir(dataDir: string): () => void {
  const lock = join(dataDir, 'server.pid');
  try {
    writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(lock, 'utf8'));
    if (holder !== process.pid && isAlive(holder)) {
      throw new DataDirInUseError(`${dataDir} is in use by process ${holder}`);
    }
    writeFileSync(lock, String(process.pid), { mode: 0o600 });
  }
  return () => rmSync(lock, { force: true });
}

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

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const dataDir = resolve(options.dataDir);
  const host = options.host ?? '127.0.0.1';
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const unlock = options.inMemory ? () => undefined : lockDataDir(dataDir);
  ensureLocalKeyMaterial(dataDir);
  ensureLocalSigningKey(signingKeysDir(dataDir));

  const dynamo = await startDynalite(options.inMemory ? {} : { path: join(dataDir, 'dynamodb') });
  // Filled below, once the handlers' environment (which needs the port) is set.
  const handlers = new Map<string, LambdaHandler>();
  const server = createApiGatewayServer({
    routes,
    handlers,
    verifyToken: devTokenVerifier(dataDir),
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;

  // What the CDK stack sets on each Lambda, pointed at the local engines.
  Object.assign(process.env, {
    KEY_PROVIDER: 'local',
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: process.env.AWS_REGION ?? 'cn-north-1',
    ISSUER_DID: `did:web:${host}%3A${port}`,
    ISSUER_BASE_URL: url,
    ...options.env,
  });
  const config = readConfig();
  const dynamoClient = createDynamoDbClient({ region: config.region, endpoint: dynamo.endpoint });
  await ensureTables(dynamoClient, tables);

  for (const fn of functionDefinitions) {
    const module = await import(pathToFileURL(join(repositoryRoot, fn.entry)).href);
    const handler = module.handler as LambdaHandler;
    if ('consumes' in fn) inProcessSealingQueue.setConsumer(module.handler as SqsHandler);
    else if ('produces' in fn) {
      inProcessResultProducers.register(fn.produces, (request) =>
        module.handler(request, lambdaContext(fn.name, randomUUID())),
      );
    } else if ('sends' in fn) handlers.set(fn.name, handler);
    else handlers.set(fn.name, readingAfterEffects(handler));
  }
  // Records whose effects a previous run did not finish (killed mid-way) are applied now,
  // before the server reports ready.
  const records = new DynamoDbRecordStore(
    createDocumentClient(dynamoClient),
    config.tables.records,
  );
  for (const recordId of await records.listPendingEffects()) {
    const record = await records.get(recordId);
    if (record) await inProcessSealingQueue.enqueue({ recordId, personIndex: record.blindIndex });
  }
  await inProcessSealingQueue.drain();
  return {
    url,
    dataDir,
    drainSealingQueue: () => inProcessSealingQueue.drain(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await inProcessSealingQueue.drain();
      inProcessSealingQueue.setConsumer(undefined);
      inProcessResultProducers.register('letter', undefined);
      inProcessResultProducers.register('fullFile', undefined);
      dynamoClient.destroy();
      await dynamo.close();
      unlock();
    },
  };
}
