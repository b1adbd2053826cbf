/**
 * The audit adapter appends each event exactly once (DESIGN.md invariants 5, 7) with
 * conditional puts only: concurrent appends of one event write one entry; an append that
 * crashed after its claim, or after its entry, is completed by the next append of the event
 * without a second entry; a claimed position lost to another event moves to a successor
 * claim; the chains verify throughout. Crashes are reproduced by writing the items a
 * crashed writer would have left, on real dynalite tables.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '#shared/adapters/dynamodb/auditLog.ts';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { chainHash, verifyAuditChain } from '#shared/domain/auditChain.ts';
import type { AuditEvent } from '#shared/ports/auditLog.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let doc: ReturnType<typeof createDocumentClient>;
/** One chain, so that every event competes for the same positions. */
let audit: DynamoDbAuditLog;

const actor = { subject: 'officer-1', role: 'court', organisation: 'court-audit' };

function event(id: string): AuditEvent {
  return {
    eventId: `test.append:${id}`,
    at: new Date().toISOString(),
    actor,
    action: 'record.mark-sealed-information',
    recordId: id,
    legalBasis: ['IM art. 5'],
  };
}

async function entriesOf(eventId: string) {
  return (await audit.readChain('chain-0')).filter((entry) => entry.eventId === eventId);
}

async function put(item: Record<string, unknown>) {
  await doc.send(new PutCommand({ TableName: 'AuditLog', Item: item }));
}

async function head() {
  const chain = await audit.readChain('chain-0');
  const last = chain.at(-1);
  return { seq: last?.seq ?? 0, hash: last?.hash ?? '0'.repeat(64) };
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  doc = createDocumentClient(
    createDynamoDbClient({ region: 'cn-north-1', endpoint: process.env.DYNAMODB_ENDPOINT }),
  );
  audit = new DynamoDbAuditLog(doc, 'AuditLog', 1);
});
afterAll(async () => stack.close());

describe('Class: DynamoDbAuditLog', () => {
  it('50 concurrent appends of one event write one entry', async () => {
    const e = event(`concurrent-${Math.random()}`);
    await Promise.all(Array.from({ length: 50 }, () => audit.append({ ...e })));
    expect(await entriesOf(e.eventId)).toHaveLength(1);
  });

  it('50 concurrent appends of 10 events on one chain write each once, in an intact chain', async () => {
    const events = Array.from({ length: 10 }, (_, i) => event(`mixed-${i}-${Math.random()}`));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => audit.append({ ...(events[i % 10] as AuditEvent) })),
    );
    for (const e of events) expect(await entriesOf(e.eventId)).toHaveLength(1);
    expect(verifyAuditChain(await audit.readChain('chain-0'))).toMatchObject({ intact: true });
  });

  it('completes an append that crashed after its claim', async () => {
    const e = event(`claimed-${Math.random()}`);
    const { seq, hash } = await head();
    await put({
      chain: `event#${e.eventId}`,
      seq: 1,
      entryChain: 'chain-0',
      entrySeq: seq + 1,
      prevHash: hash,
    });
    await audit.append(e);
    const entries = await entriesOf(e.eventId);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.seq).toBe(seq + 1);
  });

  it('does not repeat an append that crashed after its entry, before its completion', async () => {
    const e = event(`written-${Math.random()}`);
    const { seq, hash } = await head();
    const claim = { entryChain: 'chain-0', entrySeq: seq + 1, prevHash: hash };
    await put({ chain: `event#${e.eventId}`, seq: 1, ...claim });
    await put({ ...e, chain: 'chain-0', seq: seq + 1, prevHash: hash, hash: chainHash(hash, e) });
    await audit.append({ ...e, at: new Date(Date.now() + 1000).toISOString() });
    expect(await entriesOf(e.eventId)).toHaveLength(1);
    expect(verifyAuditChain(await audit.readChain('chain-0'))).toMatchObject({ intact: true });
  });

  it('moves to a successor claim when another event took the claimed position', async () => {
    const e = event(`lost-${Math.random()}`);
    const { seq, hash } = await head();
    await put({
      chain: `event#${e.eventId}`,
      seq: 1,
      entryChain: 'chain-0',
      entrySeq: seq + 1,
      prevHash: hash,
    });
    const other = event(`taker-${Math.random()}`);
    await audit.append(other); // takes position seq + 1
    await audit.append(e);
    const entries = await entriesOf(e.eventId);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.seq).toBe(seq + 2);
    expect(verifyAuditChain(await audit.readChain('chain-0'))).toMatchObject({ intact: true });
  });

  it('appends nothing for an event already complete', async () => {
    const e = event(`done-${Math.random()}`);
    await audit.append(e);
    const before = (await audit.readChain('chain-0')).length;
    await audit.append({ ...e, at: new Date(Date.now() + 1000).toISOString() });
    expect((await audit.readChain('chain-0')).length).toBe(before);
  });
});
