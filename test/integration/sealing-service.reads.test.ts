/**
 * What applying a record's effects costs: each record is opened (read, KMS Decrypt) once —
 * the record being applied again only if the person's effects just changed it. In a bulk
 * import of millions of records every Decrypt saved is one fewer KMS request per record.
 * The person's link is written once: by the ingestion, or by the service when the ingestion
 * did not get to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { composeSealingService } from '#shared/composition/sealingService.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import type { EnvelopeCipher } from '#shared/ports/envelope.ts';
import { linkKeys, type RecordLinks } from '#shared/ports/recordStore.ts';
import type { SealingWork } from '#shared/ports/sealingQueue.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, syntheticCaseNumber, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let ingest: IngestRecord;
let effects: ApplySealingEffects;
let decrypts = 0;
let links: RecordLinks;
/** The person links the sealing service wrote. */
const linked: string[] = [];
let ingestion: ConstructorParameters<typeof IngestRecord>[0];
const queued: SealingWork[] = [];
const court = { subject: 'officer-1', role: 'court', organisation: 'court-reads' };

beforeAll(async () => {
  stack = await startFaultStack();
  ingestion = {
    ...(await composeIngestRecord(stack.config, stack.overrides)).dependencies,
    queue: {
      enqueue: async (work) => void queued.push(work),
      reconcile: async (work) => void queued.push(work),
    },
  };
  ingest = new IngestRecord(ingestion);
  const dependencies = await composeSealingService(stack.config, stack.overrides);
  links = dependencies.links;
  const cipher: EnvelopeCipher = {
    encrypt: (...args) => dependencies.cipher.encrypt(...args),
    decrypt: (...args) => {
      decrypts += 1;
      return dependencies.cipher.decrypt(...args);
    },
  };
  effects = new ApplySealingEffects({
    ...dependencies,
    cipher,
    links: {
      recordIdsUnder: (key) => links.recordIdsUnder(key),
      link: async (recordId, keys) => {
        linked.push(recordId);
        await links.link(recordId, keys);
      },
    },
  });
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

describe('the person’s link', () => {
  it('is not written again when the ingestion wrote it', async () => {
    linked.length = 0;
    const person = syntheticPerson('2004-06-15');
    expect(await decryptsToApply(judgment({ person, offenceDate: '2021-03-01', months: 24 }))).toBe(
      1,
    );
    expect(linked).toEqual([]);
  });

  it('is written by the service when the ingestion did not get to it, before it reads the person’s records', async () => {
    const person = syntheticPerson('2004-06-15');
    await decryptsToApply(judgment({ person, offenceDate: '2020-03-01', months: 12 }));
    // The second record's ingestion stops between the record's write and its link.
    let unlinked: SealingWork | undefined;
    const crashing = new IngestRecord({
      ...ingestion,
      links: {
        link: async (recordId, [key]) => {
          unlinked = { recordId, personIndex: String(key).slice('person#'.length) };
          throw new Error('the process stopped here');
        },
      },
    });
    await expect(
      crashing.execute(
        recordSubmissionSchema.parse(judgment({ person, offenceDate: '2021-03-01', months: 24 })),
        court,
      ),
    ).rejects.toThrow('the process stopped here');
    if (!unlinked) throw new Error('the ingestion did not reach its link');
    const personKey = linkKeys.person(unlinked.personIndex);
    expect(await links.recordIdsUnder(personKey)).not.toContain(unlinked.recordId);

    linked.length = 0;
    decrypts = 0;
    await effects.execute(unlinked);
    expect(linked).toEqual([unlinked.recordId]);
    expect(await links.recordIdsUnder(personKey)).toContain(unlinked.recordId);
    // Read after the link: the person's earlier record was opened with it.
    expect(decrypts).toBe(2);
  });
});
