/**
 * The disclosable set — what certificates and letters are decided from — never holds a
 * sealed conviction, not even for the moment between a record's ingestion and the sealing
 * service applying its effects: ingestion adds only what its own decision calls disclosable,
 * and the sealing service only moves records towards disclosure on a legal ground. Checked
 * right after ingestion, with the sealing service held back, and again after it ran.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { composeSealingService } from '#shared/composition/sealingService.ts';
import type { MacGenerator } from '#shared/domain/blindIndex.ts';
import { blindIndexOfPerson } from '#shared/domain/blindIndex.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import type { DisclosableConvictions } from '#shared/ports/recordStore.ts';
import type { SealingWork } from '#shared/ports/sealingQueue.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let ingest: IngestRecord;
let effects: ApplySealingEffects;
let disclosable: DisclosableConvictions;
let mac: MacGenerator;
/** The sealing service's queue, held: nothing runs until the test says so. */
const held: SealingWork[] = [];
const court = { subject: 'judge-1', role: 'court', organisation: 'court-disclosable' };

beforeAll(async () => {
  stack = await startFaultStack();
  const ingestion = (await composeIngestRecord(stack.config, stack.overrides)).dependencies;
  mac = ingestion.mac;
  ingest = new IngestRecord({
    ...ingestion,
    queue: {
      enqueue: async (w) => void held.push(w),
      reconcile: async (w) => void held.push(w),
    },
  });
  // Read through the sealing service's adapter: the ingestion may only add entries.
  const service = await composeSealingService(stack.config, stack.overrides);
  disclosable = service.disclosable;
  effects = new ApplySealingEffects(service);
});
afterAll(async () => stack.close());

async function disclosableOf(nationalId: string): Promise<string[]> {
  return disclosable.recordIdsOf(await blindIndexOfPerson(mac, nationalId));
}

async function applyHeldEffects(): Promise<void> {
  for (const work of held.splice(0)) await effects.execute(work);
}

describe('the disclosable set', () => {
  it('never holds a sealed conviction: right after ingestion, and after the sealing service', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 12, max: 25 }),
        fc.integer({ min: 6, max: 120 }),
        async (age, months) => {
          const person = syntheticPerson('2000-03-10');
          const year = 2000 + age;
          const result = await ingest.execute(
            recordSubmissionSchema.parse(
              judgment({
                person,
                offenceDate: `${year}-06-01`,
                effectiveDate: `${year + 1}-01-15`,
                months,
              }),
            ),
            court,
          );
          const expected = result.sealed ? [] : [result.recordId];
          // Between ingestion and the sealing service: only what is not sealed.
          expect(await disclosableOf(person.nationalId)).toEqual(expected);
          await applyHeldEffects();
          expect(await disclosableOf(person.nationalId)).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('holds an adult’s conviction from the moment it is ingested (the check can tell)', async () => {
    const person = syntheticPerson('1990-01-01');
    const result = await ingest.execute(
      recordSubmissionSchema.parse(judgment({ person, offenceDate: '2020-05-01', months: 6 })),
      court,
    );
    expect(result.sealed).toBe(false);
    expect(await disclosableOf(person.nationalId)).toEqual([result.recordId]);
    await applyHeldEffects();
  });

  it('keeps a conviction’s entry while its retry stores the record, however late the failed attempt’s reconciliation runs', async () => {
    // The first attempt's record write fails after its entry was added; it asks the sealing
    // service to reconcile. The retry adds the entry again, and the reconciliation is run just
    // before the retry's record write lands: the moment a certificate could slip through.
    const person = syntheticPerson('1990-01-01');
    const submission = recordSubmissionSchema.parse(
      judgment({ person, offenceDate: '2021-02-01', months: 8 }),
    );
    const ingestion = (await composeIngestRecord(stack.config, stack.overrides)).dependencies;
    let attempts = 0;
    const duringRetry: string[][] = [];
    const retried = new IngestRecord({
      ...ingestion,
      records: {
        get: (id) => ingestion.records.get(id),
        routingOf: (id) => ingestion.records.routingOf(id),
        deleteUnaudited: (id, version) => ingestion.records.deleteUnaudited(id, version),
        change: (id, change) => ingestion.records.change(id, change),
        completeEffects: (id) => ingestion.records.completeEffects(id),
        listPendingEffects: () => ingestion.records.listPendingEffects(),
        create: async (record) => {
          attempts += 1;
          if (attempts === 1) throw new Error('the record write failed');
          await applyHeldEffects();
          duringRetry.push(await disclosableOf(person.nationalId));
          return ingestion.records.create(record);
        },
      },
      queue: {
        enqueue: async (w) => void held.push(w),
        reconcile: async (w) => void held.push(w),
      },
    });
    await expect(retried.execute(submission, court)).rejects.toThrow();
    expect(held.map((w) => w.recordId)).toHaveLength(1);
    const result = await retried.execute(submission, court);
    expect(duringRetry).toEqual([[result.recordId]]);
    expect(await disclosableOf(person.nationalId)).toEqual([result.recordId]);
    await applyHeldEffects();
    expect(await disclosableOf(person.nationalId)).toEqual([result.recordId]);
  });
});
