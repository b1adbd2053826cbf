/**
 * The Lambda functions, defined once: what each runs and exactly what it may touch.
 * The CDK stack turns `access` into hand-written least-privilege grants; the local server
 * loads `entry` for the same handler; the infra tests compare the two.
 */
import { environmentVariables } from './environment.ts';
import type { KeyName } from './keys.ts';
import type { QueueName } from './queues.ts';
import type { TableName } from './tables.ts';

export type { KeyName };

export type TableAccess =
  /** Only `Query` on the named index, never the table itself. */
  | { kind: 'query-index'; index: string }
  /** Only `Query` on the table: no item can be read by key, nothing written. */
  | { kind: 'query' }
  /** Read and write items of the table (Get/Put/Update/Delete/Query on the table). */
  | { kind: 'read-write' }
  /**
   * Get/Put/Update/Delete single items by primary key; no Query, no Scan (idempotency store)
   * — but `Query` on the indexes named, when any are.
   */
  | { kind: 'read-write-by-key'; indexes?: readonly string[] }
  /**
   * Get/Put/Update/Delete by key, and only items whose partition key begins with
   * `<function name>#` (IAM `dynamodb:LeadingKeys`): a table several functions share without
   * any of them reading, replacing or removing another's items (the idempotency records).
   */
  | { kind: 'own-items' }
  /** Query the table and put new items (append-only links). */
  | { kind: 'query-append' }
  /**
   * Audit events: `PutItem` only, and only items whose key begins with `<function name>#`
   * (IAM `dynamodb:LeadingKeys`) — no read of any kind (DESIGN.md invariant 5).
   */
  | { kind: 'audit-write' }
  /** The export's: `audit-write`, and `BatchGetItem` to compare events with their leaves. */
  | { kind: 'audit-write-and-read' }
  /** The sequencer's, on the tree: get, batch get, put, batch write, query; no update, no delete. */
  | { kind: 'audit-sequence' }
  /** The export's, on the tree: `GetItem`, `BatchGetItem` (a window's leaves) and `Query`. */
  | { kind: 'audit-read' }
  /** The sequencer's, on the events: their stream, and `Scan` for a sweep. */
  | { kind: 'stream-and-scan' }
  /**
   * Put items and update counters in place; no reads (the issuance log and its yearly
   * application counts).
   */
  | { kind: 'append-and-count' }
  /** Get items by key and, when named, query those indexes (keys only); no writes. */
  | { kind: 'read'; indexes?: readonly string[] }
  /** Get, query and update existing items in place: no new items, none removed (notices). */
  | { kind: 'read-update' }
  /**
   * Get one item by key and update it in place: no new item, none removed, no query (the
   * decision on an application).
   */
  | { kind: 'update-by-key' }
  /** Scan only, for counting states (the supervisor's summary reads no envelope). */
  | { kind: 'scan' }
  /** PutItem only: new items, nothing read (keys-only links, a wallet offer's grant). */
  | { kind: 'put' }
  /**
   * Get items by key and put new ones (the adapter puts only where nothing is:
   * `attribute_not_exists`); no update, no delete, no query (a letter, issued once).
   */
  | { kind: 'put-once' }
  /**
   * Exactly these single-item actions by primary key, and nothing else — no Query, no Scan:
   * an access as narrow as the code's (e.g. records created and, when their audit fails,
   * removed again, but never updated).
   */
  | { kind: 'items'; actions: readonly ItemAction[] };

/** The DynamoDB single-item actions, by key. */
export type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem';

