/**
 * Counts the DynamoDB commands this process sends, split into the request path's and the
 * audit sequencer's (which in AWS runs off the path, fed by the events table's stream): every
 * `DynamoDBClient` and `DynamoDBDocumentClient` of the process is counted, whichever
 * composition made it (a document client's command does not pass through its client's
 * `send`, so each is counted once).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The sequencer's own tables: the tree, and the former chains it imports. */
const SEQUENCER_TABLES = new Set(['AuditTree', 'AuditLog']);

export type StorageCounts = { requestPath: number; sequencer: number };

export function countStorageCommands() {
  const counts: StorageCounts = { requestPath: 0, sequencer: 0 };
  for (const prototype of [DynamoDBClient.prototype, DynamoDBDocumentClient.prototype]) {
    const send = prototype.send;
    prototype.send = function (this: unknown, ...args: never[]) {
      const command = args[0] as unknown as {
        input?: Record<string, unknown>;
        constructor: { name: string };
      };
      const input = command.input ?? {};
      const tables = [
        ...(typeof input.TableName === 'string' ? [input.TableName] : []),
        ...Object.keys((input.RequestItems as object | undefined) ?? {}),
      ];
      // A scan of the events table is the sequencer's sweep.
      const sequencer =
        tables.some((t) => SEQUENCER_TABLES.has(t)) ||
        (command.constructor.name === 'ScanCommand' && tables.includes('AuditEvents'));
      if (sequencer) counts.sequencer += 1;
      else counts.requestPath += 1;
      return (send as (...a: never[]) => unknown).apply(this, args);
    } as typeof send;
  }
  return {
    snapshot: (): StorageCounts => ({ ...counts }),
    since: (before: StorageCounts): StorageCounts => ({
      requestPath: counts.requestPath - before.requestPath,
      sequencer: counts.sequencer - before.sequencer,
    }),
  };
}
