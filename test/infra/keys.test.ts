/**
 * Key policies: the account administers every key but uses none; the sealed-archive key
 * admits the sealing service only (DESIGN.md invariant 4); nobody is locked out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { keyAdministrationActions } from '#infra/constructs/keyRing.ts';
import {
  canonicalJson,
  keyPolicyStatements,
  type PolicyStatementJson,
  resourcesOfType,
  type Synthesized,
  synthesize,
} from './support.ts';

/** Actions that use a key, directly or by delegation. */
const USE_ACTIONS =
  /^kms:(\*|Decrypt|Encrypt|GenerateDataKey|ReEncrypt|Sign|Verify|GenerateMac|VerifyMac|CreateGrant|DeriveSharedSecret|GenerateRandom)/;

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});

const accountRoot = {
  AWS: { 'Fn::Join': ['', ['arn:aws-cn:iam::', { Ref: 'AWS::AccountId' }, ':root']] },
};
const roleArnOf = (functionName: string) => {
  const fn = synthesized.stack.functions.get(functionName);
  if (!fn) throw new Error(`no function ${functionName}`);
  return { AWS: synthesized.arnOf(fn.serviceRole) };
};
const actionsOf = (statement: PolicyStatementJson) =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

function allKeys() {
  const { keys } = synthesized.stack;
  return [
    keys.recordsKey,
    keys.sealedArchiveKey,
    keys.inquiriesKey,
    keys.letterFactsKey,
    keys.blindIndexKey,
    ...keys.perFunctionKeys.values(),
    ...Object.values(keys.signingKeysOf).flatMap((list) => list.map(({ key }) => key)),
    keys.tableEncryptionKey,
    keys.observabilityKey,
  ];
}

describe('Key: SealedArchiveKey', () => {
  it('admits ingestion and bulk import (to seal), the sealing service, judicial disclosure and the account as administrator', () => {
    const statements = keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(synthesized.stack.keys.sealedArchiveKey),
    );
    expect(statements.map((s) => canonicalJson(s.Principal)).sort()).toEqual(
      [
        accountRoot,
        roleArnOf('ingest-record'),
        roleArnOf('bulk-import'),
        roleArnOf('sealing-service'),
        roleArnOf('judicial-disclosure'),
      ]
        .map(canonicalJson)
        .sort(),
    );
  });

  it('lets only the sealing service and judicial disclosure decrypt, by the key policy alone', () => {
    const statements = keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(synthesized.stack.keys.sealedArchiveKey),
    );
    const decrypters = statements
      .filter((s) => actionsOf(s).some((action) => /^kms:(Decrypt|ReEncrypt|\*)/.test(action)))
      .map((s) => canonicalJson(s.Principal))
      .sort();
    expect(decrypters).toEqual(
      [roleArnOf('sealing-service'), roleArnOf('judicial-disclosure')].map(canonicalJson).sort(),
    );
    // …each only for envelopes of the sealed-archive class, naming their record.
    for (const statement of statements.filter((s) => actionsOf(s).includes('kms:Decrypt'))) {
      expect(statement.Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:keyClass': 'sealed-archive' },
        Null: { 'kms:EncryptionContext:recordId': 'false' },
      });
    }
  });

  it('gives the account root administration only: no decrypt, no data keys, no grants', () => {
    const statements = keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(synthesized.stack.keys.sealedArchiveKey),
    );
    const root = statements.filter(
      (s) => canonicalJson(s.Principal) === canonicalJson(accountRoot),
    );
    expect(root).toHaveLength(1);
    expect(actionsOf(root[0] as PolicyStatementJson).sort()).toEqual(
      [...keyAdministrationActions].sort(),
    );
  });

  it('lets ingestion and bulk import only seal, and only records of the sealed-archive class', () => {
    const statements = keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(synthesized.stack.keys.sealedArchiveKey),
    );
    for (const name of ['ingest-record', 'bulk-import']) {
      const ingest = statements.find(
        (s) => canonicalJson(s.Principal) === canonicalJson(roleArnOf(name)),
      );
      expect(ingest, name).toMatchObject({
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Condition: {
          StringEquals: { 'kms:EncryptionContext:keyClass': 'sealed-archive' },
          Null: { 'kms:EncryptionContext:recordId': 'false' },
        },
      });
    }
    const service = statements.find(
      (s) => canonicalJson(s.Principal) === canonicalJson(roleArnOf('sealing-service')),
    );
    expect(service).toMatchObject({
      Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
      Condition: { StringEquals: { 'kms:EncryptionContext:keyClass': 'sealed-archive' } },
    });
  });
});

