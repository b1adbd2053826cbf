/**
 * Least privilege, proved on the synthesized template: each function role's complete list of
 * permissions equals what shared/definitions/functions.ts allows it, nothing more. The
 * certificate role carries DESIGN.md invariant 2 — it cannot read sealed data at all.
 */

import type { Key } from 'aws-cdk-lib/aws-kms';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  allow,
  canonicalJson,
  type Permission,
  permissionsOf,
  resourcesOfType,
  roleStatements,
  type Synthesized,
  synthesize,
} from './support.ts';

const DYNAMODB_VIA_SERVICE = 'dynamodb.cn-north-1.amazonaws.com.cn';
const TABLE_KEY_CONDITION = { StringEquals: { 'kms:ViaService': DYNAMODB_VIA_SERVICE } };
const ITEM_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];
const APPEND_ONLY_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'];
const XRAY = allow(['xray:PutTelemetryRecords', 'xray:PutTraceSegments'], ['*']);

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

function functionOf(name: string) {
  const fn = synthesized.stack.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
}

function permissionsOfFunction(name: string): Permission[] {
  const fn = functionOf(name);
  return permissionsOf(roleStatements(synthesized.template, synthesized.logicalId(fn.serviceRole)));
}

const tableArn = (name: Parameters<Synthesized['stack']['tables']['table']>[0]) =>
  synthesized.arnOf(synthesized.stack.tables.table(name));
const keyArn = (key: Key) => synthesized.arnOf(key);

/** A function's own idempotency records (`<name>#…` only) and its own key to seal them. */
function ownIdempotency(name: string) {
  const key = synthesized.stack.keys.keyOf('idempotencyKey', name);
  if (!key) throw new Error(`no idempotency key for ${name}`);
  return [
    allow(ITEM_ACTIONS, [tableArn('IdempotencyRecords')], {
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${name}#*`] },
    }),
    allow(['kms:GenerateMac'], [keyArn(key)], {
      StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
    }),
  ];
}

