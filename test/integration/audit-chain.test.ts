/**
 * The audit log is tamper-evident (DESIGN.md invariant 5): after real ingestions every
 * chain verifies; changing one stored entry, or removing one, is detected at that entry.
 */
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '#shared/adapters/dynamodb/auditLog.ts';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { verifyAuditChain } from '#shared/domain/auditChain.ts';
import type { AuditEntry } from '#shared/ports/auditLog.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let audit: DynamoDbAuditLog;
const doc = () =>
  createDocumentClient(
    createDynamoDbClient({ region: 'cn-north-1', endpoint: process.env.DYNAMODB_ENDPOINT }),
  );

async function longestChain(): Promise<AuditEntry[]> {
  const chains = await Promise.all(audit.chainNames().map((c) => audit.readChain(c)));
  return chains.sort((a, b) => b.length - a.length)[0] ?? [];
}

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  audit = new DynamoDbAuditLog(doc(), 'AuditLog', 8);
  const court = await stack.token('court');
  for (let i = 0; i < 24; i++) {
    // Adults' records: not sealed, so the sealing service adds no event (notices, or the
    // audit of an organisation the agency directory lacks) — one ingestion event each.
    const response = await stack.post(
      '/v1/records',
      court,
      judgment({ person: syntheticPerson('1990-01-01'), offenceDate: '2021-04-01' }),
    );
    expect(response.status).toBe(201);
  }
});
afterAll(async () => stack.close());

describe('audit hash chains', () => {
  it('verify intact after real ingestions', async () => {
    let total = 0;
    for (const chain of audit.chainNames()) {
      const verdict = verifyAuditChain(await audit.readChain(chain));
      expect(verdict, chain).toMatchObject({ intact: true });
      if (verdict.intact) total += verdict.entries;
    }
    expect(total).toBe(24);
  });

  it('detect a changed entry at that entry', async () => {
    const entries = await longestChain();
    expect(entries.length).toBeGreaterThanOrEqual(3);
    const target = entries[1] as AuditEntry;
    const sealed = (target.details?.decision as { sealed?: boolean } | undefined)?.sealed;
    expect(sealed).toBeTypeOf('boolean');
    await doc().send(
      new UpdateCommand({
        TableName: 'AuditLog',
        Key: { chain: target.chain, seq: target.seq },
        UpdateExpression: 'SET details.decision.sealed = :flipped',
        ExpressionAttributeValues: { ':flipped': !sealed },
      }),
    );
    expect(verifyAuditChain(await audit.readChain(target.chain))).toEqual({
      intact: false,
      brokenAtSeq: target.seq,
      reason: 'wrong-hash',
    });
  });

  it('detect a removed entry', async () => {
    const entries = await longestChain();
    const target = entries[0] as AuditEntry;
    await doc().send(
      new DeleteCommand({ TableName: 'AuditLog', Key: { chain: target.chain, seq: target.seq } }),
    );
    expect(verifyAuditChain(await audit.readChain(target.chain))).toMatchObject({
      intact: false,
      brokenAtSeq: 1,
      reason: 'gap',
    });
  });
});
