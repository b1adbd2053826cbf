/**
 * The Lambda functions, defined once: what each runs and exactly what it may touch.
 * The CDK stack turns `access` into hand-written least-privilege grants; the local server
 * loads `entry` for the same handler; the infra tests compare the two.
 */
import type { QueueName } from './queues.ts';
import type { TableName } from './tables.ts';

export type TableAccess =
  /** Only `Query` on the named index, never the table itself. */
  | { kind: 'query-index'; index: string }
  /** Only `Query` on the table: no item can be read by key, nothing written. */
  | { kind: 'query' }
  /** Read and write items of the table (Get/Put/Update/Delete/Query on the table). */
  | { kind: 'read-write' }
  /** Get/Put/Update/Delete single items by primary key; no Query, no Scan (idempotency store). */
  | { kind: 'read-write-by-key' }
  /** Query the table and put new items (append-only links). */
  | { kind: 'query-append' }
  /**
   * Put, get and query items; no UpdateItem, no DeleteItem (the hash-chained audit log,
   * whose adapter puts only where nothing is: `attribute_not_exists`).
   */
  | { kind: 'append-only' }
  /**
   * Put items and update counters in place; no reads (the issuance log and its yearly
   * application counts).
   */
  | { kind: 'append-and-count' };

export type KeyName = 'recordsKey' | 'sealedArchiveKey' | 'blindIndexKey' | 'signingKey';

export type KeyAccess =
  | 'envelope' // GenerateDataKey + Decrypt, bound to an encryption context
  | 'encrypt' // GenerateDataKey only, bound to an encryption context: can seal, never read
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
  /** Queues it sends to. */
  sends?: readonly QueueName[];
  /** The queue that invokes it (otherwise it is invoked by API Gateway). */
  consumes?: QueueName;
};

/**
 * Internet-facing: decides a record's sealing from its own facts, encrypts it (never
 * decrypts anything), writes it and queues its effects for the sealing service.
 */
export const ingestRecordFunction = {
  name: 'ingest-record',
  entry: 'functions/ingest-record/handler.ts',
  description:
    'Takes agency records, decides sealing from their own facts, stores them under envelope ' +
    'encryption (encrypt only) and queues their effects for the sealing service.',
  tables: {
    CriminalRecords: { kind: 'read-write-by-key' },
    DisclosableConvictions: { kind: 'read-write-by-key' },
    AuditLog: { kind: 'append-only' },
    IdempotencyRecords: { kind: 'read-write-by-key' },
  },
  keys: {
    recordsKey: 'encrypt',
    sealedArchiveKey: 'encrypt',
    blindIndexKey: 'generate-mac',
  },
  sends: ['SealingWork'],
} as const satisfies FunctionDefinition;

/**
 * Off every request path: applies a record's effects on other records (unsealing,
 * supersession, joint-crime marks, flags, notices). With judicial disclosure, the only
 * function that may decrypt under the sealed-archive key (DESIGN.md invariant 2).
 */
export const sealingServiceFunction = {
  name: 'sealing-service',
  entry: 'functions/sealing-service/handler.ts',
  description:
    "Applies each stored record's effects on the person's other records: unsealing, " +
    'supersession, joint-crime marks, review flags and notices; off the request path.',
  tables: {
    CriminalRecords: { kind: 'read-write-by-key' },
    DisclosableConvictions: { kind: 'read-write-by-key' },
    RecordLinks: { kind: 'query-append' },
    Notices: { kind: 'read-write-by-key' },
    AuditLog: { kind: 'append-only' },
  },
  keys: {
    recordsKey: 'envelope',
    sealedArchiveKey: 'envelope',
  },
  consumes: 'SealingWork',
} as const satisfies FunctionDefinition;

/** Invariant 2: this function can only ask "is a disclosable conviction on file?". */
export const issueCertificateFunction = {
  name: 'issue-certificate',
  entry: 'functions/issue-certificate/handler.ts',
  description: 'Issues no-criminal-record credentials; cannot read sealed data.',
  tables: {
    DisclosableConvictions: { kind: 'query' },
    CertificateIssuanceLog: { kind: 'append-and-count' },
    AuditLog: { kind: 'append-only' },
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
  sealingServiceFunction,
  issueCertificateFunction,
  publicDocumentsFunction,
] as const satisfies readonly FunctionDefinition[];
