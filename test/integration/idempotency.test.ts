/**
 * The idempotency step on its own, against real dynalite tables (DESIGN.md invariant 7):
 * only the request that created an in-progress record removes it, and only when it failed;
 * a key reused with another body, or a duplicate arriving while the first runs, leaves the
 * first request's record alone; a record that vanishes between the put and the read that
 * follows makes the request run, not fail; a crashed request's key is free again once its
 * lease is over. The handler is a counter, so executions are counted exactly.
 *
 * aws-sdk-client-mock only injects the vanishing-record race; every other call reaches
 * dynalite.
 */
import {
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import middy from '@middy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { SealedResponseIdempotencyStore } from '#shared/adapters/dynamodb/sealedResponseIdempotencyStore.ts';
import { DependencyUnavailableError } from '#shared/errors.ts';
import { idempotentRequests } from '#shared/http/idempotency.ts';
import { type ApiEvent, json, problemDetails } from '#shared/http/middlewares.ts';
import { logger } from '#shared/observability.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';

let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack();
});
afterAll(async () => stack.close());

type Answer = { statusCode?: number; body?: string; headers?: Record<string, unknown> };

/**
 * A handler that counts its executions and, while `hold` is pending, does not finish.
 * Its own DynamoDB client, so that a test can put a mock on it alone.
 */
function countingEndpoint(options: { maxInProgressSeconds?: number; fail?: () => boolean } = {}) {
  const client = createDynamoDbClient({
    region: 'cn-north-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
  });
  const store = new SealedResponseIdempotencyStore(
    { tableName: stack.config.tables.idempotency, awsSdkV3Client: client },
    stack.mac,
    'idempotency-test',
    { maxSeconds: options.maxInProgressSeconds },
  );
  let executions = 0;
  let release: () => void = () => undefined;
  let hold: Promise<void> = Promise.resolve();
  const handler = middy<ApiEvent>()
    .use(problemDetails(logger))
    .use(idempotentRequests(store, stack.config))
    .handler(async () => {
      executions += 1;
      const n = executions;
      await hold;
      if (options.fail?.()) throw new DependencyUnavailableError('test-dependency');
      return json(201, { execution: n });
    });
  const call = (key: string, body: unknown) =>
    handler(
      {
        ...apiEvent({ path: '/test', body }),
        idempotencyScope: `caller:${key}`,
      } as never as ApiEvent,
      lambdaContext(),
    ) as Promise<Answer>;
  return {
    client,
    call,
    executions: () => executions,
    /** The next execution waits until the returned function is called. */
    holdNext: () => {
      hold = new Promise((resolve) => {
        release = resolve;
      });
      return () => release();
    },
  };
}

const codeOf = (answer: Answer) => JSON.parse(answer.body ?? '{}').code;

/** Lets the held request reach its handler (the in-progress record is then written). */
async function untilExecuting(endpoint: { executions: () => number }, n: number) {
  for (let i = 0; i < 200 && endpoint.executions() < n; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(endpoint.executions()).toBe(n);
}

describe('Middleware: idempotentRequests', () => {
  it('a reused key and a duplicate, while the first runs, are 409 and leave its record alone', async () => {
    const endpoint = countingEndpoint();
    const key = `held-${Math.random()}`;
    const release = endpoint.holdNext();
    const first = endpoint.call(key, { purpose: 'employment' });
    await untilExecuting(endpoint, 1);

    const reused = await endpoint.call(key, { purpose: 'education' });
    expect(reused.statusCode).toBe(409);
    expect(codeOf(reused)).toBe('idempotency-key-reused');
    const duplicate = await endpoint.call(key, { purpose: 'employment' });
    expect(duplicate.statusCode).toBe(409);
    expect(codeOf(duplicate)).toBe('request-in-progress');
    expect(duplicate.headers?.['retry-after']).toMatch(/^\d+$/);

    release();
    const answered = await first;
    expect(answered.statusCode).toBe(201);
    const again = await endpoint.call(key, { purpose: 'employment' });
    expect(again.body).toBe(answered.body);
    const reusedAfter = await endpoint.call(key, { purpose: 'education' });
    expect(codeOf(reusedAfter)).toBe('idempotency-key-reused');
    expect(await endpoint.call(key, { purpose: 'employment' })).toEqual(answered);
    expect(endpoint.executions()).toBe(1);
  });

  it('a request whose handler failed removes its own record: the retry runs', async () => {
    let failing = true;
    const endpoint = countingEndpoint({ fail: () => failing });
    const key = `fails-${Math.random()}`;
    const failed = await endpoint.call(key, { purpose: 'employment' });
    expect(failed.statusCode).toBe(503);
    failing = false;
    const retried = await endpoint.call(key, { purpose: 'employment' });
    expect(retried.statusCode).toBe(201);
    expect(endpoint.executions()).toBe(2);
  });

  it('a record that vanishes between the put and the read: the request runs, no 5xx', async () => {
    const endpoint = countingEndpoint();
    const send = endpoint.client.send.bind(endpoint.client) as (c: unknown) => Promise<unknown>;
    const mock = mockClient(endpoint.client);
    let raced = false;
    mock.on(PutItemCommand).callsFake(async (input) => {
      if (raced) return send(new PutItemCommand(input));
      raced = true; // another request's record was there…
      throw new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
    });
    // …and is gone when read: its owner failed and removed it.
    mock.on(GetItemCommand).resolves({});
    mock.on(UpdateItemCommand).callsFake(async (input) => send(new UpdateItemCommand(input)));
    try {
      const answer = await endpoint.call(`vanished-${Math.random()}`, { purpose: 'employment' });
      expect(answer.statusCode, answer.body).toBe(201);
      expect(endpoint.executions()).toBe(1);
    } finally {
      mock.restore();
    }
  });

  it("a crashed request's key is locked only for the lease, then runs once", async () => {
    const endpoint = countingEndpoint({ maxInProgressSeconds: 1 });
    const key = `crashed-${Math.random()}`;
    endpoint.holdNext(); // never released: the first request never completes
    void endpoint.call(key, { purpose: 'employment' });
    await untilExecuting(endpoint, 1);
    expect(codeOf(await endpoint.call(key, { purpose: 'employment' }))).toBe('request-in-progress');

    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const release = endpoint.holdNext();
    release();
    const retried = await endpoint.call(key, { purpose: 'employment' });
    expect(retried.statusCode, retried.body).toBe(201);
    expect(endpoint.executions()).toBe(2);
  });
});
