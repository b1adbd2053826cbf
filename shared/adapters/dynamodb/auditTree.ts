import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Hash, Subtree } from '../../domain/audit/merkle.ts';
import { DependencyUnavailableError } from '../../errors.ts';
import type {
  AuditTreeReader,
  AuditTreeStore,
  BatchSummary,
  SequencedLeaf,
  StoredCheckpoint,
  TreeHead,
  TreeWrites,
} from '../../ports/auditTree.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';

const MAX_BATCH_ATTEMPTS = 8;

const b64 = (hash: Hash) => Buffer.from(hash).toString('base64');
const unb64 = (text: unknown): Hash => new Uint8Array(Buffer.from(String(text), 'base64'));

// Each leaf and node its own partition: consecutive indexes are written together, and a
// shared partition would cap the sequencer at one partition's 1,000 writes a second.
const leafKey = (index: number) => ({ part: `leaf#${index}`, pos: 0 });
const nodeKey = ({ level, index }: Subtree) => ({ part: `node#${level}#${index}`, pos: 0 });
const eventKeyOf = (eventKey: string) => ({ part: `event#${eventKey}`, pos: 0 });
const HEAD = { part: 'head', pos: 0 };

/**
 * The sequencer's table (DESIGN.md invariant 5): the head (size, root, compact range), the
 * leaves (each entry's canonical JSON and leaf hash) and the completed interior nodes of the
 * RFC 9162 tree, one partition each; a marker per sequenced event; a summary per batch (its
 * first index and time span, to find a window without reading the log); the signed
 * checkpoints by tree size. Only the sequencer writes it; the export function reads it.
 */
