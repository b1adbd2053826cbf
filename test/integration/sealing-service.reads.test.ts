/**
 * What applying a record's effects costs: each record is opened (read, KMS Decrypt) once —
 * the record being applied again only if the person's effects just changed it. In a bulk
 * import of millions of records every Decrypt saved is one fewer KMS request per record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { composeSealingService } from '#shared/composition/sealingService.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import type { EnvelopeCipher } from '#shared/ports/envelope.ts';
import type { SealingWork } from '#shared/ports/sealingQueue.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticCaseNumber, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let ingest: IngestRecord;
let effects: ApplySealingEffects;
let decrypts = 0;
const queued: SealingWork[] = [];
const court = { subject: 'officer-1', role: 'court', organisation: 'court-reads' };

beforeAll(async () => {
  stack = await startFaultStack();
  ingest = new IngestRecord({
    ...(await composeIngestRecord(stack.config, stack.overrides)).dependencies,
    queue: {
      enqueue: async (work) => void queued.push(work),
      reconcile: async (work) => void queued.push(work),
    },
  });
  const dependencies = await composeSealingService(stack.config, stack.overrides);
  const cipher: EnvelopeCipher = {
    encrypt: (...args) => dependencies.cipher.encrypt(...args),
    decrypt: (...args) => {
      decrypts += 1;
      return dependencies.cipher.decrypt(...args);
    },
  };
  effects = new ApplySealingEffects({ ...dependencies, cipher });
});
afterAll(async () => stack.close());

/** Ingests, then counts the decrypts of applying the record's effects. */
async function decryptsToApply(body: unknown): Promise<number> {
  const result = await ingest.execute(recordSubmissionSchema.parse(body), court);
  const work = queued.find((w) => w.recordId === result.recordId);
  if (!work) throw new Error('nothing queued');
  decrypts = 0;
  await effects.execute(work);
  return decrypts;
}

describe('applying a record’s effects', () => {
  it('opens a person’s only record once', async () => {
    const person = syntheticPerson('2004-06-15');
    expect(
      await decryptsToApply(
        judgment({
          person,
          offenceDate: '2021-03-01',
          months: 24,
          notify: [{ role: 'police', org: 'p' }],
        }),
      ),
    ).toBe(1);
  });

  it('opens each of the person’s records once, also when it unseals another', async () => {
    const person = syntheticPerson('2004-06-15');
    const earlierCase = syntheticCaseNumber();
    await decryptsToApply(
      judgment({
        person,
        caseNumber: earlierCase,
        offenceDate: '2019-08-01',
        effectiveDate: '2020-01-10',
        months: 24,
      }),
    );
    expect(
      await decryptsToApply(
        judgment({
          person,
          offenceDate: '2021-08-01',
          effectiveDate: '2022-03-01',
          months: 72,
          combinedWith: [earlierCase],
        }),
      ),
    ).toBe(2);
  });
});
