import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LegacyAuditChains, LegacyChainEntry } from '../../ports/auditTree.ts';
import { dynamo, scanAll } from './client.ts';

/**
 * The former audit table (`AuditLog`): hash chains `chain-<n>` by `seq`, beside each event's
 * claims (`event#…`) and the chains' JWS checkpoints (`checkpoint#…`). Read once, by the
 * sequencer's import; nothing writes it any more.
 */
export class DynamoDbLegacyAuditChains implements LegacyAuditChains {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async isEmpty(): Promise<boolean> {
    const { Items } = await dynamo(() =>
      this.client.send(new ScanCommand({ TableName: this.tableName, Limit: 1 })),
    );
    return (Items ?? []).length === 0;
  }

  async chains(): Promise<Map<string, LegacyChainEntry[]>> {
    const chains = new Map<string, LegacyChainEntry[]>();
    const items = await scanAll(this.client, { TableName: this.tableName, ConsistentRead: true });
    for (const { chain, seq, prevHash, hash, ...record } of items) {
      if (typeof chain !== 'string' || !/^chain-\d+$/.test(chain)) continue;
      const entries = chains.get(chain) ?? [];
      entries.push({
        chain,
        seq: Number(seq),
        prevHash: String(prevHash),
        hash: String(hash),
        record,
      });
      chains.set(chain, entries);
    }
    for (const entries of chains.values()) entries.sort((a, b) => a.seq - b.seq);
    return chains;
  }
}
