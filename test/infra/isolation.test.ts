/**
 * Isolation between functions, checked on the synthesized template against fixed
 * expectations written here — not against the definitions the template was built from, so
 * that a wrong definition cannot pass its own test. Every check is also run on copies of the
 * template with one harmful change each, and must catch it: the checks can fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { keyDefinitions } from '#shared/definitions/keys.ts';
import { type PolicyStatementJson, type Synthesized, synthesize } from './support.ts';

type Resource = { Type: string; Properties: Record<string, unknown> };
type TemplateJson = { Resources: Record<string, Resource> };

let synthesized: Synthesized;
let template: TemplateJson;
beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.template.toJSON() as TemplateJson;
});

const copy = (): TemplateJson => structuredClone(template);
const asList = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Function roles by construct ID: `<Function>FunctionRole<hash>`. */
const FUNCTION_ROLE = /^([A-Za-z]+)FunctionRole[0-9A-F]{8}$/;
/** The bulk import's files key, and the only other roles it names (test/infra/bulkImport.test.ts). */
const FILES_KEY = /^BulkImportFilesKey[0-9A-F]{8}$/;
const FILES_KEY_ROLE = /^BulkImport(StateMachineRole|Operator[A-Za-z0-9]+)[0-9A-F]{8}$/;

function resourcesOf(t: TemplateJson, type: string): [string, Resource][] {
  return Object.entries(t.Resources).filter(([, resource]) => resource.Type === type);
}

/** The logical ID of a table by its name: `Tables<Name>Table<hash>`. */
function tableIdOf(t: TemplateJson, name: string): string {
  const [id] = resourcesOf(t, 'AWS::DynamoDB::Table').find(([id]) =>
    new RegExp(`^Tables${name}Table[0-9A-F]{8}$`).test(id),
  ) ?? [''];
  if (!id) throw new Error(`no table ${name}`);
  return id;
}

function roleIdOf(t: TemplateJson, functionStem: string): string {
  const [id] = resourcesOf(t, 'AWS::IAM::Role').find(
    ([id]) => FUNCTION_ROLE.exec(id)?.[1] === functionStem,
  ) ?? [''];
  if (!id) throw new Error(`no role of ${functionStem}`);
  return id;
}

// ---------------------------------------------------------------------------------------
// Check 1: no table has a resource policy — access is granted by identity policies only,
// each tested exactly (iam.test.ts); a table policy would add principals behind their back.
function checkNoTableResourcePolicy(t: TemplateJson): void {
  for (const [id, table] of resourcesOf(t, 'AWS::DynamoDB::Table')) {
    if (table.Properties.ResourcePolicy !== undefined) {
      throw new Error(`table ${id} has a resource policy`);
    }
  }
  for (const [id] of resourcesOf(t, 'AWS::DynamoDB::GlobalTable')) {
    throw new Error(`unexpected global table ${id}`);
  }
}

