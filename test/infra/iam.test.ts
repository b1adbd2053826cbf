/**
 * Invariants of the roles, checked on the synthesized template against fixed expectations:
 * the certificate role carries DESIGN.md invariant 2 — it cannot read sealed data at all —,
 * only the sealing service and judicial disclosure decrypt sealed records, no writer reads
 * the audit log and only the sequencer writes its tree. That each role has exactly what its code uses, nothing less and nothing more,
 * is proved by simulating every recorded call against the template (awsCalls.test.ts).
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

/**
 * Writing audit events (DESIGN.md invariant 5): `PutItem` on the events table under the
 * function's own prefix, nothing else — no read of any audit table.
 */
function auditWrite(name: string) {
  return allow(['dynamodb:PutItem'], [tableArn('AuditEvents')], {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${name}#*`] },
  });
}

describe('Role: IssueCertificateFunction (DESIGN.md invariant 2)', () => {
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
  it('wallet-issuer: the disclosable set, its grants, the issuance log and Sign — no MAC, no envelope key, no record', () => {
    const { keys } = synthesized.stack;
    const fn = functionOf('wallet-issuer');
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
  it('is invoked by the sealing queue, failed messages one by one, never beyond its reserved concurrency', () => {
    const sealingService = { Ref: synthesized.logicalId(functionOf('sealing-service')) };
    const mappings = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Lambda::EventSourceMapping'),
    ).filter(
      (mapping) =>
        canonicalJson(mapping.Properties?.FunctionName) === canonicalJson(sealingService),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: { Ref: synthesized.logicalId(functionOf('sealing-service')) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // Throttled deliveries would spend receives and reach the dead-letter queue.
      ScalingConfig: { MaximumConcurrency: 10 },
    });
    const queue =
      synthesized.template.toJSON().Resources[
        synthesized.logicalId(synthesized.stack.queues.queue('SealingWork'))
      ];
    expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(10);
  });
});

describe('Removing a disclosable entry (DESIGN.md invariant 2)', () => {
  it('is allowed to the sealing service only: no internet-facing role deletes or rewrites one', () => {
    const disclosable = canonicalJson(tableArn('DisclosableConvictions'));
    const removing = /^dynamodb:(DeleteItem|UpdateItem|BatchWriteItem|PartiQL.*|\*)$|^\*$/;
    const holders = [...synthesized.stack.functions.keys()].filter((name) =>
      permissionsOfFunction(name).some(
        (p) => p.resource === disclosable && removing.test(p.action),
      ),
    );
    expect(holders).toEqual(['sealing-service']);
    // The ingestion and the bulk import only add entries.
    for (const name of ['ingest-record', 'bulk-import']) {
      expect(
        permissionsOfFunction(name)
          .filter((p) => p.resource === disclosable)
          .map((p) => p.action),
      ).toEqual(['dynamodb:PutItem']);
    }
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

describe('The audit trail (DESIGN.md invariant 5)', () => {
  const auditTables = ['AuditEvents', 'AuditTree', 'AuditLog'] as const;
  const readActions =
    /^dynamodb:(Get|BatchGet|Query|Scan|DescribeStream|GetRecords|GetShardIterator)/;

  it('no writer can read any audit table, and each writes only under its own prefix', () => {
    const readers = ['audit-sequencer', 'audit-export'];
    const tables = auditTables.map((name) => canonicalJson(tableArn(name)));
    const stream = canonicalJson({
      'Fn::GetAtt': [
        synthesized.logicalId(synthesized.stack.tables.table('AuditEvents')),
        'StreamArn',
      ],
    });
    const writers = [...synthesized.stack.functions.keys()].filter((name) =>
      permissionsOfFunction(name).some(
        (p) => p.resource === tables[0] && p.action === 'dynamodb:PutItem',
      ),
    );
    expect(writers.length).toBeGreaterThanOrEqual(14);
    for (const name of writers.filter((w) => !readers.includes(w))) {
      const onAudit = permissionsOfFunction(name).filter(
        (p) => tables.includes(p.resource) || p.resource === stream,
      );
      expect(
        onAudit.filter((p) => readActions.test(p.action)),
        name,
      ).toEqual([]);
      expect(onAudit, name).toEqual(permissionsOf([auditWrite(name)]));
    }
  });

  it('only the sequencer writes the tree (nodes, leaves, checkpoints) and signs with the audit key', () => {
    const tree = canonicalJson(tableArn('AuditTree'));
    const writesTree = [...synthesized.stack.functions.keys()].filter((name) =>
      permissionsOfFunction(name).some(
        (p) => p.resource === tree && /^dynamodb:(Put|BatchWrite|Update|Delete)/.test(p.action),
      ),
    );
    expect(writesTree).toEqual(['audit-sequencer']);
    const audit = canonicalJson(keyArn(synthesized.stack.keys.auditSigningKey));
    const signers = [...synthesized.stack.functions.keys()].filter((name) =>
      permissionsOfFunction(name).some((p) => p.resource === audit && p.action === 'kms:Sign'),
    );
    expect(signers).toEqual(['audit-sequencer']);
    const credentialSigner = canonicalJson(keyArn(synthesized.stack.keys.activeSigningKey.key));
    expect(permissionsOfFunction('audit-sequencer').map((p) => p.resource)).not.toContain(
      credentialSigner,
    );
  });

  it('no role can update or delete an audit item', () => {
    const tables = auditTables.map((name) => canonicalJson(tableArn(name)));
    const policies = Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'));
    const onAudit = policies.flatMap((policy) =>
      permissionsOf((policy.Properties.PolicyDocument as { Statement: never[] }).Statement).filter(
        (p) => tables.includes(p.resource),
      ),
    );
    expect(onAudit.length).toBeGreaterThan(0);
    for (const { action } of onAudit) expect(action).not.toMatch(/^dynamodb:(Update|Delete)/);
  });

  it('the sequencer: the events’ stream, one batch at a time, bisected and retried, then a queue; one invocation at a time', () => {
    const mappings = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Lambda::EventSourceMapping'),
    ).filter((m) => JSON.stringify(m.Properties.EventSourceArn).includes('StreamArn'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: { Ref: synthesized.logicalId(functionOf('audit-sequencer')) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 1000,
      MaximumBatchingWindowInSeconds: 1,
      ParallelizationFactor: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      DestinationConfig: {
        OnFailure: { Destination: synthesized.arnOf(synthesized.stack.auditSequencerFailures) },
      },
    });
    const fn =
      synthesized.template.toJSON().Resources[synthesized.logicalId(functionOf('audit-sequencer'))];
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(1);
    const table =
      synthesized.template.toJSON().Resources[
        synthesized.logicalId(synthesized.stack.tables.table('AuditEvents'))
      ];
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  });

  it('the sequencer and the overdue count run hourly on EventBridge Scheduler, each its own', () => {
    const schedules = Object.values(
      resourcesOfType(synthesized.template, 'AWS::Scheduler::Schedule'),
    );
    const targets = schedules.map((schedule) => ({
      expression: schedule.Properties.ScheduleExpression,
      target: JSON.stringify((schedule.Properties.Target as { Arn?: unknown }).Arn),
    }));
    expect(targets.sort((a, b) => a.target.localeCompare(b.target))).toEqual(
      ['audit-sequencer', 'overdue-metrics']
        .map((name) => ({
          expression: 'rate(1 hour)',
          target: JSON.stringify(synthesized.arnOf(functionOf(name))),
        }))
        .sort((a, b) => a.target.localeCompare(b.target)),
    );
  });
});

describe('Roles of the functions', () => {
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

  it('no policy in the stack grants a dynamodb or kms action on "*"', () => {
    for (const policy of Object.values(resourcesOfType(synthesized.template, 'AWS::IAM::Policy'))) {
      const statements = (policy.Properties.PolicyDocument as { Statement: never[] }).Statement;
      for (const permission of permissionsOf(statements)) {
        // But ListStreams, which names no resource: the audit sequencer's stream mapping.
        if (
          /^(dynamodb|kms):/.test(permission.action) &&
          permission.action !== 'dynamodb:ListStreams'
        ) {
          expect(permission.resource).not.toBe('"*"');
        }
      }
    }
  });
});