export type KeyAccess =
  | 'envelope' // GenerateDataKey + Decrypt, bound to an encryption context
  | 'encrypt' // GenerateDataKey only, bound to an encryption context: can seal, never read
  | 'decrypt' // Decrypt only, bound to an encryption context: can read, never write
  | 'generate-mac'
  | 'sign'
  /** `Sign` and `GetPublicKey`: a signed note names its key by a hash of the public key. */
  | 'sign-note'
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
  /** Functions it invokes synchronously, each by the environment variable naming it. */
  invokes?: readonly { function: string; envVar: string }[];
  /** Invoked by another function (not by API Gateway): the result it produces. */
  produces?: 'letter' | 'fullFile';
  /** The table whose DynamoDB stream invokes it (one batch at a time, bisected on error). */
  streams?: TableName;
  /** Invoked on a schedule (EventBridge Scheduler expression), not by API Gateway. */
  schedule?: string;
  /** Invoked by a state machine of the stack, not by API Gateway or a queue. */
  invokedBy?: 'state-machine';
  /** The API's Lambda authorizer: invoked by API Gateway before every protected route. */
  authorizes?: true;
  /**
   * Seconds an invocation may run, when not the 10 every request-path function gets (a queue
   * consumer's visibility timeout is derived from that 10: never give one more).
   */
  timeoutSeconds?: number;
  /**
   * Files copied beside the bundle (absolute, or relative to the project root), each named to
   * the function by an environment variable that the stack sets to the copy's path.
   */
  bundledFiles?: readonly {
    variable: keyof typeof environmentVariables;
    source: string;
  }[];
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
    // Created (a conditional put, read back when it exists), removed again only when its
    // audit event fails; never updated.
    CriminalRecords: { kind: 'items', actions: ['GetItem', 'PutItem', 'DeleteItem'] },
    // Entries added, never removed: the sealing service reconciles (SealingQueue.reconcile).
    DisclosableConvictions: { kind: 'put' },
    RecordLinks: { kind: 'put' },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: {
    recordsKey: 'encrypt',
    sealedArchiveKey: 'encrypt',
    // Seals the letter facts of a disclosable conviction beside its entry; never opens them.
    letterFactsKey: 'encrypt',
    blindIndexKey: 'generate-mac',
    idempotencyKey: 'generate-mac',
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
    'supersession, review flags, reviews and notices for the owners; off the request path.',
  tables: {
    CriminalRecords: { kind: 'read-write-by-key' },
    DisclosableConvictions: { kind: 'read-write-by-key' },
    RecordLinks: { kind: 'query-append' },
    Notices: { kind: 'read-write-by-key' },
    Reviews: { kind: 'put' },
    AuditEvents: { kind: 'audit-write' },
    AgencyDirectory: { kind: 'read', indexes: ['ByDivision'] },
    PersonRecords: { kind: 'put' },
    // A decision to seal on application, read by its state: never its envelope.
    SealingApplications: { kind: 'read' },
  },
  keys: {
    recordsKey: 'envelope',
    sealedArchiveKey: 'envelope',
    // The person's own view: sealed for the own-view function, never read back here.
    personViewKey: 'encrypt',
    // Seals the letter facts of a conviction entering the disclosable set; never opens them.
    letterFactsKey: 'encrypt',
  },
  consumes: 'SealingWork',
} as const satisfies FunctionDefinition;

/**
 * Bulk import of historical records: invoked by the bulk-import state machine (a Step
 * Functions distributed map) one batch of file lines at a time, it runs the ingestion's use
 * case and needs exactly the ingestion's access — encrypt only, never decrypt — but no
 * idempotency table: the record's natural key makes a retried batch a no-op.
 */
export const bulkImportFunction = {
  name: 'bulk-import',
  entry: 'functions/bulk-import/handler.ts',
  description:
    'Ingests batches of historical records from the bulk-import state machine through the ' +
    'ingestion use case (encrypt only) and queues their effects for the sealing service.',
  tables: {
    // As the ingestion's: the same use case.
    CriminalRecords: { kind: 'items', actions: ['GetItem', 'PutItem', 'DeleteItem'] },
    DisclosableConvictions: { kind: 'put' },
    RecordLinks: { kind: 'put' },
    AuditEvents: { kind: 'audit-write' },
  },
  keys: {
    recordsKey: 'encrypt',
    sealedArchiveKey: 'encrypt',
    letterFactsKey: 'encrypt',
    blindIndexKey: 'generate-mac',
  },
  sends: ['SealingWork'],
  invokedBy: 'state-machine',
  // A batch of 100 lines, each a few KMS and DynamoDB round trips, with backoff under throttling.
  timeoutSeconds: 60,
} as const satisfies FunctionDefinition;

