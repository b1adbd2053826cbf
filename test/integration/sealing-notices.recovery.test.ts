/**
 * The sealing service's notices survive an attempt that stops right after its write: the
 * record was unsealed (or superseded) but the notice to its owner was not stored — a crash, or
 * here a throttled Notices table. The record stays `effectsPending`; the next attempt
 * (a redelivery, a restart, a re-run of the bulk import) finds the change already made and
 * must still send the notice, once.
 *
 * In process, on real dynalite tables with local keys; DynamoDB throttled on demand.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { composeSealingService } from '#shared/composition/sealingService.ts';
import { DependencyUnavailableError } from '#shared/errors.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import type { SealingWork } from '#shared/ports/sealingQueue.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticCaseNumber, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let ingest: IngestRecord;
let effects: ApplySealingEffects;
const queued: SealingWork[] = [];
const court = { subject: 'officer-1', role: 'court', organisation: 'court-notices' };

beforeAll(async () => {
  stack = await startFaultStack();
  ingest = new IngestRecord({
    ...(await composeIngestRecord(stack.config, stack.overrides)).dependencies,
    queue: {
      enqueue: async (work) => void queued.push(work),
      reconcile: async (work) => void queued.push(work),
    },
  });
  effects = new ApplySealingEffects(await composeSealingService(stack.config, stack.overrides));
});
afterEach(() => stack.heal());
afterAll(async () => stack.close());

async function scan(table: string) {
  const observer = createDynamoDbClient({
    region: 'cn-north-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
  });
  try {
    const { Items = [] } = await observer.send(new ScanCommand({ TableName: table }));
    return Items.map((item) => unmarshall(item));
  } finally {
    observer.destroy();
  }
}

/** Ingests and applies the effects, as the sealing service would on delivery. */
async function submit(body: unknown) {
  const result = await ingest.execute(recordSubmissionSchema.parse(body), court);
  expect(result.created).toBe(true);
  const work = queued.find((w) => w.recordId === result.recordId);
  if (!work) throw new Error('nothing queued');
  return { result, apply: () => effects.execute(work) };
}

async function noticesOf(recordId: string, kind: string) {
  return (await scan('Notices')).filter((n) => n.recordId === recordId && n.kind === kind);
}

describe('a notice whose attempt stopped after the change', () => {
  it('unsealed: the next attempt still notifies the owner, once', async () => {
    const person = syntheticPerson('2004-06-15');
    const earlierCase = syntheticCaseNumber();
    const earlier = await submit(
      judgment({
        person,
        caseNumber: earlierCase,
        offenceDate: '2019-08-01',
        effectiveDate: '2020-01-10',
        months: 24,
      }),
    );
    expect(earlier.result.sealed).toBe(true);
    await earlier.apply();
    const combining = await submit(
      judgment({
        person,
        offenceDate: '2021-08-01',
        effectiveDate: '2022-03-01',
        months: 72,
        combinedWith: [earlierCase],
      }),
    );

    stack.faults.throttle('Notices', 'Put');
    await expect(combining.apply()).rejects.toBeInstanceOf(DependencyUnavailableError);
    const unsealed = (await scan('CriminalRecords')).find(
      (r) => r.recordId === earlier.result.recordId,
    );
    expect(unsealed).toMatchObject({ status: 'open' });
    expect(await noticesOf(earlier.result.recordId, 'unsealed')).toEqual([]);

    stack.heal();
    await combining.apply();
    await combining.apply();
    expect(await noticesOf(earlier.result.recordId, 'unsealed')).toHaveLength(1);
    const stored = (await scan('CriminalRecords')).find(
      (r) => r.recordId === combining.result.recordId,
    );
    expect(stored?.effectsPending).toBeUndefined();
  });

  it('superseded: the next attempt still notifies the owner, once', async () => {
    const person = syntheticPerson('2004-06-15');
    const original = await submit(
      judgment({ person, offenceDate: '2019-08-01', effectiveDate: '2020-01-10', months: 24 }),
    );
    await original.apply();
    const retrial = await submit(
      judgment({
        person,
        offenceDate: '2019-08-01',
        effectiveDate: '2020-09-10',
        months: 30,
        supersedesRecordId: original.result.recordId,
      }),
    );

    stack.faults.throttle('Notices', 'Put');
    await expect(retrial.apply()).rejects.toBeInstanceOf(DependencyUnavailableError);
    const superseded = (await scan('CriminalRecords')).find(
      (r) => r.recordId === original.result.recordId,
    );
    expect(superseded).toMatchObject({ supersededBy: retrial.result.recordId });
    expect(await noticesOf(original.result.recordId, 'superseded')).toEqual([]);

    stack.heal();
    await retrial.apply();
    await retrial.apply();
    expect(await noticesOf(original.result.recordId, 'superseded')).toHaveLength(1);
    const events = (await scan('AuditEvents'))
      .map((item) => JSON.parse(String(item.record)) as Record<string, unknown>)
      .filter((e) => e.action === 'notice.create' && e.target === original.result.recordId);
    expect(events).toHaveLength(1);
  });
});
