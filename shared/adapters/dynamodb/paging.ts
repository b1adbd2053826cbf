/**
 * Pages of a list read from one or more index partitions, in a stable order (each partition
 * by its sort key, then the next partition). The cursor is the last item's position — the
 * partition's ordinal, its sort key and item ID — as base64url JSON, opaque to the caller.
 * The partitions always come from the caller, never from the cursor: a cursor cannot lead
 * into another organisation's or person's list.
 */
import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { InvalidCursorError } from '../../errors.ts';
import { dynamo } from './client.ts';

export type Partition = { indexName?: string; keyName: string; value: string };

export type PageRequest = { cursor?: string; limit: number };

const positionSchema = z.strictObject({
  p: z.number().int().min(0).max(16),
  s: z.string().min(1).max(200).optional(),
  i: z.string().min(1).max(200).optional(),
});

type Position = z.infer<typeof positionSchema>;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names; a 400 naming `cursor` for anything this list did not hand out. */
export function decodeCursor(cursor: string, partitions: number): Position {
  try {
    if (/^[A-Za-z0-9_-]+$/.test(cursor)) {
      const position = positionSchema.parse(
        JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
      );
      if (position.p < partitions && (position.s === undefined) === (position.i === undefined)) {
        return position;
      }
    }
  } catch {}
  throw new InvalidCursorError('cursor');
}

/**
 * One page of the items in `partitions`, in order: each partition by `sortKey` (newest first
 * when `descending`), then the next. Returns the items as the query gave them (an index's
 * keys only, when it projects keys only), each with its partition's ordinal, and the cursor
 * of the next page.
 */
export async function pageOfItems(
  client: DynamoDBDocumentClient,
  table: {
    tableName: string;
    idName: string;
    sortKey: string;
    descending: boolean;
    consistentRead?: boolean;
  },
  partitions: readonly Partition[],
  request: PageRequest,
): Promise<{ items: { item: Record<string, unknown>; partition: number }[]; cursor?: string }> {
  const start: Position =
    request.cursor === undefined ? { p: 0 } : decodeCursor(request.cursor, partitions.length);
  const items: { item: Record<string, unknown>; partition: number }[] = [];
  let p = start.p;
  let after = start.s !== undefined && start.i !== undefined ? { s: start.s, i: start.i } : null;
  while (p < partitions.length) {
    const partition = partitions[p] as Partition;
    const result = await dynamo(() =>
      client.send(
        new QueryCommand({
          TableName: table.tableName,
          ...(partition.indexName ? { IndexName: partition.indexName } : {}),
          KeyConditionExpression: '#k = :v',
          ExpressionAttributeNames: { '#k': partition.keyName },
          ExpressionAttributeValues: { ':v': partition.value },
          ScanIndexForward: !table.descending,
          ...(table.consistentRead ? { ConsistentRead: true } : {}),
          Limit: request.limit - items.length,
          ...(after
            ? {
                ExclusiveStartKey: {
                  [partition.keyName]: partition.value,
                  [table.sortKey]: after.s,
                  [table.idName]: after.i,
                },
              }
            : {}),
        }),
      ),
    );
    for (const item of result.Items ?? []) items.push({ item, partition: p });
    const last = result.LastEvaluatedKey;
    if (last) {
      return {
        items,
        cursor: encodeCursor({ p, s: String(last[table.sortKey]), i: String(last[table.idName]) }),
      };
    }
    p += 1;
    after = null;
    if (items.length >= request.limit) {
      return p < partitions.length ? { items, cursor: encodeCursor({ p }) } : { items };
    }
  }
  return { items };
}
