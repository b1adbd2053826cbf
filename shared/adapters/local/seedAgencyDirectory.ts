/**
 * The local stack's agency directory: synthetic organisations of a synthetic province (area
 * code 99, as the test ID numbers), loaded into an empty directory table on start. The orgs
 * of the README walkthrough are here (court-0105, psb-0105, spp-0105, …). A deployment loads
 * its own directory (docs/deploy.md); this file is never bundled.
 */
import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { AgencyDirectoryData } from '../../domain/directory/agencyDirectory.ts';
import { loadAgencyDirectory } from '../dynamodb/agencyDirectory.ts';

const levels = [
  {
    suffix: '0000',
    division: '990000',
    place: '测试省',
    court: '高级人民法院',
    police: '公安厅',
    justice: '司法厅',
  },
  {
    suffix: '0100',
    division: '990100',
    place: '测试市',
    court: '中级人民法院',
    police: '公安局',
    justice: '司法局',
  },
  {
    suffix: '0105',
    division: '990105',
    place: '测试市甲区',
    court: '人民法院',
    police: '公安分局',
    justice: '司法局',
  },
  {
    suffix: '0106',
    division: '990106',
    place: '测试市乙区',
    court: '人民法院',
    police: '公安分局',
    justice: '司法局',
  },
] as const;

export const seedAgencyDirectory: AgencyDirectoryData = {
  version: 'local-seed-2026.1',
  agencies: levels.flatMap((level) => [
    {
      org: `court-${level.suffix}`,
      role: 'court',
      name: `${level.place}${level.court}`,
      division: level.division,
    },
    {
      org: `spp-${level.suffix}`,
      role: 'procuratorate',
      name: `${level.place}人民检察院`,
      division: level.division,
    },
    {
      org: `psb-${level.suffix}`,
      role: 'police',
      name: `${level.place}${level.police}`,
      division: level.division,
    },
    {
      org: `sfj-${level.suffix}`,
      role: 'justice',
      name: `${level.place}${level.justice}`,
      division: level.division,
    },
  ]),
};

/** An empty directory table gets the synthetic organisations; one loaded since is kept. */
export async function ensureAgencyDirectory(
  documents: DynamoDBDocumentClient,
  tableName: string,
): Promise<void> {
  const existing = await documents.send(new ScanCommand({ TableName: tableName, Limit: 1 }));
  if ((existing.Items ?? []).length === 0) {
    await loadAgencyDirectory(documents, tableName, seedAgencyDirectory);
  }
}
