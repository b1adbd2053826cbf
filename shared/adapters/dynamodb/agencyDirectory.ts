/**
 * The agency directory as a table (tables.ts, `AgencyDirectory`): one item per organisation,
 * keyed by `org`, carrying the directory version it was loaded in; the `ByDivision` index
 * (keys only: division, `role#org`) answers "which police serve this division". An
 * administrator replaces the whole directory with `loadAgencyDirectory` (scripts/
 * load-directory.ts; docs/deploy.md).
 */
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { AGENCY_DIRECTORY_BY_DIVISION_INDEX } from '../../definitions/tables.ts';
import type { AgencyRole } from '../../domain/agencies.ts';
import type {
  AgencyDirectoryData,
  DirectoryEntry,
} from '../../domain/directory/agencyDirectory.ts';
import { InvalidCursorError } from '../../errors.ts';
import type {
  AgencyDirectory,
  AgencyDirectoryListing,
  DirectoryPage,
} from '../../ports/agencyDirectory.ts';
import { dynamo, queryAll, scanAll } from './client.ts';

const roleOrg = (role: string, org: string) => `${role}#${org}`;

function entryOf(item: Record<string, unknown>): DirectoryEntry {
  return {
    org: String(item.org),
    role: item.role as AgencyRole,
    name: String(item.name),
    division: String(item.division),
  };
}

export class DynamoDbAgencyDirectory implements AgencyDirectory, AgencyDirectoryListing {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  constructor(client: DynamoDBDocumentClient, tableName: string) {
    this.client = client;
    this.tableName = tableName;
  }

  async entry(org: string): Promise<DirectoryEntry | undefined> {
    const { Item } = await dynamo(() =>
      this.client.send(new GetCommand({ TableName: this.tableName, Key: { org } })),
    );
    return Item ? entryOf(Item) : undefined;
  }

  async inDivision(division: string, role: AgencyRole) {
    const { items } = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: AGENCY_DIRECTORY_BY_DIVISION_INDEX,
      KeyConditionExpression: 'division = :d AND begins_with(roleOrg, :r)',
      ExpressionAttributeValues: { ':d': division, ':r': `${role}#` },
    });
    return items.map((item) => ({ role, org: String(item.org) }));
  }

  async page({ cursor, limit }: { cursor?: string; limit: number }): Promise<DirectoryPage> {
    const startOrg = cursor === undefined ? undefined : decodeCursor(cursor);
    const page = await dynamo(() =>
      this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          Limit: limit,
          ...(startOrg ? { ExclusiveStartKey: { org: startOrg } } : {}),
        }),
      ),
    );
    const items = page.Items ?? [];
    return {
      // Every entry carries the version it was loaded in; after a load, all the same.
      version:
        items
          .map((item) => String(item.version))
          .sort()
          .at(-1) ?? '',
      agencies: items.map(entryOf).sort((a, b) => a.org.localeCompare(b.org)),
      ...(page.LastEvaluatedKey
        ? { cursor: Buffer.from(String(page.LastEvaluatedKey.org)).toString('base64url') }
        : {}),
    };
  }
}

function decodeCursor(cursor: string): string {
  const org = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Za-z0-9_-]+$/.test(cursor) || org.length === 0 || org.length > 100) {
    throw new InvalidCursorError('cursor');
  }
  return org;
}

/**
 * Replaces the directory with `directory`: every entry written with its version, then the
 * organisations it no longer lists removed. Idempotent; run again after a failure.
 */
export async function loadAgencyDirectory(
  client: DynamoDBDocumentClient,
  tableName: string,
  directory: AgencyDirectoryData,
): Promise<{ written: number; removed: number }> {
  for (const entry of directory.agencies) {
    await dynamo(() =>
      client.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...entry, roleOrg: roleOrg(entry.role, entry.org), version: directory.version },
        }),
      ),
    );
  }
  const listed = new Set(directory.agencies.map((entry) => entry.org));
  let removed = 0;
  for (const item of await scanAll(client, { TableName: tableName, ProjectionExpression: 'org' })) {
    if (listed.has(String(item.org))) continue;
    await dynamo(() =>
      client.send(new DeleteCommand({ TableName: tableName, Key: { org: item.org } })),
    );
    removed += 1;
  }
  return { written: directory.agencies.length, removed };
}
