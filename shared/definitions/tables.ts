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
  /** A DynamoDB stream of the table's changes, with the images named (AWS only: dynalite has none). */
  stream?: 'NEW_AND_OLD_IMAGES';
  description: string;
};

export const recordsTable = {
  logicalName: 'CriminalRecords',
  envVar: 'RECORDS_TABLE',
  partitionKey: { name: 'recordId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'One item per record. Personal data only inside the KMS envelope; plain attributes are ' +
    'what routing needs (blind indexes, owning agency, type, status, version).',
} as const satisfies TableDefinition;

export const disclosableConvictionsTable = {
  logicalName: 'DisclosableConvictions',
  envVar: 'DISCLOSABLE_TABLE',
  partitionKey: { name: 'blindIndex', type: 'S' },
  sortKey: { name: 'recordId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'Blind index → record ID of every unsealed, unreplaced conviction, with its letter facts ' +
    'sealed under the letter-facts key and the submission digest they were taken from. Written ' +
    'with the record, read strongly consistently by the certificate and letter paths.',
} as const satisfies TableDefinition;

export const recordLinksTable = {
  logicalName: 'RecordLinks',
  envVar: 'RECORD_LINKS_TABLE',
  partitionKey: { name: 'linkKey', type: 'S' },
  sortKey: { name: 'recordId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'Keys only, written by the sealing service: person (blind index) → record ID, read ' +
    'strongly consistently (IM art. 18).',
} as const satisfies TableDefinition;

export const noticesTable = {
  logicalName: 'Notices',
  envVar: 'NOTICES_TABLE',
  partitionKey: { name: 'recipient', type: 'S' },
  sortKey: { name: 'noticeId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'Notices between agencies (IM arts. 11–13): sealed, unsealed, superseded; record IDs only.',
} as const satisfies TableDefinition;

export const reviewsTable = {
  logicalName: 'Reviews',
  envVar: 'REVIEWS_TABLE',
  partitionKey: { name: 'owner', type: 'S' },
  sortKey: { name: 'reviewId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'Reviews of flagged records, under the organisation that owns the record (`role#org`): ' +
    'record ID, flag, deadline and outcome in the clear; the reasons inside the envelope ' +
    '(oversight key).',
} as const satisfies TableDefinition;

export const INQUIRIES_BY_AGENCY_INDEX = 'ByAgency';
export const INQUIRIES_BY_SUBJECT_INDEX = 'BySubject';

export const inquiriesTable = {
  logicalName: 'Inquiries',
  envVar: 'INQUIRIES_TABLE',
  partitionKey: { name: 'inquiryId', type: 'S' },
  globalSecondaryIndexes: [
    {
      // The applications an agency has to decide, by status and deadline.
      indexName: INQUIRIES_BY_AGENCY_INDEX,
      partitionKey: { name: 'agencyStatus', type: 'S' },
      sortKey: { name: 'decideBy', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      // Every application about a person: their access log.
      indexName: INQUIRIES_BY_SUBJECT_INDEX,
      partitionKey: { name: 'subjectIndex', type: 'S' },
      sortKey: { name: 'receivedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  description:
    'Inquiry applications (IM art. 16): routing and state in the clear, the subject as a blind ' +
    'index; the subject, reason and purpose only inside the envelope (inquiries key).',
} as const satisfies TableDefinition;

export const OPINIONS_BY_AGENCY_INDEX = 'ByAgency';
export const OPINIONS_BY_ISSUER_INDEX = 'ByIssuer';
export const OPINIONS_BY_REPORTED_TO_INDEX = 'ByReportedTo';

export const opinionsTable = {
  logicalName: 'Opinions',
  envVar: 'OPINIONS_TABLE',
  partitionKey: { name: 'opinionId', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: OPINIONS_BY_AGENCY_INDEX,
      partitionKey: { name: 'agencyKey', type: 'S' },
      sortKey: { name: 'issuedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      indexName: OPINIONS_BY_ISSUER_INDEX,
      partitionKey: { name: 'issuerOrg', type: 'S' },
      sortKey: { name: 'issuedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      // Upheld reviews reported to the procuratorate one level up (SPP arts. 552–554).
      indexName: OPINIONS_BY_REPORTED_TO_INDEX,
      partitionKey: { name: 'reportedToOrg', type: 'S' },
      sortKey: { name: 'issuedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  description:
    'Corrective opinions (IM art. 22; SPP arts. 552–554): state and dates in the clear; ' +
    'findings, measures, grounds and reasons inside the envelope (oversight key).',
} as const satisfies TableDefinition;

export const COMPLAINTS_BY_AGENCY_INDEX = 'ByAgency';
export const COMPLAINTS_BY_COMPLAINANT_INDEX = 'ByComplainant';
export const COMPLAINTS_BY_STATUS_INDEX = 'ByStatus';

export const complaintsTable = {
  logicalName: 'Complaints',
  envVar: 'COMPLAINTS_TABLE',
  partitionKey: { name: 'complaintId', type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: COMPLAINTS_BY_AGENCY_INDEX,
      partitionKey: { name: 'againstKey', type: 'S' },
      sortKey: { name: 'receivedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      indexName: COMPLAINTS_BY_COMPLAINANT_INDEX,
      partitionKey: { name: 'complainantIndex', type: 'S' },
      sortKey: { name: 'receivedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      indexName: COMPLAINTS_BY_STATUS_INDEX,
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'receivedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  description:
    'Complaints of improper disclosure (IM art. 21): the complainant as a blind index; the ' +
    'description and the resolution inside the envelope (oversight key).',
} as const satisfies TableDefinition;

/**
 * The former audit log: hash chains (`chain-<n>`, by `seq`), each event's claims and the
 * chains' JWS checkpoints. Nothing writes it any more; the sequencer imports its chains into
 * the Merkle log once (`AuditSequencer.migrate`, docs/audit-log.md) and it stays as their
 * archive.
 */
export const auditTable = {
  logicalName: 'AuditLog',
  envVar: 'AUDIT_TABLE',
  partitionKey: { name: 'chain', type: 'S' },
  sortKey: { name: 'seq', type: 'N' },
  globalSecondaryIndexes: [],
  description:
    'The former hash-chained audit log, read once by the sequencer to import it into the ' +
    'Merkle log; written by nothing. No names, no ID numbers.',
} as const satisfies TableDefinition;

export const auditEventsTable = {
  logicalName: 'AuditEvents',
  envVar: 'AUDIT_EVENTS_TABLE',
  /** `<writer function>#<event ID>`: each writer puts only under its own prefix. */
  partitionKey: { name: 'eventKey', type: 'S' },
  globalSecondaryIndexes: [],
  stream: 'NEW_AND_OLD_IMAGES',
  description:
    'Audit events as written: one conditional put per event, keyed by writer and event ID; ' +
    'its stream feeds the sequencer. Writers can put, never read. No names, no ID numbers.',
} as const satisfies TableDefinition;

export const auditTreeTable = {
  logicalName: 'AuditTree',
  envVar: 'AUDIT_TREE_TABLE',
  /** `head`, `leaf#<index>`, `node#<level>#<index>`, `event#<event key>`, `batch`, `checkpoint`. */
  partitionKey: { name: 'part', type: 'S' },
  /** A batch's first index, a checkpoint's tree size; 0 else. */
  sortKey: { name: 'pos', type: 'N' },
  globalSecondaryIndexes: [],
  description:
    'The audit log as a Merkle tree (RFC 9162): its sequenced entries, interior nodes, head ' +
    'and signed C2SP checkpoints. Written by the sequencer alone, read by the export.',
} as const satisfies TableDefinition;

export const issuanceLogTable = {
  logicalName: 'CertificateIssuanceLog',
  envVar: 'ISSUANCE_LOG_TABLE',
  partitionKey: { name: 'blindIndex', type: 'S' },
  /** `certificate#<certificate ID>`, or `applications#<year>`: the year's counted applications. */
  sortKey: { name: 'entryKey', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'One item per issued certificate: certificate ID, blind index, purpose, validity, ' +
    'holder DID, time; and per person and year the set of counted applications. Identical ' +
    'in form for every subject.',
} as const satisfies TableDefinition;

export const idempotencyTable = {
  logicalName: 'IdempotencyRecords',
  envVar: 'IDEMPOTENCY_TABLE',
  partitionKey: { name: 'id', type: 'S' },
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiration',
  description: 'Powertools idempotency records: first responses replayed on retries.',
} as const satisfies TableDefinition;

export const walletGrantsTable = {
  logicalName: 'WalletGrants',
  envVar: 'WALLET_GRANTS_TABLE',
  partitionKey: { name: 'grantKey', type: 'S' },
  globalSecondaryIndexes: [],
  timeToLiveAttribute: 'expiresAt',
  description:
    'OpenID4VCI grants: offers (pre-authorized codes), access tokens and proof nonces, each ' +
    'keyed by the hash of its secret, its state sealed for the holder of the secret, expiring ' +
    'within minutes. Each is used once.',
} as const satisfies TableDefinition;

export const inquiryLettersTable = {
  logicalName: 'InquiryLetters',
  envVar: 'INQUIRY_LETTERS_TABLE',
  partitionKey: { name: 'inquiryId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    'One signed result letter per inquiry, put once (attribute_not_exists) by the letter ' +
    'function and returned on every later fetch; the letter only inside the envelope.',
} as const satisfies TableDefinition;

export const personRecordsTable = {
  logicalName: 'PersonRecords',
  envVar: 'PERSON_RECORDS_TABLE',
  partitionKey: { name: 'personIndex', type: 'S' },
  sortKey: { name: 'recordId', type: 'S' },
  globalSecondaryIndexes: [],
  description:
    "The person's own view: per blind index, one entry per record, under the person-view key.",
} as const satisfies TableDefinition;

export const SEALING_APPLICATIONS_BY_AGENCY_INDEX = 'ByAgency';
export const SEALING_APPLICATIONS_BY_APPLICANT_INDEX = 'ByApplicant';

export const sealingApplicationsTable = {
  logicalName: 'SealingApplications',
  envVar: 'SEALING_APPLICATIONS_TABLE',
  partitionKey: { name: 'applicationId', type: 'S' },
  globalSecondaryIndexes: [
    {
      // The applications an organisation has to decide, by status and deadline.
      indexName: SEALING_APPLICATIONS_BY_AGENCY_INDEX,
      partitionKey: { name: 'agencyStatus', type: 'S' },
      sortKey: { name: 'decideBy', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
    {
      // A person's own applications.
      indexName: SEALING_APPLICATIONS_BY_APPLICANT_INDEX,
      partitionKey: { name: 'applicantIndex', type: 'S' },
      sortKey: { name: 'receivedAt', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  description:
    "A person's applications to seal a record: blind indexes and state in the clear; the " +
    'rest under the oversight key.',
} as const satisfies TableDefinition;

export const AGENCY_DIRECTORY_BY_DIVISION_INDEX = 'ByDivision';

export const agencyDirectoryTable = {
  logicalName: 'AgencyDirectory',
  envVar: 'AGENCY_DIRECTORY_TABLE',
  partitionKey: { name: 'org', type: 'S' },
  globalSecondaryIndexes: [
    {
      // The organisations serving a division, by role: the same-level recipients of a
      // sealing notice, the procuratorate one level up.
      indexName: AGENCY_DIRECTORY_BY_DIVISION_INDEX,
      partitionKey: { name: 'division', type: 'S' },
      sortKey: { name: 'roleOrg', type: 'S' },
      projection: { type: 'KEYS_ONLY' },
    },
  ],
  description: 'The agency directory: org, role, name, division, version. No personal data.',
} as const satisfies TableDefinition;

export const tables = [
  recordsTable,
  disclosableConvictionsTable,
  recordLinksTable,
  noticesTable,
  reviewsTable,
  inquiriesTable,
  opinionsTable,
  complaintsTable,
  auditTable,
  auditEventsTable,
  auditTreeTable,
  issuanceLogTable,
  idempotencyTable,
  walletGrantsTable,
  inquiryLettersTable,
  agencyDirectoryTable,
  personRecordsTable,
  sealingApplicationsTable,
] as const satisfies readonly TableDefinition[];

export type TableName = (typeof tables)[number]['logicalName'];