/** Invariant 2: this function can only ask "is a disclosable conviction on file?". */
export const issueCertificateFunction = {
  name: 'issue-certificate',
  entry: 'functions/issue-certificate/handler.ts',
  description: 'Issues no-criminal-record credentials; cannot read sealed data.',
  tables: {
    DisclosableConvictions: { kind: 'query' },
    CertificateIssuanceLog: { kind: 'append-and-count' },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: {
    blindIndexKey: 'generate-mac',
    idempotencyKey: 'generate-mac',
    signingKey: 'sign',
  },
} as const satisfies FunctionDefinition;

export const publicDocumentsFunction = {
  name: 'public-documents',
  entry: 'functions/public-documents/handler.ts',
  description: 'Serves the DID document, trust bundle, JSON-LD context and OpenAPI document.',
  tables: {},
  // Every kind's public keys, for the DID document (DESIGN.md invariant 10).
  keys: {
    signingKey: 'get-public-key',
    letterSigningKey: 'get-public-key',
    walletSigningKey: 'get-public-key',
    approvalSigningKey: 'get-public-key',
    auditSigningKey: 'get-public-key',
  },
} as const satisfies FunctionDefinition;

/**
 * Prints a caller's own certificate or letter as a PDF. Like public-documents it may only read
 * the public halves of the signing keys — to verify what it prints — and otherwise only appends
 * to the audit log; it carries the font (Noto Sans CJK) and the HarfBuzz subsetter beside its
 * bundle.
 */
export const printDocumentFunction = {
  name: 'print-document',
  entry: 'functions/print-document/handler.ts',
  description:
    'Prints a verified certificate or letter as a PDF with its QR code; public keys, audit only.',
  tables: { AuditEvents: { kind: 'audit-write' } },
  // The public halves of the two kinds it prints: certificates and letters.
  keys: { signingKey: 'get-public-key', letterSigningKey: 'get-public-key' },
  bundledFiles: [
    { variable: 'documentFontFile', source: environmentVariables.documentFontFile.default },
    {
      variable: 'harfbuzzSubsetWasm',
      source: environmentVariables.harfbuzzSubsetWasm.default,
    },
  ],
} as const satisfies FunctionDefinition;

/**
 * The inquiry letter (invoked by the inquiry function). It reads only what a letter needs:
 * the application and the disclosable set, whose entries carry each unsealed conviction's
 * letter facts under a key only this function may open. It reads no record at all, so it can
 * reach no sealed one (DESIGN.md invariant 2).
 */
export const issueLetterFunction = {
  name: 'issue-letter',
  entry: 'functions/issue-letter/handler.ts',
  description:
    'Signs inquiry result letters from the disclosable set and its letter facts; reads no record.',
  tables: {
    Inquiries: { kind: 'read' },
    DisclosableConvictions: { kind: 'query' },
    InquiryLetters: { kind: 'put-once' },
    AuditEvents: { kind: 'audit-write' },
  },
  keys: {
    // Opens applications; seals the letter it stores (under its inquiry's context).
    inquiriesKey: 'envelope',
    letterFactsKey: 'decrypt',
    letterSigningKey: 'sign',
    approvalSigningKey: 'get-public-key',
  },
  produces: 'letter',
} as const satisfies FunctionDefinition;

/**
 * The judicial full file (invoked by the inquiry function for an approved judicial
 * inquiry). With the sealing service, the only function that may decrypt sealed records.
 */
export const judicialDisclosureFunction = {
  name: 'judicial-disclosure',
  entry: 'functions/judicial-disclosure/handler.ts',
  description:
    "Discloses a person's whole file, sealed records included, to an approved judicial inquiry.",
  tables: {
    Inquiries: { kind: 'read' },
    RecordLinks: { kind: 'query' },
    CriminalRecords: { kind: 'read' },
    AuditEvents: { kind: 'audit-write' },
  },
  keys: {
    inquiriesKey: 'decrypt',
    recordsKey: 'decrypt',
    sealedArchiveKey: 'decrypt',
    // Verifies approvals (DESIGN.md invariant 10): the public halves only, read at start.
    approvalSigningKey: 'get-public-key',
  },
  produces: 'fullFile',
} as const satisfies FunctionDefinition;

/**
 * The decision on an application: the only function that signs approvals (DESIGN.md
 * invariant 10). It reads and decides applications in place, reads their content to bind the
 * approval to it, and can neither create one, nor read a record, nor invoke the functions
 * that disclose.
 */
export const decideInquiryFunction = {
  name: 'decide-inquiry',
  entry: 'functions/decide-inquiry/handler.ts',
  description:
    'Approves or refuses inquiry applications for the addressed organisation; signs approvals ' +
    'under the approval key; reads no record, invokes nothing.',
  tables: {
    Inquiries: { kind: 'update-by-key' },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: {
    inquiriesKey: 'envelope',
    idempotencyKey: 'generate-mac',
    approvalSigningKey: 'sign',
  },
} as const satisfies FunctionDefinition;

/** Applications, their review and acknowledgement; results come from the two above. */
export const inquiriesFunction = {
  name: 'inquiries',
  entry: 'functions/inquiries/handler.ts',
  description:
    'Inquiry applications by units and judicial organs, what the addressed organisation reads ' +
    "to decide them, the notice's acceptance; results from the letter or judicial-disclosure " +
    'function. Cannot sign an approval.',
  tables: {
    Inquiries: { kind: 'read-write-by-key', indexes: ['ByAgency'] },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: {
    inquiriesKey: 'envelope',
    blindIndexKey: 'generate-mac',
    idempotencyKey: 'generate-mac',
  },
  invokes: [
    { function: issueLetterFunction.name, envVar: environmentVariables.letterFunctionName.name },
    {
      function: judicialDisclosureFunction.name,
      envVar: environmentVariables.judicialDisclosureFunctionName.name,
    },
  ],
} as const satisfies FunctionDefinition;

/** A citizen's own access log: who inquired, on what basis and purpose; never what was found. */
export const accessLogFunction = {
  name: 'access-log',
  entry: 'functions/access-log/handler.ts',
  description: 'Shows a citizen every inquiry about them: who, when, basis, purpose, decision.',
  tables: {
    Inquiries: { kind: 'read', indexes: ['BySubject'] },
    AuditEvents: { kind: 'audit-write' },
  },
  keys: {
    inquiriesKey: 'decrypt',
    blindIndexKey: 'generate-mac',
  },
} as const satisfies FunctionDefinition;

/**
 * The person's own view (API.md): their records and whether each is sealed, from the entries
 * the sealing service wrote for them under the person-view key. It reads no record, holds no
 * records or archive key, and cannot list anyone's entries but by a blind index it computes
 * from the token's own verified ID (or the person a guardian acts for).
 */
export const ownRecordsFunction = {
  name: 'own-records',
  entry: 'functions/own-records/handler.ts',
  description: "A citizen's own records and whether each is sealed; never signed.",
  tables: {
    PersonRecords: { kind: 'query' },
    AuditEvents: { kind: 'audit-write' },
  },
  keys: {
    personViewKey: 'decrypt',
    blindIndexKey: 'generate-mac',
  },
} as const satisfies FunctionDefinition;

/**
 * A person's applications to have a record sealed, and the holding organisation's decisions.
 * It reads no record and holds no records or archive key: a decision to seal is queued for
 * the sealing service, which checks the decision and alone re-encrypts under the archive key.
 */
export const sealingApplicationsFunction = {
  name: 'sealing-applications',
  entry: 'functions/sealing-applications/handler.ts',
  description: "A person's applications to seal a record, and their decisions.",
  tables: {
    SealingApplications: { kind: 'read-write-by-key', indexes: ['ByAgency', 'ByApplicant'] },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: {
    oversightKey: 'envelope',
    blindIndexKey: 'generate-mac',
    idempotencyKey: 'generate-mac',
  },
  sends: ['SealingWork'],
} as const satisfies FunctionDefinition;

/** An agency's notices: list its own organisation's, acknowledge them. */
export const noticesFunction = {
  name: 'notices',
  entry: 'functions/notices/handler.ts',
  description:
    "Lists an agency's notices (sealed, unsealed, superseded) and records acknowledgements.",
  tables: {
    Notices: { kind: 'read-update' },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  // Notices name agencies and records, never a person: no blind index.
  keys: { idempotencyKey: 'generate-mac' },
} as const satisfies FunctionDefinition;

/**
 * An organisation's reviews of its flagged records (API.md, Reviews): lists them a page at a
 * time and records each decision, the reasons sealed under the oversight key. Reviews name
 * record IDs and flags only.
 */
export const reviewsFunction = {
  name: 'reviews',
  entry: 'functions/reviews/handler.ts',
  description:
    "Lists an organisation's reviews of its flagged records and records each decision with reasons.",
  tables: {
    Reviews: { kind: 'read-update' },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: { oversightKey: 'envelope', idempotencyKey: 'generate-mac' },
} as const satisfies FunctionDefinition;

/** Corrective opinions and complaints. */
export const oversightFunction = {
  name: 'oversight',
  entry: 'functions/oversight/handler.ts',
  description:
    'Corrective opinions with replies and reviews (IM art. 22; SPP arts. 552-554); complaints ' +
    'of improper disclosure and their resolutions (IM art. 21).',
  tables: {
    Opinions: { kind: 'read-write-by-key', indexes: ['ByAgency', 'ByIssuer', 'ByReportedTo'] },
    Complaints: {
      kind: 'read-write-by-key',
      indexes: ['ByAgency', 'ByComplainant', 'ByStatus'],
    },
    AuditEvents: { kind: 'audit-write' },
    // Whom an inquiry named in a complaint is about: its blind index, never its envelope.
    Inquiries: { kind: 'read' },
    // The procuratorate one level up, for an upheld review.
    AgencyDirectory: { kind: 'read', indexes: ['ByDivision'] },
    IdempotencyRecords: { kind: 'own-items' },
  },
  keys: {
    oversightKey: 'envelope',
    blindIndexKey: 'generate-mac',
    idempotencyKey: 'generate-mac',
  },
} as const satisfies FunctionDefinition;

/** The supervisor's overview: counts from plain states, no key of any kind. */
export const oversightSummaryFunction = {
  name: 'oversight-summary',
  entry: 'functions/oversight-summary/handler.ts',
  description:
    'Counts pending and overdue inquiries, notices and reviews, opinions by status, open complaints.',
  tables: {
    Inquiries: { kind: 'scan' },
    Notices: { kind: 'scan' },
    Reviews: { kind: 'scan' },
    Opinions: { kind: 'scan' },
    Complaints: { kind: 'scan' },
    AuditEvents: { kind: 'audit-write' },
    // GET /v1/agencies: the directory, organisations only.
    AgencyDirectory: { kind: 'scan' },
  },
  keys: {},
} as const satisfies FunctionDefinition;

/**
 * The audit log's sequencer (DESIGN.md invariant 5): the events table's stream invokes it, one
 * batch at a time (reserved concurrency 1: consecutive indexes need one writer); it alone
 * writes the Merkle tree and signs checkpoints (hourly, and when the export asks); it imports
 * the former hash chains once. It reads no record and no key but the audit key.
 */
export const auditSequencerFunction = {
  name: 'audit-sequencer',
  entry: 'functions/audit-sequencer/handler.ts',
  description:
    'Sequences audit events into the Merkle log (RFC 9162) and signs its C2SP checkpoints, ' +
    'hourly and at export; imports the former hash chains once.',
  tables: {
    AuditEvents: { kind: 'stream-and-scan' },
    AuditTree: { kind: 'audit-sequence' },
    AuditLog: { kind: 'scan' },
  },
  keys: { auditSigningKey: 'sign-note' },
  streams: 'AuditEvents',
  schedule: 'rate(1 hour)',
  // A first run imports the former chains, and a sweep reads the events table.
  timeoutSeconds: 300,
} as const satisfies FunctionDefinition;

/**
 * The audit trail for supervisors: a window of the log with its proofs and a checkpoint the
 * sequencer signs at export, as NDJSON. It writes its own event and reads the log; it signs
 * nothing and writes no tree node.
 */
export const auditExportFunction = {
  name: 'audit-export',
  entry: 'functions/audit-export/handler.ts',
  description: 'Exports a window of the Merkle audit log with its proofs and a fresh checkpoint.',
  tables: { AuditEvents: { kind: 'audit-write-and-read' }, AuditTree: { kind: 'audit-read' } },
  keys: {},
  invokes: [
    {
      function: auditSequencerFunction.name,
      envVar: environmentVariables.auditSequencerFunctionName.name,
    },
  ],
} as const satisfies FunctionDefinition;

/** Hourly overdue counts for the alarms: states only, no key, no audit. */
export const overdueMetricsFunction = {
  name: 'overdue-metrics',
  entry: 'functions/overdue-metrics/handler.ts',
  description:
    'Publishes hourly counts of overdue inquiries, notices, reviews and opinion replies.',
  tables: {
    Inquiries: { kind: 'scan' },
    Notices: { kind: 'scan' },
    Reviews: { kind: 'scan' },
    Opinions: { kind: 'scan' },
    Complaints: { kind: 'scan' },
  },
  keys: {},
  schedule: 'rate(1 hour)',
} as const satisfies FunctionDefinition;

/**
 * A citizen's wallet offer: the certificate function's check (invariant 2: only the
 * disclosable set), then a single-use grant. It never signs and never reads a grant back.
 */
export const walletOffersFunction = {
  name: 'wallet-offers',
  entry: 'functions/wallet-offers/handler.ts',
  description:
    'Offers a citizen the certificate for a wallet (OpenID4VCI): the certificate check, then a ' +
    'single-use pre-authorized code; cannot read sealed data.',
  tables: {
    DisclosableConvictions: { kind: 'query' },
    CertificateIssuanceLog: { kind: 'append-and-count' },
    AuditEvents: { kind: 'audit-write' },
    IdempotencyRecords: { kind: 'own-items' },
    WalletGrants: { kind: 'put' },
  },
  keys: {
    blindIndexKey: 'generate-mac',
    idempotencyKey: 'generate-mac',
  },
} as const satisfies FunctionDefinition;

/**
 * The wallet's side of OpenID4VCI — metadata, token, nonce and credential endpoints — with
 * the certificate function's limits (invariant 2): the disclosable set, its own grants, the
 * issuance log and the signing key; no record, no envelope key, no MAC key.
 */
export const walletIssuerFunction = {
  name: 'wallet-issuer',
  entry: 'functions/wallet-issuer/handler.ts',
  description:
    'OpenID4VCI issuer: metadata, token, nonce and credential endpoints; signs SD-JWT VCs of ' +
    'the certificate; cannot read sealed data.',
  tables: {
    DisclosableConvictions: { kind: 'query' },
    CertificateIssuanceLog: { kind: 'append-and-count' },
    AuditEvents: { kind: 'audit-write' },
    WalletGrants: { kind: 'read-write-by-key' },
  },
  keys: {
    walletSigningKey: 'sign',
  },
} as const satisfies FunctionDefinition;

/**
 * The API's Lambda authorizer: verifies the identity providers' tokens (citizens and agency
 * staff, each their own issuer and audience) and admits exactly the roles a route names in
 * routes.ts. It touches no table and no key; it reads only the providers' public JWKS.
 */
export const authorizerFunction = {
  name: 'authorizer',
  entry: 'functions/authorizer/handler.ts',
  description:
    "Verifies citizens' and agency staff's tokens and admits the roles each route names.",
  tables: {},
  keys: {},
  authorizes: true,
} as const satisfies FunctionDefinition;

export const functionDefinitions = [
  ingestRecordFunction,
  sealingServiceFunction,
  issueCertificateFunction,
  publicDocumentsFunction,
  printDocumentFunction,
  inquiriesFunction,
  decideInquiryFunction,
  issueLetterFunction,
  judicialDisclosureFunction,
  accessLogFunction,
  ownRecordsFunction,
  sealingApplicationsFunction,
  noticesFunction,
  reviewsFunction,
  oversightFunction,
  oversightSummaryFunction,
  auditSequencerFunction,
  auditExportFunction,
  overdueMetricsFunction,
  walletOffersFunction,
  walletIssuerFunction,
  bulkImportFunction,
  authorizerFunction,
] as const satisfies readonly FunctionDefinition[];
