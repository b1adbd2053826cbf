/**
 * Fail closed, nothing half-written: a KMS or DynamoDB failure at any step of ingestion is
 * a 503 with Retry-After that leaves every table as it was; a retry with the same
 * Idempotency-Key then completes the request exactly once.
 *
 * The handler runs in-process with the KMS adapters (KMS answered by aws-sdk-client-mock,
 * as KMS has no local engine) and real dynalite tables, throttled on demand.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

const claims = { sub: 'officer-1', role: 'court', org: 'court-faults' };
const tableNames = [
  'CriminalRecords',
  'DisclosableConvictions',
  'AuditEvents',
  'IdempotencyRecords',
] as const;

/** The sealing queue, recording what it was given; it can be made to fail. */
/** The sealing queue's messages, as the SQS mock received them. */
const queue = {
  get sent() {
    return stack.queue.sent.map((message) => message.body as { recordId: string });
  },
  set failing(failing: boolean) {
    if (failing) stack.queue.fail();
    else stack.queue.heal();
  },
};
type Counts = Record<(typeof tableNames)[number], number>;

async function counts(): Promise<Counts> {
  const result = {} as Counts;
  for (const name of tableNames) result[name] = await stack.count(name);
  return result;
}

/** The audit events as written (one item each). */
async function auditItems() {
  const observer = createDynamoDbClient({
    region: 'cn-north-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
  });
  try {
    const { Items = [] } = await observer.send(new ScanCommand({ TableName: 'AuditEvents' }));
    return {
      entries: Items.map(
        (item) => JSON.parse(String(unmarshall(item).record)) as Record<string, unknown>,
      ),
    };
  } finally {
    observer.destroy();
  }
}

async function submit(body: unknown, key?: string) {
  return handler(
    apiEvent({ path: '/v1/records', body, claims, headers: key ? { 'idempotency-key': key } : {} }),
    lambdaContext(),
  );
}

beforeAll(async () => {
  stack = await startFaultStack();
  // The production composition, KMS and SQS branch included, over the faulty clients.
  const { dependencies, idempotency } = await composeIngestRecord(stack.config, stack.overrides);
  const module = await import('#functions/ingest-record/handler.ts');
  handler = module.ingestRecordHandler(
    new IngestRecord(dependencies),
    idempotency,
    stack.config,
  ) as unknown as typeof handler;
});

afterEach(() => stack.heal());
afterAll(async () => stack.close());

const minorJudgment = () =>
  judgment({ person: syntheticPerson(), offenceDate: '2021-02-05', months: 24 });

describe('ingestion under failure', () => {
  it('succeeds through the KMS adapters when nothing fails', async () => {
    const response = await submit(
      judgment({ person: syntheticPerson(), offenceDate: '2021-01-05' }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(stack.kms.calls).toContain('GenerateMac');
    expect(stack.kms.calls).toContain('GenerateDataKey');
  });

  const adultConviction = () =>
    judgment({ person: syntheticPerson(), offenceDate: '2023-02-05', months: 24 });
  const failures: [string, () => void, () => Record<string, unknown>][] = [
    ['KMS GenerateMac fails', () => stack.kms.fail('GenerateMac'), adultConviction],
    [
      'the disclosable set throttles (an adult’s conviction)',
      () => stack.faults.throttle('DisclosableConvictions', 'Put'),
      adultConviction,
    ],
    [
      'the audit log throttles after a disclosable conviction was written',
      () => stack.faults.throttle('AuditEvents', 'Put'),
      adultConviction,
    ],
    ['KMS GenerateDataKey fails', () => stack.kms.fail('GenerateDataKey'), minorJudgment],
    [
      'the records table throttles',
      () => stack.faults.throttle('CriminalRecords', 'Put'),
      adultConviction,
    ],
    ['the audit log throttles', () => stack.faults.throttle('AuditEvents', 'Put'), minorJudgment],
    [
      'the idempotency table throttles',
      () => stack.faults.throttle('IdempotencyRecords'),
      minorJudgment,
    ],
  ];

  it.each(failures)('%s → 503 with Retry-After, nothing stored', async (_, inject, make) => {
    const body = make();
    const before = await counts();
    const sent = queue.sent.length;
    inject();
    const response = await submit(body, `fault-${Math.random()}`);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(response.body ?? '{}').code).toBe('dependency-unavailable');
    expect(await counts()).toEqual(before);
    expect(queue.sent.length).toBe(sent);
  });

  it('a retry with the same key after an audit failure completes it exactly once', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-03-05' });
    const before = await counts();
    const auditBefore = await auditItems();
    stack.faults.throttle('AuditEvents', 'Put');
    expect((await submit(body, 'audit-retry')).statusCode).toBe(503);
    stack.faults.heal();
    const retried = await submit(body, 'audit-retry');
    expect(retried.statusCode).toBe(201);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    // one event, one put: nothing beside it
    const audit = await auditItems();
    expect(audit.entries.length - auditBefore.entries.length).toBe(1);
    const { recordId } = JSON.parse(retried.body ?? '{}');
    expect(audit.entries.filter((e) => e.target === recordId)).toHaveLength(1);
  });

  it('a queue failure after the record is audited is a 503, and the retry queues it once more', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-04-05' });
    const before = await counts();
    queue.failing = true;
    expect((await submit(body, 'queue-retry')).statusCode).toBe(503);
    queue.failing = false;
    const sent = queue.sent.length;
    const retried = await submit(body, 'queue-retry');
    expect(retried.statusCode).toBe(201);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    const { recordId } = JSON.parse(retried.body ?? '{}');
    expect((await auditItems()).entries.filter((e) => e.target === recordId)).toHaveLength(1);
    expect(queue.sent.slice(sent).map((w) => w.recordId)).toEqual([recordId]);
  });
});
