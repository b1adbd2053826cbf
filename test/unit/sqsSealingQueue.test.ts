/**
 * The sealing queue's message identity, on which its high-throughput mode relies
 * (shared/definitions/queues.ts): deduplication per message group drops exactly what
 * deduplication per queue would only if a record's work is always sent in one group.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsSealingQueue } from '#shared/adapters/sqs/sqsSealingQueue.ts';
import { recordIdFor } from '#shared/usecases/ingestRecord.ts';
import { fakeSqs } from '../support/fakeSqs.ts';

describe('Class: SqsSealingQueue', () => {
  it('groups by person and deduplicates by record, the record ID being bound to its person', async () => {
    const client = new SQSClient({ region: 'cn-north-1' });
    const sqs = fakeSqs(client);
    const queue = new SqsSealingQueue(client, 'https://sqs.example/SealingWork.fifo');
    const submission = { recordType: 'judgment', effectiveDate: '2015-03-02' } as const;
    const person = 'blind-index-of-person-a';
    const recordId = recordIdFor('court-0105', person, 'case-index-1', submission);

    await queue.enqueue({ recordId, personIndex: person });

    expect(sqs.sent).toEqual([
      { body: { recordId, personIndex: person }, groupId: person, deduplicationId: recordId },
    ]);
    // The same case and record for another person is another record ID: one ID, one group.
    expect(
      recordIdFor('court-0105', 'blind-index-of-person-b', 'case-index-1', submission),
    ).not.toBe(recordId);
  });
});