describe('Role: IssueCertificateFunction (DESIGN.md invariant 2)', () => {
  it('has exactly the permissions functions.ts allows, and nothing else', () => {
    const { keys } = synthesized.stack;
    const fn = functionOf('issue-certificate');
    expect(permissionsOfFunction('issue-certificate')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
        allow(['dynamodb:Query'], [tableArn('DisclosableConvictions')]),
        allow(['dynamodb:PutItem', 'dynamodb:UpdateItem'], [tableArn('CertificateIssuanceLog')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        ...ownIdempotency('issue-certificate'),
        allow(['kms:Decrypt'], [keyArn(keys.tableEncryptionKey)], TABLE_KEY_CONDITION),
        allow(['kms:GenerateMac'], [keyArn(keys.blindIndexKey)], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
        allow(['kms:Sign'], [keyArn(keys.activeSigningKey.key)], {
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
        }),
      ]),
    );
  });

  it('may only query the disclosable set: nothing on the records table or any index', () => {
    const records = canonicalJson(tableArn('CriminalRecords'));
    const dynamodb = permissionsOfFunction('issue-certificate').filter((p) =>
      p.action.startsWith('dynamodb:'),
    );
    for (const permission of dynamodb) {
      expect(permission.resource).not.toContain('/index/');
      expect(permission.resource).not.toBe(records);
      expect(permission.resource).not.toContain('TablesCriminalRecordsTable');
    }
    expect(
      dynamodb.filter((p) => p.resource.includes('TablesDisclosableConvictionsTable')),
    ).toEqual([
      {
        action: 'dynamodb:Query',
        resource: canonicalJson(tableArn('DisclosableConvictions')),
      },
    ]);
  });

  it('cannot decrypt any envelope: no kms:Decrypt but through DynamoDB on the table key', () => {
    const { keys } = synthesized.stack;
    const decrypts = permissionsOfFunction('issue-certificate').filter((p) =>
      ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:GenerateDataKey', 'kms:*'].includes(p.action),
    );
    expect(decrypts).toEqual([
      {
        action: 'kms:Decrypt',
        resource: canonicalJson(keyArn(keys.tableEncryptionKey)),
        condition: canonicalJson(TABLE_KEY_CONDITION),
      },
    ]);
    const envelopeKeys = [keys.recordsKey, keys.sealedArchiveKey].map((key) =>
      canonicalJson(keyArn(key)),
    );
    for (const permission of permissionsOfFunction('issue-certificate')) {
      expect(envelopeKeys).not.toContain(permission.resource);
    }
  });

  it('has nothing at all on the sealed-archive key', () => {
    const archiveKeyId = synthesized.logicalId(synthesized.stack.keys.sealedArchiveKey);
    const fn = functionOf('issue-certificate');
    const statements = roleStatements(synthesized.template, synthesized.logicalId(fn.serviceRole));
    expect(JSON.stringify(statements)).not.toContain(archiveKeyId);
  });

  it('uses no wildcard action', () => {
    for (const permission of permissionsOfFunction('issue-certificate')) {
      expect(permission.action).not.toMatch(/\*/);
    }
  });
});

describe('Roles of the wallet functions (DESIGN.md invariant 2)', () => {
  const SIGN_CONDITION = {
    StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
  };

  it('wallet-offers: the certificate check, and only new grants put; it never signs', () => {
    const { keys } = synthesized.stack;
    const fn = functionOf('wallet-offers');
    expect(permissionsOfFunction('wallet-offers')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
        allow(['dynamodb:Query'], [tableArn('DisclosableConvictions')]),
        allow(['dynamodb:PutItem', 'dynamodb:UpdateItem'], [tableArn('CertificateIssuanceLog')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        ...ownIdempotency('wallet-offers'),
        allow(['dynamodb:PutItem'], [tableArn('WalletGrants')]),
        allow(['kms:Decrypt'], [keyArn(keys.tableEncryptionKey)], TABLE_KEY_CONDITION),
        allow(['kms:GenerateMac'], [keyArn(keys.blindIndexKey)], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
      ]),
    );
  });

  it('wallet-issuer: the disclosable set, its grants, the issuance log and Sign — no MAC, no envelope key, no record', () => {
    const { keys } = synthesized.stack;
    const fn = functionOf('wallet-issuer');
    expect(permissionsOfFunction('wallet-issuer')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
        allow(['dynamodb:Query'], [tableArn('DisclosableConvictions')]),
        allow(['dynamodb:PutItem', 'dynamodb:UpdateItem'], [tableArn('CertificateIssuanceLog')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        allow(ITEM_ACTIONS, [tableArn('WalletGrants')]),
        allow(['kms:Decrypt'], [keyArn(keys.tableEncryptionKey)], TABLE_KEY_CONDITION),
        allow(['kms:Sign'], [keyArn(keys.activeKeyOf('walletSigningKey').key)], SIGN_CONDITION),
      ]),
    );
    const statements = JSON.stringify(
      roleStatements(synthesized.template, synthesized.logicalId(fn.serviceRole)),
    );
    for (const forbidden of [keys.sealedArchiveKey, keys.recordsKey, keys.blindIndexKey]) {
      expect(statements).not.toContain(synthesized.logicalId(forbidden));
    }
    expect(statements).not.toContain('TablesCriminalRecordsTable');
  });

  it('the grants table expires its items', () => {
    const grants = Object.values(
      resourcesOfType(synthesized.template, 'AWS::DynamoDB::Table'),
    ).find(
      (table) =>
        JSON.stringify(table.Properties?.KeySchema) ===
        JSON.stringify([{ AttributeName: 'grantKey', KeyType: 'HASH' }]),
    );
    expect(grants?.Properties?.TimeToLiveSpecification).toEqual({
      AttributeName: 'expiresAt',
      Enabled: true,
    });
  });
});

describe('Role: IngestRecordFunction', () => {
  it('has exactly the permissions functions.ts allows', () => {
    const { keys } = synthesized.stack;
    const fn = functionOf('ingest-record');
    const envelope = (keyClass: string) => ({
      StringEquals: { 'kms:EncryptionContext:keyClass': keyClass },
      Null: { 'kms:EncryptionContext:recordId': 'false' },
    });
    expect(permissionsOfFunction('ingest-record')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
        allow(ITEM_ACTIONS, [tableArn('CriminalRecords'), tableArn('DisclosableConvictions')]),
        ...ownIdempotency('ingest-record'),
        allow(['dynamodb:PutItem'], [tableArn('RecordLinks')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        allow(['kms:Decrypt'], [keyArn(keys.tableEncryptionKey)], TABLE_KEY_CONDITION),
        allow(['kms:GenerateDataKey'], [keyArn(keys.recordsKey)], envelope('records')),
        allow(['kms:GenerateDataKey'], [keyArn(keys.sealedArchiveKey)], envelope('sealed-archive')),
        allow(['kms:GenerateDataKey'], [keyArn(keys.letterFactsKey)], envelope('letter-facts')),
        allow(['kms:GenerateMac'], [keyArn(keys.blindIndexKey)], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
        allow(
          ['sqs:SendMessage'],
          [synthesized.arnOf(synthesized.stack.queues.queue('SealingWork'))],
        ),
      ]),
    );
  });

  it('can seal under the archive key but never decrypt anything (DESIGN.md invariant 2)', () => {
    const decrypts = permissionsOfFunction('ingest-record').filter((p) =>
      ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:*'].includes(p.action),
    );
    expect(decrypts.map((p) => p.resource)).toEqual([
      canonicalJson(keyArn(synthesized.stack.keys.tableEncryptionKey)),
    ]);
  });

  it('cannot sign credentials', () => {
    const actions = permissionsOfFunction('ingest-record').map((p) => p.action);
    expect(actions).not.toContain('kms:Sign');
  });
});

describe('Role: SealingServiceFunction', () => {
  it('has exactly the permissions functions.ts allows', () => {
    const { keys, queues } = synthesized.stack;
    const fn = functionOf('sealing-service');
    const envelope = (keyClass: string) => ({
      StringEquals: { 'kms:EncryptionContext:keyClass': keyClass },
      Null: { 'kms:EncryptionContext:recordId': 'false' },
    });
    const queue = synthesized.arnOf(queues.queue('SealingWork'));
    expect(permissionsOfFunction('sealing-service')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
        allow(ITEM_ACTIONS, [
          tableArn('CriminalRecords'),
          tableArn('DisclosableConvictions'),
          tableArn('Notices'),
        ]),
        allow(['dynamodb:PutItem', 'dynamodb:Query'], [tableArn('RecordLinks')]),
        allow(['dynamodb:PutItem'], [tableArn('Reviews')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        allow(['kms:Decrypt'], [keyArn(keys.tableEncryptionKey)], TABLE_KEY_CONDITION),
        allow(
          ['kms:Decrypt', 'kms:GenerateDataKey'],
          [keyArn(keys.recordsKey)],
          envelope('records'),
        ),
        allow(
          ['kms:Decrypt', 'kms:GenerateDataKey'],
          [keyArn(keys.sealedArchiveKey)],
          envelope('sealed-archive'),
        ),
        allow(['kms:GenerateDataKey'], [keyArn(keys.letterFactsKey)], envelope('letter-facts')),
        allow(
          [
            'sqs:ChangeMessageVisibility',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
            'sqs:GetQueueUrl',
            'sqs:ReceiveMessage',
          ],
          [queue],
        ),
      ]),
    );
  });

  it('is invoked by the sealing queue, reporting failed messages one by one', () => {
    const mappings = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Lambda::EventSourceMapping'),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: { Ref: synthesized.logicalId(functionOf('sealing-service')) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('Decrypting under the sealed-archive key (DESIGN.md invariant 2)', () => {
  it('is allowed to the sealing service only', () => {
    const archive = canonicalJson(keyArn(synthesized.stack.keys.sealedArchiveKey));
    const decrypters = [...synthesized.stack.functions.keys()].filter((name) =>
      permissionsOfFunction(name).some(
        (p) => p.resource === archive && ['kms:Decrypt', 'kms:*'].includes(p.action),
      ),
    );
    expect(decrypters.sort()).toEqual(['judicial-disclosure', 'sealing-service']);
  });

  it('is not reachable by the letter function, which sees unsealed records only', () => {
    const { keys } = synthesized.stack;
    const fn = functionOf('issue-letter');
    const statements = roleStatements(synthesized.template, synthesized.logicalId(fn.serviceRole));
    expect(JSON.stringify(statements)).not.toContain(synthesized.logicalId(keys.sealedArchiveKey));
    expect(synthesized.logicalId(fn)).toContain('Letter');
    expect(synthesized.logicalId(functionOf('judicial-disclosure'))).toContain(
      'JudicialDisclosure',
    );
  });
});

describe('Roles of the inquiry functions', () => {
  const envelope = (keyClass: string) => ({
    StringEquals: { 'kms:EncryptionContext:keyClass': keyClass },
    Null: { 'kms:EncryptionContext:recordId': 'false' },
  });
  const logs = (name: string) =>
    allow(
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [synthesized.arnOf(functionOf(name).functionLogGroup)],
    );
  const appendOnlyAudit = () =>
    allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], [tableArn('AuditLog')]);
  const tableKey = () =>
    allow(
      ['kms:Decrypt'],
      [keyArn(synthesized.stack.keys.tableEncryptionKey)],
      TABLE_KEY_CONDITION,
    );
  const inquiriesIndex = (index: string) => ({
    'Fn::Join': ['', [tableArn('Inquiries'), `/index/${index}`]],
  });

  it('inquiries: applications, no decision, invoking only the two result functions', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('inquiries')).toEqual(
      permissionsOf([
        XRAY,
        logs('inquiries'),
        allow(ITEM_ACTIONS, [tableArn('Inquiries')]),
        ...ownIdempotency('inquiries'),
        allow(['dynamodb:Query'], [inquiriesIndex('ByAgency')]),
        appendOnlyAudit(),
        tableKey(),
        allow(
          ['kms:Decrypt', 'kms:GenerateDataKey'],
          [keyArn(keys.inquiriesKey)],
          envelope('inquiries'),
        ),
        allow(['kms:GenerateMac'], [keyArn(keys.blindIndexKey)], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
        allow(
          ['lambda:InvokeFunction'],
          [
            synthesized.arnOf(functionOf('issue-letter')),
            synthesized.arnOf(functionOf('judicial-disclosure')),
          ],
        ),
      ]),
    );
  });

  it('issue-letter: the application and the disclosable set with its letter facts, Sign; no record', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('issue-letter')).toEqual(
      permissionsOf([
        XRAY,
        logs('issue-letter'),
        allow(['dynamodb:GetItem'], [tableArn('Inquiries')]),
        allow(['dynamodb:Query'], [tableArn('DisclosableConvictions')]),
        allow(['dynamodb:GetItem', 'dynamodb:PutItem'], [tableArn('InquiryLetters')]),
        appendOnlyAudit(),
        tableKey(),
        allow(
          ['kms:Decrypt', 'kms:GenerateDataKey'],
          [keyArn(keys.inquiriesKey)],
          envelope('inquiries'),
        ),
        allow(['kms:Decrypt'], [keyArn(keys.letterFactsKey)], envelope('letter-facts')),
        allow(['kms:Sign'], [keyArn(keys.activeKeyOf('letterSigningKey').key)], {
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
        }),
        allow(
          ['kms:GetPublicKey'],
          keys.signingKeysOf.approvalSigningKey.map(({ key }) => keyArn(key)),
        ),
      ]),
    );
  });

  it('decide-inquiry: decides applications in place and signs approvals; no record, no invoke', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('decide-inquiry')).toEqual(
      permissionsOf([
        XRAY,
        logs('decide-inquiry'),
        allow(['dynamodb:GetItem', 'dynamodb:UpdateItem'], [tableArn('Inquiries')]),
        ...ownIdempotency('decide-inquiry'),
        appendOnlyAudit(),
        tableKey(),
        allow(
          ['kms:Decrypt', 'kms:GenerateDataKey'],
          [keyArn(keys.inquiriesKey)],
          envelope('inquiries'),
        ),
        allow(['kms:Sign'], [keyArn(keys.activeKeyOf('approvalSigningKey').key)], {
          StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
        }),
      ]),
    );
  });

  it('judicial-disclosure: every record of the person, sealed ones included, read only', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('judicial-disclosure')).toEqual(
      permissionsOf([
        XRAY,
        logs('judicial-disclosure'),
        allow(['dynamodb:GetItem'], [tableArn('Inquiries'), tableArn('CriminalRecords')]),
        allow(['dynamodb:Query'], [tableArn('RecordLinks')]),
        appendOnlyAudit(),
        tableKey(),
        allow(['kms:Decrypt'], [keyArn(keys.inquiriesKey)], envelope('inquiries')),
        allow(['kms:Decrypt'], [keyArn(keys.recordsKey)], envelope('records')),
        allow(['kms:Decrypt'], [keyArn(keys.sealedArchiveKey)], envelope('sealed-archive')),
        allow(
          ['kms:GetPublicKey'],
          keys.signingKeysOf.approvalSigningKey.map(({ key }) => keyArn(key)),
        ),
      ]),
    );
  });

  it('access-log: the applications about the caller, nothing about records', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('access-log')).toEqual(
      permissionsOf([
        XRAY,
        logs('access-log'),
        allow(['dynamodb:GetItem'], [tableArn('Inquiries')]),
        allow(['dynamodb:Query'], [inquiriesIndex('BySubject')]),
        appendOnlyAudit(),
        tableKey(),
        allow(['kms:Decrypt'], [keyArn(keys.inquiriesKey)], envelope('inquiries')),
        allow(['kms:GenerateMac'], [keyArn(keys.blindIndexKey)], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
      ]),
    );
  });
});

