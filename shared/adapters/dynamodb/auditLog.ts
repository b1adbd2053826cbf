import { createHash } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { auditRecordOf } from '../../domain/audit/record.ts';
import { chainHash, GENESIS_HASH } from '../../domain/auditChain.ts';
import { DependencyUnavailableError } from '../../errors.ts';
import type {
  AuditEntry,
  AuditEvent,
  AuditLog,
  AuditTrail,
  StoredCheckpoint,
} from '../../ports/auditLog.ts';
import { dynamo, isConditionalCheckFailure, queryAll } from './client.ts';

/** Positions an append may lose to other events before it gives up (503; a retry resumes). */
const MAX_CLAIMS_PER_APPEND = 16;

/** Which chain position an event is to take: `seq` ≥ 1 in the event's own partition. */
type Claim = { n: number; entryChain: string; entrySeq: number; prevHash: string };

/** Where an event's append stands, read from its own partition. */
type Progress = { complete: true } | { complete: false; claim?: Claim };

/**
 * Hash-chained audit log on DynamoDB, appended with conditional single-item puts only:
 * the table is append-only for every role (no UpdateItem, no DeleteItem), and each event
 * lands in a chain exactly once, however many writers race and wherever one crashes.
 *
 * Events spread over several chains (by event ID) so appends don't serialise on one item.
 * Beside the chains, each event has its own partition `event#<eventId>`:
 *
 * - claim `n` (seq n ≥ 1), put if absent: "this event goes at <chain, entrySeq>", the
 *   position after the head read just before, with that head's hash as `prevHash`;
 * - completion (seq 0), put after the entry: "the event is at <chain, entrySeq>".
 *
 * Anyone appending the event writes it at the latest claim's position, conditionally on
 * the position being free, so at most one write there succeeds. A claim `n + 1` is put
 * only after position `n` was seen taken by another event — positions never change once
 * written, so the event can no longer appear there — hence the event is in at most one
 * position. No leases and no waiting: a writer that crashed after claiming, or after
 * writing the entry, is completed by the next append of the same event (a retry, or a
 * concurrent writer), which finds the claim and finishes it. The event partitions sit
 * outside every chain, so `verifyAuditChain` never sees them.
 */
export class DynamoDbAuditLog implements AuditLog, AuditTrail {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly chains: number,
  ) {}

  chainOf(eventId: string): string {
    const n = createHash('sha256').update(eventId).digest().readUInt32BE(0) % this.chains;
    return `chain-${n}`;
  }

  async append(event: AuditEvent): Promise<void> {
    const partition = `event#${event.eventId}`;
    // The first append of an event puts claim 1 at once; any later one finds it taken and
    // reads the event's partition instead.
    let claim = await this.claim(partition, 1, this.chainOf(event.eventId));
    for (let attempt = 0; attempt < MAX_CLAIMS_PER_APPEND; attempt++) {
      if (claim === 'complete') return;
      if (await this.writeAt(claim, event)) {
        await this.complete(partition, claim);
        return;
      }
      claim = await this.claim(partition, claim.n + 1, claim.entryChain);
    }
    throw new DependencyUnavailableError('audit-log');
  }

  /** Every chain's name (they are fixed by configuration). */
  chainNames(): string[] {
    return Array.from({ length: this.chains }, (_, n) => `chain-${n}`);
  }

  /** One chain's entries in order, for verification (`verifyAuditChain`). */
  async readChain(chain: string): Promise<AuditEntry[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'chain = :c',
      ExpressionAttributeValues: { ':c': chain },
      ConsistentRead: true,
    });
    return items as AuditEntry[];
  }

  /** The checkpoints stored for a chain, in `seq` order (partition `checkpoint#<chain>`). */
  async checkpoints(chain: string): Promise<StoredCheckpoint[]> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'chain = :c',
      ExpressionAttributeValues: { ':c': `checkpoint#${chain}` },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      chain,
      seq: Number(item.seq),
      hash: String(item.hash),
      at: String(item.at),
      signature: String(item.signature),
      kid: String(item.kid),
    }));
  }

  /** Keeps a checkpoint, once per chain position: the first one signed there stays. */
  async storeCheckpoint(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: { ...checkpoint, chain: `checkpoint#${checkpoint.chain}` },
            ConditionExpression: 'attribute_not_exists(seq)',
          }),
        ),
      );
      return checkpoint;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const kept = (await this.checkpoints(checkpoint.chain)).find((c) => c.seq === checkpoint.seq);
    if (!kept) throw new DependencyUnavailableError('audit-log');
    return kept;
  }

  private async progress(partition: string): Promise<Progress> {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'chain = :p',
      ExpressionAttributeValues: { ':p': partition },
      ConsistentRead: true,
    });
    if (items.some((item) => Number(item.seq) === 0)) return { complete: true };
    const latest = items.at(-1);
    return {
      complete: false,
      claim: latest && {
        n: Number(latest.seq),
        entryChain: String(latest.entryChain),
        entrySeq: Number(latest.entrySeq),
        prevHash: String(latest.prevHash),
      },
    };
  }

  /**
   * Puts claim `n` at the chain's next position. If claim `n` exists already (another
   * writer's, or a crashed attempt's), follows the latest claim instead — or stops when the
   * event is complete.
   */
  private async claim(partition: string, n: number, chain: string): Promise<Claim | 'complete'> {
    const head = await this.head(chain);
    const claim: Claim = { n, entryChain: chain, entrySeq: head.seq + 1, prevHash: head.hash };
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              chain: partition,
              seq: n,
              entryChain: claim.entryChain,
              entrySeq: claim.entrySeq,
              prevHash: claim.prevHash,
            },
            ConditionExpression: 'attribute_not_exists(seq)',
          }),
        ),
      );
      return claim;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const progress = await this.progress(partition);
    if (progress.complete) return 'complete';
    if (!progress.claim) throw new DependencyUnavailableError('audit-log'); // cannot happen: claims stay
    return progress.claim;
  }

  /**
   * Writes the event at the claimed position if it is free. True when the event is there
   * (this write or an earlier one), false when another event holds the position.
   */
  private async writeAt(claim: Claim, event: AuditEvent): Promise<boolean> {
    const key = { chain: claim.entryChain, seq: claim.entrySeq };
    const record = auditRecordOf(event);
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...record,
              ...key,
              prevHash: claim.prevHash,
              hash: chainHash(claim.prevHash, record),
            },
            ConditionExpression: 'attribute_not_exists(seq)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (!isConditionalCheckFailure(error)) throw error;
    }
    const { Item } = await dynamo(() =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: true }),
      ),
    );
    return Item?.eventId === event.eventId;
  }

  /**
   * Best effort: the event is already in its chain, and an append that finds no completion
   * finds the entry at the claimed position instead (one more read).
   */
  private async complete(partition: string, claim: Claim): Promise<void> {
    try {
      await dynamo(() =>
        this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              chain: partition,
              seq: 0,
              entryChain: claim.entryChain,
              entrySeq: claim.entrySeq,
            },
            ConditionExpression: 'attribute_not_exists(seq)',
          }),
        ),
      );
    } catch {
      // completed by another writer, or left for the next append to find
    }
  }

  /** The latest entry of a chain: its position and hash (genesis when empty). */
  async head(chain: string): Promise<{ seq: number; hash: string }> {
    const { Items } = await dynamo(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'chain = :c',
          ExpressionAttributeValues: { ':c': chain },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    const last = Items?.[0];
    return last
      ? { seq: Number(last.seq), hash: String(last.hash) }
      : { seq: 0, hash: GENESIS_HASH };
  }
}
