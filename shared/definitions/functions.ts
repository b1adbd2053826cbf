/**
 * The Lambda functions, defined once: what each runs and exactly what it may touch.
 * The CDK stack turns `access` into hand-written least-privilege grants; the local server
 * loads `entry` for the same handler; the infra tests compare the two.
 */
import type { TableName } from './tables.ts';

export type TableAccess =
  /** Only `Query` on the named index, never the table itself. */
  | { kind: 'query-index'; index: string }
  /** Read and write items of the table (Get/Put/Update/Delete/Query on the table). */
  | { kind: 'read-write' }
  /** Get/Put/Update/Delete single items by primary key; no Query, no Scan (idempotency store). */
  | { kind: 'read-write-by-key' }
  /** Query the table and put new items (append-only logs). */
  | { kind: 'query-append' };

export type KeyName = 'recordsKey' | 'sealedArchiveKey' | 'blindIndexKey' | 'signingKey';

export type KeyAccess =
  | 'envelope' // GenerateDataKey + Decrypt, bound to an encryption context
  | 'generate-mac'
  | 'sign'
  | 'get-public-key';

export type FunctionDefinition = {
  /** Folder under functions/ and construct ID stem. */
  name: string;
  entry: string;
  description: string;
  tables: Partial<Record<TableName, TableAccess>>;
  keys: Partial<Record<KeyName, KeyAccess>>;
};

export const ingestRecordFunction = {
  name: 'ingest-record',
  entry: 'functions/ingest-record/handler.ts',
  description: 'Takes agency records, decides sealing, stores them under envelope encryption.',
  tables: {
    CriminalRecords: { kind: 'read-write' },
    CaseLinks: { kind: 'read-write' },
    AuditLog: { kind: 'read-write' },
    IdempotencyRecords: { kind: 'read-write-by-key' },
  },
  keys: {
    recordsKey: 'envelope',
    sealedArchiveKey: 'envelope',
    blindIndexKey: 'generate-mac',
  },
} as const satisfies FunctionDefinition;

/** Invariant 2: this function can only ask "is a disclosable conviction on file?". */
export const issueCertificateFunction = {
  name: 'issue-certificate',
  entry: 'functions/issue-certificate/handler.ts',
  description: 'Issues no-criminal-record credentials; cannot read sealed data.',
  tables: {
    CriminalRecords: { kind: 'query-index', index: 'Disclosable' },
    CertificateIssuanceLog: { kind: 'query-append' },
    IdempotencyRecords: { kind: 'read-write-by-key' },
  },
  keys: {
    blindIndexKey: 'generate-mac',
    signingKey: 'sign',
  },
} as const satisfies FunctionDefinition;

export const publicDocumentsFunction = {
  name: 'public-documents',
  entry: 'functions/public-documents/handler.ts',
  description: 'Serves the DID document, trust bundle, JSON-LD context and OpenAPI document.',
  tables: {},
  keys: { signingKey: 'get-public-key' },
} as const satisfies FunctionDefinition;

export const functionDefinitions = [
  ingestRecordFunction,
  issueCertificateFunction,
  publicDocumentsFunction,
] as const satisfies readonly FunctionDefinition[];
