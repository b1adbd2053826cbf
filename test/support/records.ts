/**
 * Reading back what ingestion and the sealing service stored: the record item, its envelope
 * decrypted with the local keys (as only the sealing service could in AWS), the disclosable
 * set and the notices. Submissions assert their own outcome, so a test never builds on a
 * setup that silently failed.
 */
import { expect } from 'vitest';
import { envelopeCipher } from '#shared/composition/envelopes.ts';
import { platformOf } from '#shared/composition/platform.ts';
import { readConfig } from '#shared/config.ts';
import { decodeEnvelope, type RecordEnvelope } from '#shared/domain/recordEnvelope.ts';
import type { KeyClass } from '#shared/ports/envelope.ts';
import { recordEnvelopeContext } from '#shared/ports/recordStore.ts';
import type { ApiResponse, TestStack } from './stack.ts';

export type StoredItem = Record<string, unknown> & {
  recordId: string;
  status: 'sealed' | 'open';
  keyClass: KeyClass;
  blindIndex: string;
};

/** POSTs a record, asserts 201 and (when given) the sealing decision; returns the answer. */
export async function submitRecord(
  stack: TestStack,
  token: string,
  body: unknown,
  expected: { sealed?: boolean } = {},
): Promise<ApiResponse & { recordId: string }> {
  const response = await stack.post('/v1/records', token, body);
  expect(response.status, response.text).toBe(201);
  if (expected.sealed !== undefined)
    expect(response.json.sealed, response.text).toBe(expected.sealed);
  return { ...response, recordId: String(response.json.recordId) };
}

/** The stored item and its decrypted envelope, after the sealing service is idle. */
export async function storedRecord(
  stack: TestStack,
  recordId: string,
): Promise<{ item: StoredItem; envelope: RecordEnvelope; plaintext: string }> {
  await stack.drainSealingQueue();
  const item = (await stack.scan('CriminalRecords')).find((i) => i.recordId === recordId) as
    | StoredItem
    | undefined;
  if (!item) throw new Error(`record ${recordId} is not stored`);
  const cipher = await envelopeCipher(platformOf(readConfig()), ['records', 'sealed-archive']);
  const plaintext = await cipher.decrypt(
    new Uint8Array(item.envelope as Uint8Array),
    item.keyClass,
    recordEnvelopeContext(recordId),
  );
  const text = new TextDecoder().decode(plaintext);
  return { item, envelope: decodeEnvelope(plaintext), plaintext: text };
}

/** Record IDs in the disclosable set (what certificates and letters see). */
export async function disclosableRecordIds(stack: TestStack): Promise<string[]> {
  await stack.drainSealingQueue();
  return (await stack.scan('DisclosableConvictions')).map((i) => String(i.recordId));
}

/** Notices stored for one recipient organisation. */
export async function noticesFor(stack: TestStack, org: string) {
  await stack.drainSealingQueue();
  return (await stack.scan('Notices')).filter(
    (n) => (n.to as { org?: string } | undefined)?.org === org,
  );
}