export class DynamoDbAuditTree implements AuditTreeStore, AuditTreeReader {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  readonly #nodes = new Map<string, Hash>();

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async head(): Promise<TreeHead | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: HEAD, ConsistentRead: true }),
      ),
    );
    if (!Item) return undefined;
    return {
      size: Number(Item.size),
      root: unb64(Item.root),
      range: (Item.range as string[]).map(unb64),
      imported: Number(Item.imported),
      migrated: Item.migrated === true,
    };
  }

  async commit(head: TreeHead, previousSize: number): Promise<'committed' | 'conflict'> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...HEAD,
              size: head.size,
              root: b64(head.root),
              range: head.range.map(b64),
              imported: head.imported,
              migrated: head.migrated,
            },
            ConditionExpression:
              previousSize === 0 ? 'attribute_not_exists(part) OR #size = :p' : '#size = :p',
            ExpressionAttributeNames: { '#size': 'size' },
            ExpressionAttributeValues: { ':p': previousSize },
          }),
        ),
      );
      return 'committed';
    } catch (error) {
      if (isConditionalCheckFailure(error)) return 'conflict';
      throw error;
    }
  }

  async sequenced(
    eventKeys: readonly string[],
  ): Promise<Map<string, { index: number; digest: string }>> {
    const found = new Map<string, { index: number; digest: string }>();
    for (const item of await this.batchGet(eventKeys.map(eventKeyOf))) {
      found.set(String(item.part).slice('event#'.length), {
        index: Number(item.index),
        digest: String(item.digest),
      });
    }
    return found;
  }

  async write(writes: TreeWrites): Promise<void> {
    const items: Record<string, unknown>[] = [
      ...writes.leaves.map((leaf) => ({
        ...leafKey(leaf.index),
        eventKey: leaf.eventKey,
        entry: leaf.entry,
        leafHash: b64(leaf.leafHash),
        at: leaf.at,
      })),
      ...writes.nodes.map(({ subtree, hash }) => ({ ...nodeKey(subtree), hash: b64(hash) })),
      ...writes.sequenced.map(({ eventKey, index, digest }) => ({
        ...eventKeyOf(eventKey),
        index,
        digest,
      })),
      ...(writes.batch ? [{ part: 'batch', pos: writes.batch.first, ...writes.batch }] : []),
    ];
    const chunks: Record<string, unknown>[][] = [];
    for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
    // Eight batch writes in flight: a stream batch of 1,000 events is about 120 of them.
    for (let i = 0; i < chunks.length; i += 8) {
      await Promise.all(chunks.slice(i, i + 8).map((chunk) => this.batchPut(chunk)));
    }
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const { Items } = await dynamo(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'part = :p',
          ExpressionAttributeValues: { ':p': 'checkpoint' },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const item = Items?.[0];
    return item && checkpointOf(item);
  }

  async storeCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              part: 'checkpoint',
              pos: checkpoint.size,
              root: b64(checkpoint.root),
              note: checkpoint.note,
              at: checkpoint.at,
            },
            ConditionExpression: 'attribute_not_exists(part)',
          }),
        ),
      );
    } catch (error) {
      // The first checkpoint signed at a size stays; this one is of the same tree.
      if (!isConditionalCheckFailure(error)) throw error;
    }
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'part = :p',
      ExpressionAttributeValues: { ':p': 'checkpoint' },
      ConsistentRead: true,
    });
    return items.map(checkpointOf);
  }

  async batches(): Promise<BatchSummary[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'part = :p',
      ExpressionAttributeValues: { ':p': 'batch' },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      first: Number(item.first),
      count: Number(item.count),
      minAt: String(item.minAt),
      maxAt: String(item.maxAt),
    }));
  }

  async leafEvents(indexes: readonly number[]): Promise<Map<number, string>> {
    const items = await this.batchGet([...new Set(indexes)].map(leafKey));
    return new Map(
      items.map((item) => [Number(String(item.part).slice('leaf#'.length)), String(item.eventKey)]),
    );
  }

  async leaves(start: number, end: number): Promise<SequencedLeaf[]> {
    const keys = Array.from({ length: Math.max(0, end - start) }, (_, i) => leafKey(start + i));
    const items = await this.batchGet(keys);
    return items
      .map((item) => ({
        index: Number(String(item.part).slice('leaf#'.length)),
        eventKey: String(item.eventKey),
        entry: String(item.entry),
        leafHash: unb64(item.leafHash),
        at: String(item.at),
      }))
      .sort((a, b) => a.index - b.index);
  }

  /** A perfect subtree's hash: a leaf's, or a stored interior node's (immutable once committed). */
  async perfect(subtree: Subtree): Promise<Hash> {
    const cacheKey = `${subtree.level}/${subtree.index}`;
    const cached = this.#nodes.get(cacheKey);
    if (cached) return cached;
    const key = subtree.level === 0 ? leafKey(subtree.index) : nodeKey(subtree);
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      ),
    );
    const text = Item?.[subtree.level === 0 ? 'leafHash' : 'hash'];
    if (typeof text !== 'string') throw new DependencyUnavailableError('audit-tree');
    const hash = unb64(text);
    if (this.#nodes.size > 50_000) this.#nodes.clear();
    this.#nodes.set(cacheKey, hash);
    return hash;
  }

  private async batchGet(keys: Record<string, unknown>[]): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_BATCH_ATTEMPTS) throw new DependencyUnavailableError('audit-tree');
        if (attempt > 0) await pause(attempt);
        const output = await dynamo(() =>
          this.client.send(
            new BatchGetCommand({
              RequestItems: { [this.tableName]: { Keys: pending, ConsistentRead: true } },
            }),
          ),
        );
        found.push(...(output.Responses?.[this.tableName] ?? []));
        pending = output.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      }
    }
    return found;
  }

  private async batchPut(items: Record<string, unknown>[]): Promise<void> {
    let pending = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new DependencyUnavailableError('audit-tree');
      if (attempt > 0) await pause(attempt);
      const output = await dynamo(() =>
        this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } })),
      );
      pending = (output.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
    }
  }
}

function checkpointOf(item: Record<string, unknown>): StoredCheckpoint {
  return {
    size: Number(item.pos),
    root: unb64(item.root),
    note: String(item.note),
    at: String(item.at),
  };
}

const pause = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt)));