describe('Role: PublicDocumentsFunction', () => {
  it('may only read public keys of every signing key, current and retired', () => {
    const fn = functionOf('public-documents');
    expect(permissionsOfFunction('public-documents')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
        ...(
          ['signingKey', 'letterSigningKey', 'walletSigningKey', 'approvalSigningKey'] as const
        ).map((name) =>
          allow(
            ['kms:GetPublicKey'],
            synthesized.stack.keys.signingKeysOf[name].map(({ key }) => keyArn(key)),
          ),
        ),
        allow(['kms:GetPublicKey'], [keyArn(synthesized.stack.keys.auditSigningKey)]),
      ]),
    );
  });
});

describe('The audit trail (DESIGN.md invariant 5)', () => {
  it('export and checkpoint: the audit table, append-only, and Sign with the audit key', () => {
    const { keys } = synthesized.stack;
    for (const name of ['audit-export', 'audit-checkpoint']) {
      expect(permissionsOfFunction(name)).toEqual(
        permissionsOf([
          XRAY,
          allow(
            ['logs:CreateLogStream', 'logs:PutLogEvents'],
            [synthesized.arnOf(functionOf(name).functionLogGroup)],
          ),
          allow(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'], [tableArn('AuditLog')]),
          allow(['kms:Decrypt'], [keyArn(keys.tableEncryptionKey)], TABLE_KEY_CONDITION),
          allow(['kms:Sign'], [keyArn(keys.auditSigningKey)], {
            StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
          }),
        ]),
      );
    }
  });

  it('the audit key signs for nothing but the export and the checkpoint', () => {
    const audit = canonicalJson(keyArn(synthesized.stack.keys.auditSigningKey));
    const signers = [...synthesized.stack.functions.keys()].filter((name) =>
      permissionsOfFunction(name).some((p) => p.resource === audit && p.action === 'kms:Sign'),
    );
    expect(signers.sort()).toEqual(['audit-checkpoint', 'audit-export']);
    const credentialSigner = canonicalJson(keyArn(synthesized.stack.keys.activeSigningKey.key));
    for (const name of ['audit-checkpoint', 'audit-export']) {
      expect(permissionsOfFunction(name).map((p) => p.resource)).not.toContain(credentialSigner);
    }
  });

  it('the checkpoint and the overdue count run hourly on EventBridge Scheduler, each its own', () => {
    const schedules = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Scheduler::Schedule'),
    );
    const targets = schedules.map((schedule) => ({
      expression: schedule.Properties.ScheduleExpression,
      target: JSON.stringify((schedule.Properties.Target as { Arn?: unknown }).Arn),
    }));
    expect(targets.sort((a, b) => a.target.localeCompare(b.target))).toEqual(
      ['audit-checkpoint', 'overdue-metrics']
        .map((name) => ({
          expression: 'rate(1 hour)',
          target: JSON.stringify(synthesized.arnOf(functionOf(name))),
        }))
        .sort((a, b) => a.target.localeCompare(b.target)),
    );
  });
});

