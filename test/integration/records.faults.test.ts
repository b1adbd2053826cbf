/**
 * Fail closed, nothing half-written: a KMS or DynamoDB failure at any step of ingestion is
 * a 503 with Retry-After that leaves every table as it was once the sealing service has
 * reconciled what the attempt asked it to (the ingestion adds disclosable entries but never
 * removes one: the service does, only for a record absent or not disclosable); a retry
 * with the same Idempotency-Key then completes the request exactly once.
 *
 * The handler runs in-process with the KMS adapters (KMS answered by aws-sdk-client-mock,
 * as KMS has no local engine) and real dynalite tables, throttled on demand.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { composeSealingService } from '#shared/composition/sealingService.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;
let sealingService: (
  event: SQSEvent,
  context: unknown,
) => Promise<{ batchItemFailures: unknown[] }>;

/** The sealing service's own handler takes the messages sent from `from` on, as SQS delivers them. */
async function deliverFrom(from: number) {
  const messages = stack.queue.sent.slice(from);
  if (messages.length === 0) return;
  const response = await sealingService(
    {
      Records: messages.map((message, i) => ({
        messageId: `m-${from + i}`,
        receiptHandle: `r-${from + i}`,
        body: JSON.stringify(message.body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'test',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: String(message.groupId),
          MessageDeduplicationId: String(message.deduplicationId),
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws-cn:sqs:cn-north-1:000000000000:SealingWork.fifo',
        awsRegion: 'cn-north-1',
      })),
    },
    lambdaContext(),
  );
  expect(response.batchItemFailures).toEqual([]);
}

const claims = { sub: 'officer-1', role: 'court', org: 'court-faults' };
const tableNames = [
  'CriminalRecords',
  'DisclosableConvictions',
  'AuditEvents',
  'IdempotencyRecords',
] as const;

/** The sealing queue's messages, as the SQS mock received them; it can be made to fail. */
const queue = {
  get sent() {
    return stack.queue.sent.map((message) => message.body as { recordId: string });
  },
  /** Whether each message is a reconciliation (its own deduplication ID) or a record's work. */
  get kinds() {
    return stack.queue.sent.map((message) =>
      String(message.deduplicationId).includes(':reconcile:') ? 'reconcile' : 'work',
    );
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
  const service = await import('#functions/sealing-service/handler.ts');
  sealingService = service.sealingServiceHandler(
    new ApplySealingEffects(await composeSealingService(stack.config, stack.overrides)),
  ) as unknown as typeof sealingService;
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
  /** The failure, how to inject it, the submission, and whether its entry was added first. */
  const failures: [string, () => void, () => Record<string, unknown>, boolean][] = [
    ['KMS GenerateMac fails', () => stack.kms.fail('GenerateMac'), adultConviction, false],
    [
      'the disclosable set throttles (an adult’s conviction)',
      () => stack.faults.throttle('DisclosableConvictions', 'Put'),
      adultConviction,
      false,
    ],
    [
      'the audit log throttles after a disclosable conviction was written',
      () => stack.faults.throttle('AuditEvents', 'Put'),
      adultConviction,
      true,
    ],
    ['KMS GenerateDataKey fails', () => stack.kms.fail('GenerateDataKey'), minorJudgment, false],
    [
      'the records table throttles',
      () => stack.faults.throttle('CriminalRecords', 'Put'),
      adultConviction,
      true,
    ],
    [
      'the audit log throttles',
      () => stack.faults.throttle('AuditEvents', 'Put'),
      minorJudgment,
      false,
    ],
    [
      'the idempotency table throttles',
      () => stack.faults.throttle('IdempotencyRecords'),
      minorJudgment,
      false,
    ],
  ];

  it.each(failures)(
    '%s → 503 with Retry-After, nothing stored once the sealing service has reconciled',
    async (_, inject, make, entryAdded) => {
      const body = make();
      const before = await counts();
      const sent = queue.sent.length;
      inject();
      const response = await submit(body, `fault-${Math.random()}`);
      expect(response.statusCode).toBe(503);
      expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
      expect(JSON.parse(response.body ?? '{}').code).toBe('dependency-unavailable');
      stack.heal();
      // No record's work was queued; a reconciliation for the entry the attempt added, which
      // the ingestion itself left in place (towards disclosure).
      expect(queue.kinds.slice(sent)).toEqual(entryAdded ? ['reconcile'] : []);
      const unreconciled = await counts();
      expect(unreconciled.CriminalRecords).toBe(before.CriminalRecords);
      expect(unreconciled.DisclosableConvictions - before.DisclosableConvictions).toBe(
        entryAdded ? 1 : 0,
      );
      await deliverFrom(sent);
      expect(await counts()).toEqual(before);
    },
  );

  it("a conflicting submission never removes the stored conviction's entry", async () => {
    const stored = judgment({ person: syntheticPerson(), offenceDate: '2023-08-05', months: 72 });
    expect((await submit(stored, 'conflict-stored')).statusCode).toBe(201);
    const sent = queue.sent.length;
    await deliverFrom(sent - 1);
    const before = await counts();
    // The same record (person, case, type, date) with other facts, also disclosable.
    const conflicting = { ...stored, sentence: { penalty: 'fixed-term-imprisonment', months: 36 } };
    expect((await submit(conflicting, 'conflict-other')).statusCode).toBe(409);
    expect(queue.kinds.slice(sent)).toEqual(['reconcile']);
    // Not even for a moment: the service does not try to delete the entry.
    stack.faults.throttle('DisclosableConvictions', 'Delete');
    await deliverFrom(sent);
    expect(await counts()).toEqual(before);
  });

  it('the entry a conflicting submission added for a sealed record is removed by the service', async () => {
    // A minor's offence with a sentence of up to five years: sealed, not disclosable.
    const stored = judgment({ person: syntheticPerson(), offenceDate: '2021-08-05', months: 24 });
    expect((await submit(stored, 'conflict-sealed')).statusCode).toBe(201);
    const sent = queue.sent.length;
    await deliverFrom(sent - 1);
    const before = await counts();
    // The same record with a sentence over five years: disclosable, so its entry goes in first.
    const conflicting = { ...stored, sentence: { penalty: 'fixed-term-imprisonment', months: 72 } };
    expect((await submit(conflicting, 'conflict-disclosable')).statusCode).toBe(409);
    expect((await counts()).DisclosableConvictions - before.DisclosableConvictions).toBe(1);
    await deliverFrom(sent);
    expect(await counts()).toEqual(before);
  });

  it('an entry the ingestion cannot have reconciled stays (towards disclosure), and the retry completes the record', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2023-06-05', months: 24 });
    const before = await counts();
    stack.faults.throttle('CriminalRecords', 'Put');
    queue.failing = true;
    expect((await submit(body, 'unreconciled')).statusCode).toBe(503);
    stack.heal();
    // The ingestion removed nothing itself: the conviction's entry is still there.
    expect((await counts()).DisclosableConvictions - before.DisclosableConvictions).toBe(1);
    const sent = queue.sent.length;
    expect((await submit(body, 'unreconciled')).statusCode).toBe(201);
    await deliverFrom(sent);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    expect(after.DisclosableConvictions - before.DisclosableConvictions).toBe(1);
  });

  it("a reconciliation leaves a stored conviction's entry where it is", async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2023-07-05', months: 24 });
    const sent = queue.sent.length;
    const response = await submit(body, 'stored-conviction');
    expect(response.statusCode).toBe(201);
    const work = queue.sent[sent] as { recordId: string; personIndex: string };
    const before = await counts();
    // A reconciliation naming the stored conviction, as a compromised sender could send it.
    stack.queue.sent.push({
      body: work,
      groupId: work.personIndex,
      deduplicationId: `${work.recordId}:reconcile:forged`,
    });
    // Not even for a moment: the service does not try to delete the entry.
    stack.faults.throttle('DisclosableConvictions', 'Delete');
    await deliverFrom(sent);
    expect(await counts()).toEqual(before);
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
