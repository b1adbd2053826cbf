import { Agent } from 'node:http';
import { connect, type Socket } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DependencyUnavailableError } from '../../errors.ts';

/**
 * `endpoint` is an HTTP URL, or `unix://` + the absolute path of a Unix domain socket: the
 * local engine listens on one inside the owner-only DATA_DIR, so no other user can reach it
 * (a loopback TCP port is open to every process on the machine).
 */
export type DynamoDbClientOptions = { region: string; endpoint?: string };

export const UNIX_SOCKET_ENDPOINT = 'unix://';

/** HTTP over a Unix domain socket: every connection the SDK opens goes to `socketPath`. */
class UnixSocketAgent extends Agent {
  private readonly socketPath: string;
  constructor(socketPath: string) {
    super({ keepAlive: true });
    this.socketPath = socketPath;
  }

  override createConnection(): Socket {
    return connect(this.socketPath);
  }
}

let localEngineClientHook: ((client: DynamoDBClient) => void) | undefined;

/**
 * Set by the local stack: what every client of the local engine (a Unix-socket endpoint)
 * carries — the recorder of the calls each function makes, in tests. Never set in AWS.
 */
export function onLocalEngineClient(hook: ((client: DynamoDBClient) => void) | undefined): void {
  localEngineClientHook = hook;
}

export function createDynamoDbClient(options: DynamoDbClientOptions): DynamoDBClient {
  const socketPath = options.endpoint?.startsWith(UNIX_SOCKET_ENDPOINT)
    ? options.endpoint.slice(UNIX_SOCKET_ENDPOINT.length)
    : undefined;
  const client = new DynamoDBClient({
    region: options.region,
    maxAttempts: 3,
    ...(options.endpoint
      ? {
          // The host name only fills the Host header and the signature over a socket.
          endpoint: socketPath ? 'http://localhost' : options.endpoint,
          // dynalite accepts any credentials; these never reach AWS.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    ...(socketPath ? { requestHandler: { httpAgent: new UnixSocketAgent(socketPath) } } : {}),
  });
  if (socketPath) localEngineClientHook?.(client);
  return client;
}

export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
}

export function isConditionalCheckFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Runs one DynamoDB call; any failure other than a lost condition becomes a 503. */
export async function dynamo<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isConditionalCheckFailure(error)) throw error;
    throw new DependencyUnavailableError('dynamodb', { cause: error });
  }
}

/** Every page of a query, as one list of items: the adapters' queries are small and bounded. */
export async function queryAll(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<{ items: Record<string, unknown>[]; count: number }> {
  const items: Record<string, unknown>[] = [];
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo(() =>
      client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return { items, count };
}

/** Every page of a scan: only for small tables or local recovery, never a request path. */
export async function scanAll(
  client: DynamoDBDocumentClient,
  input: ScanCommandInput,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo(() =>
      client.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}
