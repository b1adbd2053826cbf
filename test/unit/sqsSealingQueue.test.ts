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

  it("sends a reconciliation in the person's group under a deduplication ID of its own", async () => {
    const client = new SQSClient({ region: 'cn-north-1' });
    const sqs = fakeSqs(client);
    const queue = new SqsSealingQueue(client, 'https://sqs.example/SealingWork.fifo');
    const work = { recordId: 'record-1', personIndex: 'blind-index-of-person-a' };

    await queue.reconcile(work);
    await queue.enqueue(work);
    await queue.reconcile(work);

    const ids = sqs.sent.map((message) => message.deduplicationId);
    // Neither the record's work nor a second reconciliation is dropped as a duplicate.
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe('record-1');
    expect(sqs.sent.map((message) => message.groupId)).toEqual(Array(3).fill(work.personIndex));
    expect(sqs.sent.map((message) => message.body)).toEqual(Array(3).fill(work));
  });
});
