/**
 * The local DynamoDB engine: dynalite in a thread of its own (dynaliteThread.ts), persisted
 * as LevelDB files under DATA_DIR, with tables created from the same definitions the CDK
 * stack uses. It listens on a Unix domain socket in an owner-only directory, never on a TCP
 * port: dynalite checks no credentials, so a port would let any process on the machine read
 * every table.
 *
 * Its own thread, because DynamoDB works beside the functions, not on their CPU: in the
 * calling thread, the engine's share of every request (HTTP parsing, validation, LevelDB)
 * queued behind the handlers', so eight requests at once ran hardly faster than one after
 * another. The thread dies with the process, as the engine did.
 */
import { lstatSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ListTablesCommand,
} from '@aws-sdk/client-dynamodb';
import type { TableDefinition } from '../../definitions/tables.ts';
import { UNIX_SOCKET_ENDPOINT } from '../dynamodb/client.ts';

/** `endpoint` is `unix://<socket path>`, for `createDynamoDbClient` (and DYNAMODB_ENDPOINT). */
export type LocalDynamoDb = { endpoint: string; close(): Promise<void> };

/** sun_path holds 108 bytes on Linux and 104 on macOS, the terminating NUL included. */
const MAX_SOCKET_PATH_BYTES = 100;

/**
 * The socket path for an owner-only directory, or undefined when that path would be too
 * long for a Unix socket (a deep DATA_DIR); `startDynalite` then uses a private temporary
 * directory instead.
 */
export function socketPathIn(privateDir: string): string | undefined {
  const path = join(privateDir, 'dynamodb.sock');
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES ? path : undefined;
}

/** Removes a socket left by a process that was killed; refuses to touch anything else. */
function removeStaleSocket(path: string): void {
  try {
    if (!lstatSync(path).isSocket()) {
      throw new Error(`${path} exists and is not a socket`);
    }
    unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/**
 * Starts dynalite in its own thread. `path` persists data (absent keeps it in memory); `socketPath` must lie
 * in a directory only this user can enter (absent: a fresh private temporary directory).
 * The caller must be the only process using that socket path (the DATA_DIR lock).
 */
export async function startDynalite(
  options: { path?: string; socketPath?: string } = {},
): Promise<LocalDynamoDb> {
  // mkdtemp creates the directory with mode 0700.
  const temporaryDir = options.socketPath
    ? undefined
    : mkdtempSync(join(tmpdir(), 'sealed-records-db-'));
  const socketPath = options.socketPath ?? join(temporaryDir ?? '', 'dynamodb.sock');
  removeStaleSocket(socketPath);
  const thread = new Worker(new URL('./dynaliteThread.ts', import.meta.url), {
    workerData: { path: options.path, socketPath },
  });
  const said = (what: 'listening' | 'closed') =>
    new Promise<void>((resolve, reject) => {
      const exited = (code: number) => reject(new Error(`the database thread exited (${code})`));
      const onMessage = (message: { error?: string; listening?: boolean; closed?: boolean }) => {
        if (message.error !== undefined) reject(new Error(message.error));
        else if (message[what]) resolve();
        else return;
        thread.off('message', onMessage);
        thread.off('error', reject);
        thread.off('exit', exited);
      };
      thread.on('message', onMessage);
      thread.once('error', reject);
      thread.once('exit', exited);
    });
  await said('listening');
  // Like the socket server it was, the engine alone does not keep the process alive.
  thread.unref();
  return {
    endpoint: `${UNIX_SOCKET_ENDPOINT}${socketPath}`,
    close: async () => {
      const closed = said('closed');
      thread.ref();
      thread.postMessage({ close: true });
      await closed;
      await thread.terminate();
      rmSync(socketPath, { force: true });
      if (temporaryDir) rmSync(temporaryDir, { recursive: true, force: true });
    },
  };
}

export function createTableInput(table: TableDefinition, name: string): CreateTableCommandInput {
  const attributes = new Map<string, 'S' | 'N' | 'B'>();
  const keySchema = (pk: { name: string; type: 'S' | 'N' | 'B' }, sk?: typeof pk) => {
    attributes.set(pk.name, pk.type);
    if (sk) attributes.set(sk.name, sk.type);
    return [
      { AttributeName: pk.name, KeyType: 'HASH' as const },
      ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
    ];
  };
  const input: CreateTableCommandInput = {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(table.partitionKey, table.sortKey),
    AttributeDefinitions: [],
  };
  if (table.globalSecondaryIndexes.length > 0) {
    input.GlobalSecondaryIndexes = table.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection:
        index.projection.type === 'KEYS_ONLY'
          ? { ProjectionType: 'KEYS_ONLY' }
          : { ProjectionType: 'INCLUDE', NonKeyAttributes: index.projection.nonKeyAttributes },
    }));
  }
  input.AttributeDefinitions = [...attributes].map(([AttributeName, AttributeType]) => ({
    AttributeName,
    AttributeType,
  }));
  return input;
}

/**
 * Creates each table that does not exist yet, and returns once all are ACTIVE (dynalite answers
 * CreateTable with CREATING and flips the status on a timer, which a loaded machine delays past
 * the next request); existing tables and their data are kept.
 */
export async function ensureTables(
  client: DynamoDBClient,
  definitions: readonly TableDefinition[],
  nameOf: (table: TableDefinition) => string = (table) => table.logicalName,
): Promise<void> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    for (const name of page.TableNames ?? []) existing.add(name);
    start = page.LastEvaluatedTableName;
  } while (start);
  for (const table of definitions) {
    const name = nameOf(table);
    if (!existing.has(name))
      await client.send(new CreateTableCommand(createTableInput(table, name)));
  }
  for (const table of definitions) await untilActive(client, nameOf(table));
}

async function untilActive(client: DynamoDBClient, name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (attempt >= 500) throw new Error(`table ${name} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
