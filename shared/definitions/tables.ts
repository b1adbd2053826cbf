/**
 * The DynamoDB tables, defined once. The CDK stack (`infra/`), the local stack
 * (`npm start`, dynalite) and the tests all build their tables from these definitions,
 * so the three cannot drift.
 *
 * Plain attributes are only what routing needs; everything personal lives inside the
 * envelope (`envelope`, a binary AWS Encryption SDK message). See docs/data-model.md.
 */

export type KeyAttribute = { name: string; type: 'S' | 'N' | 'B' };

export type SecondaryIndexDefinition = {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** KEYS_ONLY, or INCLUDE with the listed non-key attributes. */
  projection: { type: 'KEYS_ONLY' } | { type: 'INCLUDE'; nonKeyAttributes: string[] };
};

export type TableDefinition = {
  /** Logical name: construct ID in CDK, table name locally. */
  logicalName: string;
  /** Environment variable through which a function learns the physical table name. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes: SecondaryIndexDefinition[];
  /** Attribute holding an epoch-seconds expiry, when the table expires items. */
  timeToLiveAttribute?: string;
  description: string;
};

/** Index the certificate path queries: blind index → record ID, only unsealed convictions. */
export const DISCLOSABLE_INDEX = 'Disclosable';
/** Index of every record of a person: blind index → record ID (never used by certificates). */
export const BY_PERSON_INDEX = 'ByPerson';

export const recordsTable = {
  logicalName: 'CriminalRecords',
  envVar: 'RECORDS_TABLE',
  partitionKey: { name: 'recordId', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: DISCLOSABLE_INDEX,
      partitionKey: { name: 'disclosableBlindIndex', type: 'S' },
      sortKey: { name: 'recordId', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      indexName: BY_PERSON_INDEX,
      partitionKey: { name: 'blindIndex', type: 'S' },
      sortKey: { name: 'recordId', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  description:
    'One item per record. Personal data only inside the KMS envelope; the sparse ' +
    'Disclosable index holds only unsealed convictions.',
} as const satisfies TableDefinition;

export const caseLinksTable = {
  logicalName: 'CaseLinks',
  envVar: 'CASE_LINKS_TABLE',
  partitionKey: { name: 'caseIndex', type: 'S' },
  sortKey: { name: 'entry', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'Joint-crime links keyed by a blind index of the case number: which records belong to ' +
    'the case and which co-defendants a sealed record names (IM art. 5).',
} as const satisfies TableDefinition;

export const auditTable = {
  logicalName: 'AuditLog',
  envVar: 'AUDIT_TABLE',
  partitionKey: { name: 'chain', type: 'S' },
  sortKey: { name: 'seq', type: 'N' },
  globalSecondaryIndexes: [],
  description:
    'Append-only, hash-chained audit events (several chains for write throughput) and ' +
    'event-ID markers that make appends idempotent. No names, no ID numbers.',
} as const satisfies TableDefinition;

export const issuanceLogTable = {
  logicalName: 'CertificateIssuanceLog',
  envVar: 'ISSUANCE_LOG_TABLE',
  partitionKey: { name: 'blindIndex', type: 'S' },
  /** `<issue date, China Standard Time>#<instant>#<certificate ID>`: a year is one prefix. */
  sortKey: { name: 'entryKey', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'One item per issued certificate: certificate ID, blind index, purpose, validity, ' +
    'holder DID, time. Identical in form for every subject.',
} as const satisfies TableDefinition;

export const idempotencyTable = {
  logicalName: 'IdempotencyRecords',
  envVar: 'IDEMPOTENCY_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiration',
  description: 'Powertools idempotency records: first responses replayed on retries.',
} as const satisfies TableDefinition;

export const tables = [
  recordsTable,
  caseLinksTable,
  auditTable,
  issuanceLogTable,
  idempotencyTable,
] as const satisfies readonly TableDefinition[];

export type TableName = (typeof tables)[number]['logicalName'];
