/**
 * Fail closed, nothing half-written: a KMS or DynamoDB failure at any step of ingestion is
 * a 503 with Retry-After that leaves every table as it was; a retry with the same
 * Idempotency-Key then completes the request exactly once.
 *
 * The handler runs in-process with the KMS adapters (KMS answered by aws-sdk-client-mock,
 * as KMS has no local engine) and real dynalite tables, throttled on demand.
 */
import { KmsKeyringNode } from '@aws-crypto/client-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EsdkEnvelopeCipher } from '#shared/adapters/crypto/esdkEnvelope.ts';
import { DynamoDbAuditLog } from '#shared/adapters/dynamodb/auditLog.ts';
import { DynamoDbCaseLinks } from '#shared/adapters/dynamodb/caseLinks.ts';
import { DynamoDbRecordStore } from '#shared/adapters/dynamodb/recordStore.ts';
import { idempotencyStore } from '#shared/composition.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { fakeKeyArn } from '../support/fakeKms.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

const claims = { sub: 'officer-1', role: 'court', org: 'court-faults' };
const tableNames = ['CriminalRecords', 'CaseLinks', 'AuditLog', 'IdempotencyRecords'] as const;
type Counts = Record<(typeof tableNames)[number], number>;

async function counts(): Promise<Counts> {
  const result = {} as Counts;
  for (const name of tableNames) result[name] = await stack.count(name);
  return result;
}

async function submit(body: unknown, key?: string) {
  return handler(
    apiEvent({ path: '/v1/records', body, claims, headers: key ? { 'idempotency-key': key } : {} }),
    lambdaContext(),
  );
}

beforeAll(async () => {
  stack = await startFaultStack();
  const { config, doc, kmsClient, mac } = stack;
  const keyring = (name: string) =>
    new KmsKeyringNode({ generatorKeyId: fakeKeyArn(name), clientProvider: () => kmsClient });
  const ingest = new IngestRecord({
    mac,
    cipher: new EsdkEnvelopeCipher({
      records: keyring('records'),
      'sealed-archive': keyring('archive'),
    }),
    records: new DynamoDbRecordStore(doc, config.tables.records),
    caseLinks: new DynamoDbCaseLinks(doc, config.tables.caseLinks),
    audit: new DynamoDbAuditLog(doc, config.tables.audit, config.auditChains),
    clock: systemClock,
  });
  const module = await import('#functions/ingest-record/handler.ts');
  handler = module.ingestRecordHandler(
    ingest,
    idempotencyStore(config, mac),
    config,
  ) as unknown as typeof handler;
});

afterEach(() => stack.heal());
afterAll(async () => stack.close());

describe('ingestion under failure', () => {
  it('succeeds through the KMS adapters when nothing fails', async () => {
    const response = await submit(
      judgment({ person: syntheticPerson(), offenceDate: '2021-01-05' }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(stack.kms.calls).toContain('GenerateMac');
    expect(stack.kms.calls).toContain('GenerateDataKey');
  });

  const failures: [string, () => void][] = [
    ['KMS GenerateMac fails', () => stack.kms.fail('GenerateMac')],
    ['KMS GenerateDataKey fails', () => stack.kms.fail('GenerateDataKey')],
    ['the records table throttles', () => stack.faults.throttle('CriminalRecords', 'Put')],
    ['the audit log throttles', () => stack.faults.throttle('AuditLog', 'Put')],
    ['the idempotency table throttles', () => stack.faults.throttle('IdempotencyRecords')],
  ];

  it.each(failures)('%s → 503 with Retry-After, nothing stored', async (_, inject) => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-02-05' });
    const before = await counts();
    inject();
    const response = await submit(body, `fault-${Math.random()}`);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(response.body ?? '{}').code).toBe('dependency-unavailable');
    expect(await counts()).toEqual(before);
  });

  it('a retry with the same key after an audit failure completes it exactly once', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-03-05' });
    const before = await counts();
    stack.faults.throttle('AuditLog', 'Put');
    expect((await submit(body, 'audit-retry')).statusCode).toBe(503);
    stack.faults.heal();
    const retried = await submit(body, 'audit-retry');
    expect(retried.statusCode).toBe(201);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    // one chain entry and one event-ID marker
    expect(after.AuditLog - before.AuditLog).toBe(2);
  });

  it('a failure after the record is audited (case links) is completed by the retry', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-04-05' });
    const before = await counts();
    stack.faults.throttle('CaseLinks', 'Put');
    expect((await submit(body, 'links-retry')).statusCode).toBe(503);
    stack.faults.heal();
    const retried = await submit(body, 'links-retry');
    expect(retried.statusCode).toBe(201);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    expect(after.CaseLinks - before.CaseLinks).toBe(1);
    expect(after.AuditLog - before.AuditLog).toBe(2);
  });
});
