/**
 * The bulk-import function as the distributed map invokes it: one batch of lines with the
 * import's role, org and official. In process, on real dynalite tables with local keys, the
 * sealing queue recorded; DynamoDB throttled on demand. A batch that fails is retried whole
 * by the state machine — it must then create nothing twice.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '#functions/bulk-import/handler.ts';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { composeBulkImport } from '#shared/composition/bulkImport.ts';
import type { SealingWork } from '#shared/ports/sealingQueue.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { lambdaContext } from '../support/events.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let handler: (event: unknown, context: unknown) => Promise<BatchResult>;
const queued: SealingWork[] = [];
const batchInput = { role: 'court', org: 'court-bulk', sub: 'officer-7' };

beforeAll(async () => {
  stack = await startFaultStack();
  const { bulkImportHandler } = await import('#functions/bulk-import/handler.ts');
  handler = bulkImportHandler(
    new IngestRecord({
      ...(await composeBulkImport(stack.config, stack.overrides)),
      queue: {
        enqueue: async (work) => void queued.push(work),
        reconcile: async (work) => void queued.push(work),
      },
    }),
  ) as unknown as typeof handler;
});
afterEach(() => stack.heal());
afterAll(async () => stack.close());

const invoke = (items: { line: number; record: unknown }[], input: object = batchInput) =>
  handler({ Items: items, BatchInput: input }, lambdaContext());

/** Audit events written (one item each: one put per event). */
async function auditEvents(): Promise<number> {
  const client = createDynamoDbClient({
    region: 'cn-north-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
  });
  try {
    const { Count } = await client.send(
      new ScanCommand({ TableName: 'AuditEvents', Select: 'COUNT' }),
    );
    return Count ?? 0;
  } finally {
    client.destroy();
  }
}

async function stored() {
  return {
    records: await stack.count('CriminalRecords'),
    audit: await auditEvents(),
    disclosable: await stack.count('DisclosableConvictions'),
  };
}

describe('bulk-import function', () => {
  it('ingests a batch: counts, rejects by line and code only, effects queued', async () => {
    const minor = syntheticPerson('2004-06-15');
    const adult = syntheticPerson('1990-01-01');
    const sealed = judgment({ person: minor, offenceDate: '2021-03-01', months: 24 });
    const before = await stored();
    const result = await invoke([
      { line: 1, record: sealed },
      { line: 2, record: judgment({ person: adult, offenceDate: '2022-05-01', months: 12 }) },
      { line: 3, record: { ...sealed, offenceDate: 'soon' } },
      { line: 4, record: sealed },
      { line: 5, record: { ...sealed, recordType: 'non-prosecution', sentence: undefined } },
    ]);
    expect(result).toEqual({
      records: 5,
      sealed: 1,
      notSealed: 1,
      alreadyPresent: 1,
      rejected: 2,
      rejects: [
        {
          line: 3,
          code: 'invalid-request',
          errors: [expect.objectContaining({ path: 'offenceDate' })],
        },
        {
          line: 5,
          code: 'record-type-not-allowed',
          errors: [expect.objectContaining({ path: 'recordType' })],
        },
      ],
    });
    const text = JSON.stringify(result);
    for (const secret of [
      minor.nationalId,
      minor.name,
      adult.nationalId,
      sealed.caseNumber as string,
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(await stored()).toMatchObject({ records: before.records + 2 });
    expect(queued.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['the records table', 'CriminalRecords'],
    ['the audit log, after a record was written', 'AuditEvents'],
  ])(
    'a batch retried after it failed half-way (%s) creates nothing twice',
    async (_label, table) => {
      const people = Array.from({ length: 6 }, () => syntheticPerson('2004-06-15'));
      const items = people.map((person, i) => ({
        line: i + 1,
        record: judgment({ person, offenceDate: '2021-03-01', months: 24 }),
      }));
      const before = await stored();

      // The first half goes in; then the records table throttles for good.
      expect(await invoke(items.slice(0, 3))).toMatchObject({ records: 3, sealed: 3, rejected: 0 });
      stack.faults.throttle(table, 'Put');
      await expect(invoke(items)).rejects.toThrow();
      expect(await stored()).toMatchObject({ records: before.records + 3 });

      stack.heal();
      const retried = await invoke(items);
      expect(retried).toMatchObject({ records: 6, sealed: 3, alreadyPresent: 3, rejected: 0 });
      const again = await invoke(items);
      expect(again).toMatchObject({ records: 6, sealed: 0, alreadyPresent: 6 });
      const after = await stored();
      expect(after.records).toBe(before.records + 6);
      // One ingestion event per record, however often it was retried.
      expect(after.audit - before.audit).toBe(6);
    },
  );

  it('refuses a malformed batch (a wiring fault), storing nothing', async () => {
    const before = await stored();
    const record = judgment({ person: syntheticPerson(), offenceDate: '2021-03-01' });
    await expect(
      invoke([{ line: 1, record }], { ...batchInput, role: 'citizen' }),
    ).rejects.toThrow();
    await expect(invoke([{ line: 0, record }])).rejects.toThrow();
    // Org and official as the API checks token claims: one line of text, within limits.
    await expect(
      invoke([{ line: 1, record }], { ...batchInput, org: 'court\u0000-0105' }),
    ).rejects.toThrow();
    await expect(
      invoke([{ line: 1, record }], { ...batchInput, sub: 'x'.repeat(256) }),
    ).rejects.toThrow();
    expect(await stored()).toEqual(before);
  });
});
