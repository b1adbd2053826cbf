/**
 * The embedded DynamoDB closes the LevelDB iterator of every query (shared/adapters/local/
 * levelIterators.ts): without that, each Query left one open for the life of the process —
 * the heap of a long `npm start` or bulk import grew by about a kilobyte a query.
 *
 * The engine normally runs in its own thread (dynalite.ts); here it runs in the test's own
 * thread, with the same fix loaded, so that the test can count the iterators it closes.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { AbstractValueIterator } from 'abstract-level';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDocumentClient,
  createDynamoDbClient,
  queryAll,
  UNIX_SOCKET_ENDPOINT,
} from '#shared/adapters/dynamodb/client.ts';
import { ensureTables } from '#shared/adapters/local/dynalite.ts';
import '#shared/adapters/local/levelIterators.ts';
import { recordLinksTable } from '#shared/definitions/tables.ts';

let server: Server;
let endpoint: string;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dynalite-iterators-'));
  server = dynalite({ path: join(dir, 'db'), createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(join(dir, 'db.sock'), resolve));
  endpoint = `${UNIX_SOCKET_ENDPOINT}${join(dir, 'db.sock')}`;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the embedded DynamoDB', () => {
  it('closes the iterator of every query it answers', async () => {
    const raw = createDynamoDbClient({ region: 'cn-north-1', endpoint });
    const client = createDocumentClient(raw);
    await ensureTables(raw, [recordLinksTable]);
    for (const recordId of ['a', 'b', 'c']) {
      await client.send(
        new PutCommand({ TableName: 'RecordLinks', Item: { linkKey: 'k', recordId } }),
      );
    }
    const prototype = AbstractValueIterator.prototype as unknown as { close(): Promise<void> };
    const close = prototype.close;
    let closed = 0;
    prototype.close = function countedClose(this: unknown) {
      closed += 1;
      return close.call(this);
    };
    try {
      const QUERIES = 50;
      for (let i = 0; i < QUERIES; i++) {
        const { items } = await queryAll(client, {
          TableName: 'RecordLinks',
          KeyConditionExpression: 'linkKey = :k',
          ExpressionAttributeValues: { ':k': 'k' },
          ...(i % 2 ? { Limit: 1, ScanIndexForward: false } : {}),
        });
        expect(items.length).toBeGreaterThan(0);
      }
      // Each query closes what it opened (a query past a page may open one more).
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(closed).toBeGreaterThanOrEqual(QUERIES);
    } finally {
      prototype.close = close;
      raw.destroy();
    }
  });
});