describe('Roles of the oversight functions', () => {
  const logs = (name: string) =>
    allow(
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      [synthesized.arnOf(functionOf(name).functionLogGroup)],
    );
  const tableKey = () =>
    allow(
      ['kms:Decrypt'],
      [keyArn(synthesized.stack.keys.tableEncryptionKey)],
      TABLE_KEY_CONDITION,
    );
  const index = (table: 'Opinions' | 'Complaints', name: string) => ({
    'Fn::Join': ['', [tableArn(table), `/index/${name}`]],
  });

  it('notices: read and acknowledge notices, its own idempotency records; no blind index', () => {
    expect(permissionsOfFunction('notices')).toEqual(
      permissionsOf([
        XRAY,
        logs('notices'),
        allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], [tableArn('Notices')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        ...ownIdempotency('notices'),
        tableKey(),
      ]),
    );
  });

  it('reviews: read and decide its organisation’s reviews, reasons under the oversight key; no blind index', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('reviews')).toEqual(
      permissionsOf([
        XRAY,
        logs('reviews'),
        allow(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem'], [tableArn('Reviews')]),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        ...ownIdempotency('reviews'),
        tableKey(),
        allow(['kms:Decrypt', 'kms:GenerateDataKey'], [keyArn(keys.oversightKey)], {
          StringEquals: { 'kms:EncryptionContext:keyClass': 'oversight' },
          Null: { 'kms:EncryptionContext:recordId': 'false' },
        }),
      ]),
    );
  });

  it('oversight: opinions and complaints under the oversight key, by key and keys-only indexes', () => {
    const { keys } = synthesized.stack;
    expect(permissionsOfFunction('oversight')).toEqual(
      permissionsOf([
        XRAY,
        logs('oversight'),
        allow(ITEM_ACTIONS, [tableArn('Opinions'), tableArn('Complaints')]),
        allow(
          ['dynamodb:Query'],
          [
            index('Opinions', 'ByAgency'),
            index('Opinions', 'ByIssuer'),
            index('Complaints', 'ByAgency'),
            index('Complaints', 'ByComplainant'),
            index('Complaints', 'ByStatus'),
          ],
        ),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        ...ownIdempotency('oversight'),
        tableKey(),
        allow(['kms:Decrypt', 'kms:GenerateDataKey'], [keyArn(keys.oversightKey)], {
          StringEquals: { 'kms:EncryptionContext:keyClass': 'oversight' },
          Null: { 'kms:EncryptionContext:recordId': 'false' },
        }),
        allow(['kms:GenerateMac'], [keyArn(keys.blindIndexKey)], {
          StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' },
        }),
      ]),
    );
  });

  it('overdue-metrics: scans plain states on a schedule; no key, no audit', () => {
    expect(permissionsOfFunction('overdue-metrics')).toEqual(
      permissionsOf([
        XRAY,
        logs('overdue-metrics'),
        allow(
          ['dynamodb:Scan'],
          [
            tableArn('Inquiries'),
            tableArn('Notices'),
            tableArn('Reviews'),
            tableArn('Opinions'),
            tableArn('Complaints'),
          ],
        ),
        tableKey(),
      ]),
    );
  });

  it('oversight-summary: counts by scanning plain states; no key of any kind', () => {
    expect(permissionsOfFunction('oversight-summary')).toEqual(
      permissionsOf([
        XRAY,
        logs('oversight-summary'),
        allow(
          ['dynamodb:Scan'],
          [
            tableArn('Inquiries'),
            tableArn('Notices'),
            tableArn('Reviews'),
            tableArn('Opinions'),
            tableArn('Complaints'),
          ],
        ),
        allow(APPEND_ONLY_ACTIONS, [tableArn('AuditLog')]),
        tableKey(),
      ]),
    );
  });
});