describe('Key: LetterFactsKey', () => {
  const statements = () =>
    keyPolicyStatements(
      synthesized.template,
      synthesized.logicalId(synthesized.stack.keys.letterFactsKey),
    );
  const envelopeCondition = {
    StringEquals: { 'kms:EncryptionContext:keyClass': 'letter-facts' },
    Null: { 'kms:EncryptionContext:recordId': 'false' },
  };

  it('admits the three writers of the disclosable set, the letter function and the account as administrator', () => {
    expect(
      statements()
        .map((s) => canonicalJson(s.Principal))
        .sort(),
    ).toEqual(
      [
        accountRoot,
        roleArnOf('ingest-record'),
        roleArnOf('bulk-import'),
        roleArnOf('sealing-service'),
        roleArnOf('issue-letter'),
      ]
        .map(canonicalJson)
        .sort(),
    );
  });

  it('lets the letter function alone open letter facts, and only open them', () => {
    const decrypters = statements().filter((s) =>
      actionsOf(s).some((action) => /^kms:(Decrypt|ReEncrypt|\*)/.test(action)),
    );
    expect(decrypters.map((s) => canonicalJson(s.Principal))).toEqual([
      canonicalJson(roleArnOf('issue-letter')),
    ]);
    expect(decrypters[0]).toMatchObject({ Action: 'kms:Decrypt', Condition: envelopeCondition });
  });

  it('lets the writers only seal, and only letter facts naming their record', () => {
    for (const name of ['ingest-record', 'bulk-import', 'sealing-service']) {
      const writer = statements().find(
        (s) => canonicalJson(s.Principal) === canonicalJson(roleArnOf(name)),
      );
      expect(writer, name).toMatchObject({
        Effect: 'Allow',
        Action: 'kms:GenerateDataKey',
        Condition: envelopeCondition,
      });
    }
  });
});

describe('Key policies', () => {
  it('never let the account root use a key, only administer it', () => {
    for (const key of allKeys()) {
      for (const statement of keyPolicyStatements(
        synthesized.template,
        synthesized.logicalId(key),
      )) {
        if (canonicalJson(statement.Principal) !== canonicalJson(accountRoot)) continue;
        const use = actionsOf(statement).filter((action) => USE_ACTIONS.test(action));
        if (use.length > 0) {
          // Only the table key, and only through DynamoDB (what DynamoDB needs on behalf of callers).
          expect(key).toBe(synthesized.stack.keys.tableEncryptionKey);
          expect(statement.Condition?.StringEquals?.['kms:ViaService']).toBe(
            'dynamodb.cn-north-1.amazonaws.com.cn',
          );
        }
      }
    }
  });

  it('keep the account able to administer every key (no lock-out)', () => {
    for (const key of allKeys()) {
      const statements = keyPolicyStatements(synthesized.template, synthesized.logicalId(key));
      const admin = statements.find(
        (s) =>
          canonicalJson(s.Principal) === canonicalJson(accountRoot) &&
          actionsOf(s).includes('kms:PutKeyPolicy'),
      );
      expect(admin?.Condition).toBeUndefined();
      expect(actionsOf(admin as PolicyStatementJson)).toEqual(
        expect.arrayContaining(['kms:PutKeyPolicy', 'kms:DescribeKey', 'kms:ScheduleKeyDeletion']),
      );
    }
  });

  it('name the certificate role only on the blind-index key and its own idempotency key (GenerateMac) and the active signing key (Sign)', () => {
    const certificateRole = canonicalJson(roleArnOf('issue-certificate'));
    const grants: string[] = [];
    for (const key of allKeys()) {
      for (const statement of keyPolicyStatements(
        synthesized.template,
        synthesized.logicalId(key),
      )) {
        if (canonicalJson(statement.Principal) === certificateRole) {
          grants.push(`${synthesized.logicalId(key)} ${actionsOf(statement).join(',')}`);
        }
      }
    }
    const { keys } = synthesized.stack;
    expect(grants.sort()).toEqual(
      [
        `${synthesized.logicalId(keys.blindIndexKey)} kms:GenerateMac`,
        `${synthesized.logicalId(keys.keyOf('idempotencyKey', 'issue-certificate') as never)} kms:GenerateMac`,
        `${synthesized.logicalId(keys.activeSigningKey.key)} kms:Sign`,
      ].sort(),
    );
  });
});