// ---------------------------------------------------------------------------------------
// Check 2: key policies name only the account (administration), function roles and scoped
// service principals — never `*`, never another account.
function checkKeyPolicyPrincipals(t: TemplateJson): void {
  for (const [id, key] of resourcesOf(t, 'AWS::KMS::Key')) {
    const { Statement } = key.Properties.KeyPolicy as { Statement: PolicyStatementJson[] };
    for (const statement of Statement) {
      const principal = statement.Principal as Record<string, unknown> | string | undefined;
      if (statement.Effect !== 'Allow') continue;
      if (principal === undefined || principal === '*' || typeof principal === 'string') {
        throw new Error(`${id}: statement ${statement.Sid ?? ''} allows ${String(principal)}`);
      }
      for (const [kind, values] of Object.entries(principal)) {
        for (const value of asList(values)) {
          const text = JSON.stringify(value);
          if (kind === 'Service') {
            if (!statement.Condition) throw new Error(`${id}: unconditioned service ${text}`);
            continue;
          }
          if (kind !== 'AWS') throw new Error(`${id}: principal kind ${kind}`);
          if (value === '*' || text.includes('"*"')) throw new Error(`${id}: AWS principal *`);
          const role = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
          const isFunctionRole = role !== undefined && FUNCTION_ROLE.test(role);
          const isFilesKeyRole =
            role !== undefined && FILES_KEY.test(id) && FILES_KEY_ROLE.test(role);
          const isThisAccountRoot =
            text.includes(':root') && text.includes('{"Ref":"AWS::AccountId"}');
          if (!isFunctionRole && !isFilesKeyRole && !isThisAccountRoot)
            throw new Error(`${id}: principal ${text}`);
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// Check 3: every table's keys and indexes are exactly these, and every index is keys only:
// no index, and no keys-only table, can carry the envelope or any other attribute.
const EXPECTED_TABLES: Record<
  string,
  { keys: string[]; indexes: Record<string, string[]>; stream?: string }
> = {
  CriminalRecords: { keys: ['recordId'], indexes: {} },
  DisclosableConvictions: { keys: ['blindIndex', 'recordId'], indexes: {} },
  RecordLinks: { keys: ['linkKey', 'recordId'], indexes: {} },
  Notices: { keys: ['recipient', 'noticeId'], indexes: {} },
  Reviews: { keys: ['owner', 'reviewId'], indexes: {} },
  Inquiries: {
    keys: ['inquiryId'],
    indexes: { ByAgency: ['agencyStatus', 'decideBy'], BySubject: ['subjectIndex', 'receivedAt'] },
  },
  Opinions: {
    keys: ['opinionId'],
    indexes: {
      ByAgency: ['agencyKey', 'issuedAt'],
      ByIssuer: ['issuerOrg', 'issuedAt'],
      ByReportedTo: ['reportedToOrg', 'issuedAt'],
    },
  },
  Complaints: {
    keys: ['complaintId'],
    indexes: {
      ByAgency: ['againstKey', 'receivedAt'],
      ByComplainant: ['complainantIndex', 'receivedAt'],
      ByStatus: ['status', 'receivedAt'],
    },
  },
  AuditLog: { keys: ['chain', 'seq'], indexes: {} },
  // The one stream: audit events (record IDs and blind indexes), read by the sequencer alone.
  AuditEvents: { keys: ['eventKey'], indexes: {}, stream: 'NEW_AND_OLD_IMAGES' },
  AuditTree: { keys: ['part', 'pos'], indexes: {} },
  CertificateIssuanceLog: { keys: ['blindIndex', 'entryKey'], indexes: {} },
  IdempotencyRecords: { keys: ['id'], indexes: {} },
  WalletGrants: { keys: ['grantKey'], indexes: {} },
  InquiryLetters: { keys: ['inquiryId'], indexes: {} },
  AgencyDirectory: { keys: ['org'], indexes: { ByDivision: ['division', 'roleOrg'] } },
  PersonRecords: { keys: ['personIndex', 'recordId'], indexes: {} },
  SealingApplications: {
    keys: ['applicationId'],
    indexes: {
      ByAgency: ['agencyStatus', 'decideBy'],
      ByApplicant: ['applicantIndex', 'receivedAt'],
    },
  },
};

type KeySchema = { AttributeName: string }[];
type Index = { IndexName: string; KeySchema: KeySchema; Projection: Record<string, unknown> };

function checkTablesAndIndexes(t: TemplateJson): void {
  const tables = resourcesOf(t, 'AWS::DynamoDB::Table');
  if (tables.length !== Object.keys(EXPECTED_TABLES).length) {
    throw new Error(`${tables.length} tables, expected ${Object.keys(EXPECTED_TABLES).length}`);
  }
  for (const [name, expected] of Object.entries(EXPECTED_TABLES)) {
    const table = t.Resources[tableIdOf(t, name)] as Resource;
    const keys = (table.Properties.KeySchema as KeySchema).map((k) => k.AttributeName);
    if (JSON.stringify(keys) !== JSON.stringify(expected.keys)) {
      throw new Error(`${name}: keys ${keys.join(',')}`);
    }
    if (table.Properties.LocalSecondaryIndexes !== undefined) {
      throw new Error(`${name}: local secondary index`);
    }
    const indexes = asList(table.Properties.GlobalSecondaryIndexes as Index[] | undefined);
    const names = indexes.map((index) => index.IndexName).sort();
    if (JSON.stringify(names) !== JSON.stringify(Object.keys(expected.indexes).sort())) {
      throw new Error(`${name}: indexes ${names.join(',')}`);
    }
    for (const index of indexes) {
      const indexKeys = index.KeySchema.map((k) => k.AttributeName);
      if (JSON.stringify(indexKeys) !== JSON.stringify(expected.indexes[index.IndexName])) {
        throw new Error(`${name}.${index.IndexName}: keys ${indexKeys.join(',')}`);
      }
      if (
        index.Projection.ProjectionType !== 'KEYS_ONLY' ||
        index.Projection.NonKeyAttributes !== undefined
      ) {
        throw new Error(`${name}.${index.IndexName} projects ${JSON.stringify(index.Projection)}`);
      }
    }
    const stream = (table.Properties.StreamSpecification as { StreamViewType?: string } | undefined)
      ?.StreamViewType;
    if (stream !== expected.stream) {
      throw new Error(`${name}: a stream would copy items out`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Check 4: idempotency records. Exactly these roles reach the table, each only for items
// whose key begins with its own function's name; each function seals its answers under
// its own key, whose policy names that function's role alone.
const IDEMPOTENT_FUNCTIONS = {
  IngestRecord: 'ingest-record',
  IssueCertificate: 'issue-certificate',
  Inquiries: 'inquiries',
  DecideInquiry: 'decide-inquiry',
  Notices: 'notices',
  Reviews: 'reviews',
  Oversight: 'oversight',
  SealingApplications: 'sealing-applications',
  WalletOffers: 'wallet-offers',
} as const;

function identityStatementsOf(t: TemplateJson, roleId: string): PolicyStatementJson[] {
  return resourcesOf(t, 'AWS::IAM::Policy')
    .filter(([, policy]) =>
      asList(policy.Properties.Roles as unknown[]).some(
        (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleId }),
      ),
    )
    .flatMap(
      ([, policy]) =>
        (policy.Properties.PolicyDocument as { Statement: PolicyStatementJson[] }).Statement,
    );
}

function checkIdempotencyIsolation(t: TemplateJson): void {
  const tableId = tableIdOf(t, 'IdempotencyRecords');
  const reaching = new Map<string, PolicyStatementJson[]>();
  for (const [roleId] of resourcesOf(t, 'AWS::IAM::Role')) {
    const onTable = identityStatementsOf(t, roleId).filter((s) =>
      JSON.stringify(s.Resource ?? '').includes(`"${tableId}"`),
    );
    if (onTable.length > 0) reaching.set(roleId, onTable);
  }
  const expectedRoles = Object.keys(IDEMPOTENT_FUNCTIONS).map((stem) => roleIdOf(t, stem));
  if (JSON.stringify([...reaching.keys()].sort()) !== JSON.stringify(expectedRoles.sort())) {
    throw new Error(`roles reaching the idempotency table: ${[...reaching.keys()].join(',')}`);
  }
  for (const [stem, name] of Object.entries(IDEMPOTENT_FUNCTIONS)) {
    for (const statement of reaching.get(roleIdOf(t, stem)) ?? []) {
      const leading = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
      if (JSON.stringify(leading) !== JSON.stringify([`${name}#*`])) {
        throw new Error(`${stem}: idempotency items not limited to its own (${leading})`);
      }
    }
    // Its own key: one per function, named after it, usable by its role alone.
    const keyId = Object.keys(t.Resources).find((id) =>
      new RegExp(`^Keys${stem}IdempotencyKey[0-9A-F]{8}$`).test(id),
    );
    if (!keyId) throw new Error(`${stem}: no idempotency key of its own`);
    const { Statement } = (t.Resources[keyId] as Resource).Properties.KeyPolicy as {
      Statement: PolicyStatementJson[];
    };
    const users = Statement.filter((s) => s.Sid !== 'AccountAdministersKeyWithoutUsingIt').map(
      (s) => JSON.stringify(s.Principal),
    );
    const own = JSON.stringify({ AWS: { 'Fn::GetAtt': [roleIdOf(t, stem), 'Arn'] } });
    if (users.length === 0 || users.some((user) => user !== own)) {
      throw new Error(`${stem}: its idempotency key is usable by ${users.join(', ')}`);
    }
  }
}

// Check 5 (DESIGN.md invariant 10): no single function other than the disclosure function can
// obtain a sealed record. Only the decision function may sign approvals; it may invoke no
// function. Only the inquiry function may invoke the functions that disclose, and it may sign
// nothing. Only the sealing service and the disclosure function may decrypt under the
// sealed-archive key. Read from identity policies and key policies both.
const APPROVAL_KEY = /^KeysApprovalSigningKey[A-Za-z0-9]+[0-9A-F]{8}$/;
const SEALED_ARCHIVE_KEY = /^KeysSealedArchiveKey[0-9A-F]{8}$/;
const functionIdOf = (t: TemplateJson, stem: string) =>
  Object.keys(t.Resources).find((id) => new RegExp(`^${stem}Function[0-9A-F]{8}$`).test(id)) ?? '';

/** Roles whose identity policy allows `action` on a resource whose text matches `resource`. */
function rolesAllowedByIdentity(t: TemplateJson, action: string, resource: RegExp): Set<string> {
  const found = new Set<string>();
  for (const [, policy] of resourcesOf(t, 'AWS::IAM::Policy')) {
    const { Statement } = policy.Properties.PolicyDocument as { Statement: PolicyStatementJson[] };
    const grants = Statement.some(
      (statement) =>
        statement.Effect === 'Allow' &&
        asList(statement.Action as string | string[]).some(
          (a) => a === action || a === '*' || a === `${action.split(':')[0]}:*`,
        ) &&
        asList(statement.Resource as unknown).some(
          (r) => r === '*' || resource.test(JSON.stringify(r)),
        ),
    );
    if (!grants) continue;
    for (const role of asList(policy.Properties.Roles as unknown[])) {
      found.add(String((role as { Ref?: string }).Ref ?? JSON.stringify(role)));
    }
  }
  return found;
}

/** Roles a key policy lets use `action` on the keys whose logical IDs match `key`. */
function rolesAllowedByKeyPolicy(t: TemplateJson, key: RegExp, action: string): Set<string> {
  const found = new Set<string>();
  for (const [id, resource] of resourcesOf(t, 'AWS::KMS::Key')) {
    if (!key.test(id)) continue;
    const { Statement } = resource.Properties.KeyPolicy as { Statement: PolicyStatementJson[] };
    for (const statement of Statement) {
      if (statement.Effect !== 'Allow') continue;
      const actions = asList(statement.Action as string | string[]);
      if (!actions.some((a) => a === action || a === 'kms:*' || a === '*')) continue;
      const principal = statement.Principal as { AWS?: unknown } | string;
      for (const value of asList(typeof principal === 'string' ? principal : principal.AWS)) {
        const role = (value as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0];
        found.add(role ?? JSON.stringify(value));
      }
    }
  }
  return found;
}

function expectRoles(what: string, found: Set<string>, expected: string[]): void {
  const text = (roles: Iterable<string>) => JSON.stringify([...roles].sort());
  if (text(found) !== text(expected)) {
    throw new Error(`${what}: ${text(found)}, expected ${text(expected)}`);
  }
}

function checkApprovalSeparation(t: TemplateJson): void {
  const role = (stem: string) => roleIdOf(t, stem);
  const approvalKeys = resourcesOf(t, 'AWS::KMS::Key').filter(([id]) => APPROVAL_KEY.test(id));
  if (approvalKeys.length === 0) throw new Error('no approval key in the template');
  const approvalKeyText = new RegExp(approvalKeys.map(([id]) => id).join('|'));
  expectRoles('sign approvals (identity)', rolesAllowedByIdentity(t, 'kms:Sign', approvalKeyText), [
    role('DecideInquiry'),
  ]);
  expectRoles('sign approvals (key policy)', rolesAllowedByKeyPolicy(t, APPROVAL_KEY, 'kms:Sign'), [
    role('DecideInquiry'),
  ]);
  for (const stem of ['JudicialDisclosure', 'IssueLetter']) {
    expectRoles(
      `invoke ${stem}`,
      rolesAllowedByIdentity(t, 'lambda:InvokeFunction', new RegExp(functionIdOf(t, stem))),
      [role('Inquiries')],
    );
  }
  const decideInvokes = resourcesOf(t, 'AWS::IAM::Policy').some(
    ([, policy]) =>
      JSON.stringify(policy.Properties.Roles).includes(role('DecideInquiry')) &&
      JSON.stringify(policy.Properties.PolicyDocument).includes('lambda:'),
  );
  if (decideInvokes) throw new Error('the decision function may invoke a function');
  const archive = resourcesOf(t, 'AWS::KMS::Key').find(([id]) => SEALED_ARCHIVE_KEY.test(id));
  const archiveText = new RegExp(archive?.[0] ?? 'no sealed-archive key');
  const decrypting = [role('SealingService'), role('JudicialDisclosure')];
  expectRoles(
    'decrypt sealed records (identity)',
    rolesAllowedByIdentity(t, 'kms:Decrypt', archiveText),
    decrypting,
  );
  expectRoles(
    'decrypt sealed records (key policy)',
    rolesAllowedByKeyPolicy(t, SEALED_ARCHIVE_KEY, 'kms:Decrypt'),
    decrypting,
  );
}

// Check 6 (DESIGN.md invariant 2; API.md, Inquiries): the letter function reads only what a
// letter needs — the application, the disclosable set and its letter facts. Its role names no
// record table and no record key, and it alone may open letter facts, which the writers of the
// disclosable set may only seal.
const LETTER_FACTS_KEY = /^KeysLetterFactsKey[0-9A-F]{8}$/;

function checkLetterReadsNoRecord(t: TemplateJson): void {
  const role = (stem: string) => roleIdOf(t, stem);
  const letterText = JSON.stringify(
    resourcesOf(t, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(role('IssueLetter')))
      .map(([, p]) => p.Properties.PolicyDocument),
  );
  const keyIdOf = (pattern: RegExp) =>
    Object.keys(t.Resources).find((id) => pattern.test(id)) ?? `none:${pattern.source}`;
  for (const forbidden of [
    tableIdOf(t, 'CriminalRecords'),
    tableIdOf(t, 'RecordLinks'),
    keyIdOf(/^KeysRecordsKey[0-9A-F]{8}$/),
    keyIdOf(SEALED_ARCHIVE_KEY),
  ]) {
    if (letterText.includes(`"${forbidden}"`))
      throw new Error(`the letter role names ${forbidden}`);
  }
  const factsKey = new RegExp(keyIdOf(LETTER_FACTS_KEY));
  expectRoles('open letter facts (identity)', rolesAllowedByIdentity(t, 'kms:Decrypt', factsKey), [
    role('IssueLetter'),
  ]);
  expectRoles(
    'open letter facts (key policy)',
    rolesAllowedByKeyPolicy(t, LETTER_FACTS_KEY, 'kms:Decrypt'),
    [role('IssueLetter')],
  );
  expectRoles(
    'seal letter facts (key policy)',
    rolesAllowedByKeyPolicy(t, LETTER_FACTS_KEY, 'kms:GenerateDataKey'),
    [role('IngestRecord'), role('BulkImport'), role('SealingService')],
  );
}

const checks = {
  'no table has a resource policy': checkNoTableResourcePolicy,
  'key policies name no one but the account, function roles and scoped services':
    checkKeyPolicyPrincipals,
  'tables and indexes are exactly the fixed ones, every index keys only': checkTablesAndIndexes,
  'each function reaches only its own idempotency records, under its own key':
    checkIdempotencyIsolation,
  'only the decision function signs approvals, only the inquiry function invokes disclosure, only two decrypt sealed records':
    checkApprovalSeparation,
  'the letter function reads no record, and alone opens the letter facts its writers seal':
    checkLetterReadsNoRecord,
};

describe('Isolation, on the synthesized template', () => {
  it.each(Object.entries(checks))('%s', (_name, check) => {
    expect(() => check(template)).not.toThrow();
  });

  it('keeps construct IDs that name each function, its role and its own key', () => {
    const ids = Object.keys(template.Resources);
    for (const stem of [
      'IngestRecord',
      'IssueCertificate',
      'SealingService',
      'IssueLetter',
      'JudicialDisclosure',
      'Inquiries',
      'DecideInquiry',
      'AccessLog',
      'PublicDocuments',
      'Notices',
      'Reviews',
      'Oversight',
      'OversightSummary',
      'AuditExport',
      'AuditSequencer',
      'OverdueMetrics',
      'WalletOffers',
      'WalletIssuer',
      'Authorizer',
      'BulkImport',
    ]) {
      expect(
        ids.some((id) => new RegExp(`^${stem}Function[0-9A-F]{8}$`).test(id)),
        stem,
      ).toBe(true);
      expect(() => roleIdOf(template, stem)).not.toThrow();
    }
    for (const stem of Object.keys(IDEMPOTENT_FUNCTIONS)) {
      expect(ids.some((id) => id.startsWith(`Keys${stem}IdempotencyKey`))).toBe(true);
    }
    expect(keyDefinitions.idempotencyKey.perFunction).toBe(true);
  });
});

describe('Isolation checks catch the harm they are for', () => {
  const certificateRole = () => ({ 'Fn::GetAtt': [roleIdOf(template, 'IssueCertificate'), 'Arn'] });
  const keyIdOf = (stem: string) =>
    Object.keys(template.Resources).find((id) => new RegExp(`^Keys${stem}[0-9A-F]{8}$`).test(id)) ??
    '';
  const keyStatements = (t: TemplateJson, keyId: string) =>
    ((t.Resources[keyId] as Resource).Properties.KeyPolicy as { Statement: PolicyStatementJson[] })
      .Statement;

  const mutations: [string, keyof typeof checks, (t: TemplateJson) => void][] = [
    [
      'a table resource policy naming the certificate role (idempotency records)',
      'no table has a resource policy',
      (t) => {
        (t.Resources[tableIdOf(t, 'IdempotencyRecords')] as Resource).Properties.ResourcePolicy = {
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: certificateRole() },
                Action: ['dynamodb:GetItem', 'dynamodb:DeleteItem'],
                Resource: '*',
              },
            ],
          },
        };
      },
    ],
    [
      'a table resource policy naming the certificate role (criminal records)',
      'no table has a resource policy',
      (t) => {
        (t.Resources[tableIdOf(t, 'CriminalRecords')] as Resource).Properties.ResourcePolicy = {
          PolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: certificateRole() },
                Action: 'dynamodb:GetItem',
                Resource: '*',
              },
            ],
          },
        };
      },
    ],
    [
      'a `Principal: *` statement in the records key policy',
      'key policies name no one but the account, function roles and scoped services',
      (t) => {
        keyStatements(t, keyIdOf('RecordsKey')).push({
          Effect: 'Allow',
          Principal: '*',
          Action: 'kms:Decrypt',
          Resource: '*',
        });
      },
    ],
    [
      'a `Principal: {AWS: *}` statement with a condition in the records key policy',
      'key policies name no one but the account, function roles and scoped services',
      (t) => {
        keyStatements(t, keyIdOf('RecordsKey')).push({
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: ['kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': '111122223333' } },
        });
      },
    ],
    [
      'another account named in the sealed-archive key policy',
      'key policies name no one but the account, function roles and scoped services',
      (t) => {
        keyStatements(t, keyIdOf('SealedArchiveKey')).push({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws-cn:iam::111122223333:root' },
          Action: ['kms:Decrypt'],
          Resource: '*',
        });
      },
    ],
    [
      'the bulk import state machine role named in the sealed-archive key policy',
      'key policies name no one but the account, function roles and scoped services',
      (t) => {
        const importRole = Object.keys(t.Resources).find((id) =>
          /^BulkImportStateMachineRole[0-9A-F]{8}$/.test(id),
        );
        if (!importRole) throw new Error('no bulk import state machine role in the template');
        keyStatements(t, keyIdOf('SealedArchiveKey')).push({
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [importRole, 'Arn'] } },
          Action: ['kms:Decrypt'],
          Resource: '*',
        });
      },
    ],
    [
      'the DisclosableConvictions table with an index projecting the envelope',
      'tables and indexes are exactly the fixed ones, every index keys only',
      (t) => {
        const table = t.Resources[tableIdOf(t, 'DisclosableConvictions')] as Resource;
        table.Properties.GlobalSecondaryIndexes = [
          {
            IndexName: 'Disclosable',
            KeySchema: [{ AttributeName: 'blindIndex', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['envelope'] },
          },
        ];
      },
    ],
    [
      'an inquiry index projecting every attribute',
      'tables and indexes are exactly the fixed ones, every index keys only',
      (t) => {
        const table = t.Resources[tableIdOf(t, 'Inquiries')] as Resource;
        const [first] = table.Properties.GlobalSecondaryIndexes as Index[];
        if (first) first.Projection = { ProjectionType: 'ALL' };
      },
    ],
    [
      'an index on the records table keyed by the blind index, projecting the envelope',
      'tables and indexes are exactly the fixed ones, every index keys only',
      (t) => {
        const table = t.Resources[tableIdOf(t, 'CriminalRecords')] as Resource;
        table.Properties.GlobalSecondaryIndexes = [
          {
            IndexName: 'ByPerson',
            KeySchema: [{ AttributeName: 'blindIndex', KeyType: 'HASH' }],
            Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['envelope'] },
          },
        ];
      },
    ],
    [
      "the certificate role's idempotency grant without its LeadingKeys condition",
      'each function reaches only its own idempotency records, under its own key',
      (t) => {
        const tableId = tableIdOf(t, 'IdempotencyRecords');
        for (const statement of identityStatementsOf(t, roleIdOf(t, 'IssueCertificate'))) {
          if (JSON.stringify(statement.Resource).includes(tableId)) delete statement.Condition;
        }
      },
    ],
    [
      "the certificate role allowed on ingestion's idempotency key",
      'each function reaches only its own idempotency records, under its own key',
      (t) => {
        const keyId = Object.keys(t.Resources).find((id) =>
          id.startsWith('KeysIngestRecordIdempotencyKey'),
        );
        keyStatements(t, keyId ?? '').push({
          Effect: 'Allow',
          Principal: { AWS: certificateRole() },
          Action: ['kms:GenerateMac'],
          Resource: '*',
        });
      },
    ],
    [
      'the sealing service given the idempotency table',
      'each function reaches only its own idempotency records, under its own key',
      (t) => {
        const [, policy] =
          resourcesOf(t, 'AWS::IAM::Policy').find(([, p]) =>
            JSON.stringify(p.Properties.Roles).includes(roleIdOf(t, 'SealingService')),
          ) ?? [];
        (
          (policy as Resource).Properties.PolicyDocument as { Statement: PolicyStatementJson[] }
        ).Statement.push({
          Effect: 'Allow',
          Action: ['dynamodb:GetItem'],
          Resource: { 'Fn::GetAtt': [tableIdOf(t, 'IdempotencyRecords'), 'Arn'] },
        });
      },
    ],
    [
      'the inquiry function named in an approval key policy for Sign',
      'only the decision function signs approvals, only the inquiry function invokes disclosure, only two decrypt sealed records',
      (t) => {
        const keyId = Object.keys(t.Resources).find((id) => APPROVAL_KEY.test(id)) ?? '';
        keyStatements(t, keyId).push({
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [roleIdOf(t, 'Inquiries'), 'Arn'] } },
          Action: 'kms:Sign',
          Resource: '*',
        });
      },
    ],
    [
      'the inquiry role allowed kms:Sign on the approval key',
      'only the decision function signs approvals, only the inquiry function invokes disclosure, only two decrypt sealed records',
      (t) => {
        const keyId = Object.keys(t.Resources).find((id) => APPROVAL_KEY.test(id)) ?? '';
        const [, policy] =
          resourcesOf(t, 'AWS::IAM::Policy').find(([, p]) =>
            JSON.stringify(p.Properties.Roles).includes(roleIdOf(t, 'Inquiries')),
          ) ?? [];
        (
          (policy as Resource).Properties.PolicyDocument as { Statement: PolicyStatementJson[] }
        ).Statement.push({
          Effect: 'Allow',
          Action: 'kms:Sign',
          Resource: { 'Fn::GetAtt': [keyId, 'Arn'] },
        });
      },
    ],
    [
      'the decision function allowed to invoke the disclosure function',
      'only the decision function signs approvals, only the inquiry function invokes disclosure, only two decrypt sealed records',
      (t) => {
        const [, policy] =
          resourcesOf(t, 'AWS::IAM::Policy').find(([, p]) =>
            JSON.stringify(p.Properties.Roles).includes(roleIdOf(t, 'DecideInquiry')),
          ) ?? [];
        (
          (policy as Resource).Properties.PolicyDocument as { Statement: PolicyStatementJson[] }
        ).Statement.push({
          Effect: 'Allow',
          Action: 'lambda:InvokeFunction',
          Resource: { 'Fn::GetAtt': [functionIdOf(t, 'JudicialDisclosure'), 'Arn'] },
        });
      },
    ],
    [
      'the letter function allowed to decrypt under the sealed-archive key',
      'only the decision function signs approvals, only the inquiry function invokes disclosure, only two decrypt sealed records',
      (t) => {
        const keyId = Object.keys(t.Resources).find((id) => SEALED_ARCHIVE_KEY.test(id)) ?? '';
        keyStatements(t, keyId).push({
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [roleIdOf(t, 'IssueLetter'), 'Arn'] } },
          Action: 'kms:Decrypt',
          Resource: '*',
        });
      },
    ],
    [
      'the letter function allowed GetItem on the records table',
      'the letter function reads no record, and alone opens the letter facts its writers seal',
      (t) => {
        const [, policy] =
          resourcesOf(t, 'AWS::IAM::Policy').find(([, p]) =>
            JSON.stringify(p.Properties.Roles).includes(roleIdOf(t, 'IssueLetter')),
          ) ?? [];
        (
          (policy as Resource).Properties.PolicyDocument as { Statement: PolicyStatementJson[] }
        ).Statement.push({
          Effect: 'Allow',
          Action: ['dynamodb:GetItem'],
          Resource: { 'Fn::GetAtt': [tableIdOf(t, 'CriminalRecords'), 'Arn'] },
        });
      },
    ],
    [
      'the inquiry function named in the letter-facts key policy for Decrypt',
      'the letter function reads no record, and alone opens the letter facts its writers seal',
      (t) => {
        const keyId = Object.keys(t.Resources).find((id) => LETTER_FACTS_KEY.test(id)) ?? '';
        keyStatements(t, keyId).push({
          Effect: 'Allow',
          Principal: { AWS: { 'Fn::GetAtt': [roleIdOf(t, 'Inquiries'), 'Arn'] } },
          Action: 'kms:Decrypt',
          Resource: '*',
        });
      },
    ],
  ];

  it.each(mutations)('%s', (_name, checkName, mutate) => {
    const mutated = copy();
    mutate(mutated);
    expect(() => checks[checkName](mutated)).toThrow();
    // The unmutated template still passes the same check.
    expect(() => checks[checkName](template)).not.toThrow();
  });
});