describe('Role: AuthorizerFunction', () => {
  it('may only write its own logs and traces: no table, no key, no queue', () => {
    const fn = functionOf('authorizer');
    expect(permissionsOfFunction('authorizer')).toEqual(
      permissionsOf([
        XRAY,
        allow(
          ['logs:CreateLogStream', 'logs:PutLogEvents'],
          [synthesized.arnOf(fn.functionLogGroup)],
        ),
      ]),
    );
  });
});

describe('Roles of the functions', () => {
  it('are each tested above for exactly what their code calls', () => {
    // A new function needs its own exact-permission test here.
    expect([...synthesized.stack.functions.keys()].sort()).toEqual(
      [
        'access-log',
        'audit-checkpoint',
        'audit-export',
        'authorizer',
        'bulk-import', // its exact permissions: test/infra/bulkImport.test.ts
        'decide-inquiry',
        'ingest-record',
        'inquiries',
        'issue-certificate',
        'issue-letter',
        'judicial-disclosure',
        'notices',
        'oversight',
        'oversight-summary',
        'overdue-metrics',
        'public-documents',
        'reviews',
        'sealing-service',
        'wallet-issuer',
        'wallet-offers',
      ].sort(),
    );
  });

  it('have no managed policies, no inline role policies, and trust only Lambda', () => {
    for (const fn of synthesized.stack.functions.values()) {
      const role = synthesized.template.toJSON().Resources[synthesized.logicalId(fn.serviceRole)];
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
        },
      ]);
    }
  });

  it('are each used by their own function only', () => {
    const functions = resourcesOfType(synthesized.template, 'AWS::Lambda::Function');
    const roles = Object.values(functions).map((fn) => canonicalJson(fn.Properties.Role));
    expect(new Set(roles).size).toBe(roles.length);
  });

  it('may only append to the audit log: no role can update or delete an audit item', () => {
    const audit = canonicalJson(tableArn('AuditLog'));
    const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));
    const onAudit = policies.flatMap((policy) =>
      permissionsOf((policy.Properties.PolicyDocument as { Statement: never[] }).Statement).filter(
        (p) => p.resource === audit,
      ),
    );
    expect(onAudit.length).toBeGreaterThan(0);
    for (const permission of onAudit) expect(APPEND_ONLY_ACTIONS).toContain(permission.action);
  });

  it('no policy in the stack grants a dynamodb or kms action on "*"', () => {
    for (const policy of Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'))) {
      const statements = (policy.Properties.PolicyDocument as { Statement: never[] }).Statement;
      for (const permission of permissionsOf(statements)) {
        if (/^(dynamodb|kms):/.test(permission.action)) {
          expect(permission.resource).not.toBe('"*"');
        }
      }
    }
  });
});
