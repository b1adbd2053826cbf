/**
 * Counts the DynamoDB commands this process sends, split into the request path's and the
 * audit sequencer's (which in AWS runs off the path, fed by the events table's stream): every
 * `DynamoDBClient` of the process is counted, whichever composition made it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The sequencer's own tables: the tree, and the former chains it imports. */
const SEQUENCER_TABLES = new Set(['AuditTree', 'AuditLog']);

export type StorageCounts = { requestPath: number; sequencer: number };

export function countStorageCommands() {
  const counts: StorageCounts = { requestPath: 0, sequencer: 0 };
  const send = DynamoDBClient.prototype.send;
  DynamoDBClient.prototype.send = function (this: DynamoDBClient, ...args: never[]) {
    const input = (args[0] as { input?: Record<string, unknown> } | undefined)?.input ?? {};
    const name = (args[0] as unknown as { constructor: { name: string } }).constructor.name;
    const tables = [
      ...(typeof input.TableName === 'string' ? [input.TableName] : []),
      ...Object.keys((input.RequestItems as object | undefined) ?? {}),
    ];
    // A scan of the events table is the sequencer's sweep.
    const sequencer =
      tables.some((t) => SEQUENCER_TABLES.has(t)) ||
      (name === 'ScanCommand' && tables.includes('AuditEvents'));
    if (sequencer) counts.sequencer += 1;
    else counts.requestPath += 1;
    return (send as (...a: never[]) => unknown).apply(this, args);
  } as typeof send;
  return {
    snapshot: (): StorageCounts => ({ ...counts }),
    since: (before: StorageCounts): StorageCounts => ({
      requestPath: counts.requestPath - before.requestPath,
      sequencer: counts.sequencer - before.sequencer,
    }),
  };
}
