/**
 * A local stack per test file: real HTTP, real dynalite, local keys in a temp DATA_DIR. Every
 * answer `request` returns has been checked against the OpenAPI document the stack publishes
 * (`openApiValidation.ts`): an answer the document does not describe fails the test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { type LocalStackOptions, startLocalStack } from '#shared/adapters/local/localStack.ts';
import type { Role } from '#shared/definitions/routes.ts';
import type { AuditRecord } from '#shared/domain/audit/record.ts';
import type { Person } from './fixtures.ts';
import { markStackStarted } from './logAudit.ts';
import { type OpenApiDocument, OpenApiValidator } from './openApiValidation.ts';

export type TestStack = Awaited<ReturnType<typeof startTestStack>>;

export type ApiResponse = {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
};

export async function startTestStack(options: Partial<LocalStackOptions> = {}) {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'sealed-records-test-'));
  // With `now`, tokens are issued on the stack's clock, as `NOW=… npm run token` does.
  const offsetMs = options.now ? options.now.getTime() - Date.now() : 0;
  const stackNow = () => new Date(Date.now() + offsetMs);
  const stack = await startLocalStack({ ...options, dataDir });
  markStackStarted();
  const dynamo = createDynamoDbClient({ region: 'cn-north-1', endpoint: stack.dynamoDbEndpoint });

  async function token(
    role: Role,
    extra: {
      org?: string;
      sub?: string;
      person?: Person;
      /** A guardian's or agent's token: the person acted for. */
      actingFor?: { person: Person; relationship: 'guardian' | 'agent' };
    } = {},
  ) {
    return issueDevToken(dataDir, {
      role,
      org: extra.org ?? `${role}-test`,
      sub: extra.sub,
      nationalId: extra.person?.nationalId,
      name: extra.person?.name,
      ...(extra.actingFor
        ? {
            actingFor: {
              nationalId: extra.actingFor.person.nationalId,
              name: extra.actingFor.person.name,
              relationship: extra.actingFor.relationship,
            },
          }
        : {}),
      ...(options.now ? { issuedAt: stackNow() } : {}),
    });
  }

  async function request(
    method: string,
    path: string,
    init: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    const send = () => fetch(`${stack.url}${path}`, { method, headers, body });
    // A keep-alive socket the server closed while idle (a test ran a CLI for seconds) fails
    // as the client reuses it: a read is sent again, on a fresh connection.
    const response = await send().catch((error: unknown) => {
      const code = (error as { cause?: { code?: string } }).cause?.code;
      if (method === 'GET' && code === 'ECONNRESET') return send();
      throw error;
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text);
    } catch {}
    const answer = { status: response.status, headers: response.headers, text, json };
    await checkAgainstDocument(method, path, answer);
    return answer;
  }

  /** The published OpenAPI document, fetched once: every answer is checked against it. */
  let validator: Promise<OpenApiValidator> | undefined;
  async function checkAgainstDocument(method: string, target: string, answer: ApiResponse) {
    validator ??= fetch(`${stack.url}/openapi.json`)
      .then((response) => response.json())
      .then((document) => new OpenApiValidator(document as OpenApiDocument));
    const problems = (await validator).problemsWith({
      method,
      path: target.split('?')[0] ?? target,
      status: answer.status,
      headers: Object.fromEntries(answer.headers),
      body: answer.text,
    });
    if (problems.length > 0) {
      throw new Error(
        `the answer is not as GET /openapi.json describes it:\n${problems.join('\n')}`,
      );
    }
  }

  async function scan(table: string): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await dynamo.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start as never }),
      );
      for (const item of page.Items ?? []) items.push(unmarshall(item));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** The audit events as written (events table): each record, with its writer's key. */
  async function auditEvents(): Promise<(AuditRecord & { eventKey: string })[]> {
    return (await scan('AuditEvents')).map((item) => ({
      ...(JSON.parse(String(item.record)) as AuditRecord),
      eventKey: String(item.eventKey),
    }));
  }

  return {
    ...stack,
    dataDir,
    /** The stack's clock: the machine's, or shifted to start at `options.now`. */
    now: stackNow,
    auditEvents,
    token,
    request,
    post: (path: string, token: string, body: unknown, headers?: Record<string, string>) =>
      request('POST', path, { token, body, headers }),
    scan,
    /** Waits until the sealing service has applied every queued record's effects. */
    drainSealingQueue: () => stack.drainSealingQueue(),
    close: async () => {
      dynamo.destroy();
      await stack.close();
      // Its data and key files, unless the caller named the directory and keeps it.
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