describe('Keys', () => {
  it('have the specs the design names, rotation on every symmetric key, and are retained', () => {
    const { keys } = synthesized.stack;
    const cfn = (key: (typeof keys)['recordsKey']) =>
      synthesized.template.toJSON().Resources[synthesized.logicalId(key)];
    for (const key of [
      keys.recordsKey,
      keys.sealedArchiveKey,
      keys.tableEncryptionKey,
      keys.observabilityKey,
    ]) {
      expect(cfn(key).Properties).toMatchObject({
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        EnableKeyRotation: true,
      });
    }
    expect(cfn(keys.blindIndexKey).Properties).toMatchObject({
      KeySpec: 'HMAC_256',
      KeyUsage: 'GENERATE_VERIFY_MAC',
    });
    for (const { key } of Object.values(keys.signingKeysOf).flat()) {
      expect(cfn(key).Properties).toMatchObject({
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
      });
    }
    for (const key of Object.values(resourcesOfType(synthesized.template, 'AWS::KMS::Key'))) {
      expect(key.DeletionPolicy).toBe('Retain');
      expect(key.Properties.PendingWindowInDays).toBe(30);
    }
  });

  it('grant Sign on the active key only, and public-key reads on every key, after a rotation', () => {
    const rotated = synthesize({
      signingKeys: JSON.stringify([
        { id: 'es256-1', status: 'retired' },
        { id: 'es256-2', status: 'active' },
      ]),
    });
    const [retired, active] = rotated.stack.keys.signingKeys;
    const principalsWith = (key: typeof retired, action: string) =>
      keyPolicyStatements(rotated.template, rotated.logicalId(key?.key as never))
        .filter((s) => actionsOf(s).includes(action))
        .map((s) => canonicalJson(s.Principal));
    const fnRole = (name: string) =>
      canonicalJson({
        AWS: rotated.arnOf(rotated.stack.functions.get(name)?.serviceRole as never),
      });
    expect(principalsWith(active, 'kms:Sign').sort()).toEqual([fnRole('issue-certificate')]);
    expect(principalsWith(retired, 'kms:Sign')).toEqual([]);
    expect(principalsWith(retired, 'kms:GetPublicKey')).toContain(fnRole('public-documents'));
    expect(principalsWith(active, 'kms:GetPublicKey')).toContain(fnRole('public-documents'));
  });

  it('one key per kind of signed document: each signed by its own function alone (DESIGN.md invariant 10)', () => {
    const { keys } = synthesized.stack;
    const principalsWith = (key: (typeof keys)['recordsKey'], action: string) =>
      keyPolicyStatements(synthesized.template, synthesized.logicalId(key))
        .filter((s) => actionsOf(s).includes(action))
        .map((s) => canonicalJson(s.Principal))
        .sort();
    const fnRole = (name: string) => canonicalJson(roleArnOf(name));
    const signers = {
      signingKey: ['issue-certificate'],
      letterSigningKey: ['issue-letter'],
      walletSigningKey: ['wallet-issuer'],
      approvalSigningKey: ['decide-inquiry'],
    } as const;
    for (const [name, functions] of Object.entries(signers)) {
      const { key } = keys.activeKeyOf(name as keyof typeof signers);
      expect(principalsWith(key, 'kms:Sign'), name).toEqual(functions.map(fnRole).sort());
    }
    // The audit key signs checkpoints in the sequencer alone (the export asks it for one).
    expect(principalsWith(keys.auditSigningKey, 'kms:Sign')).toEqual([fnRole('audit-sequencer')]);
    // The approval key's public half: for the DID document and the two functions that verify.
    expect(principalsWith(keys.activeKeyOf('approvalSigningKey').key, 'kms:GetPublicKey')).toEqual(
      [
        canonicalJson(accountRoot), // administers every signing key, GetPublicKey included
        fnRole('public-documents'),
        fnRole('issue-letter'),
        fnRole('judicial-disclosure'),
      ].sort(),
    );
    const kids = Object.values(keys.signingKeysOf).flatMap((list) => list.map(({ id }) => id));
    expect(new Set(kids).size).toBe(kids.length);
  });
});
