/**
 * Every KMS key of the deployment, and the one place that grants their use.
 *
 * No key policy here delegates a cryptographic action to the account: the account root may
 * administer a key (so CloudFormation and key administrators can never be locked out) but
 * not encrypt, decrypt, sign or MAC with it, nor create grants. Use is granted only by
 * `bind()`, which writes the same statement twice — into the function role's policy and,
 * naming that role, into the key policy — so that "who can use this key" is answered by
 * reading the key policy alone, and an IAM administrator cannot extend it without also
 * rewriting a key policy (`PutKeyPolicy`, which CloudTrail records and an alarm reports).
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import {
  AccountRootPrincipal,
  ArnPrincipal,
  type IRole,
  PolicyDocument,
  PolicyStatement,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import type { KeyAccess, KeyName } from '#shared/definitions/functions.ts';
import type { KeyClass } from '#shared/ports/envelope.ts';
import { pascalCase } from '../naming.ts';
import type { SigningKeyParameter } from '../parameters.ts';

/**
 * What the account root may do with every key: administration, never use. Deliberately
 * an explicit list: `kms:Create*` would include `CreateGrant`, which is use by delegation.
 */
export const keyAdministrationActions = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** The environment variable through which a function learns each key (see shared/config.ts). */
export const keyEnvironmentVariables = {
  recordsKey: 'RECORDS_KEY_ID',
  sealedArchiveKey: 'SEALED_ARCHIVE_KEY_ID',
  inquiriesKey: 'INQUIRIES_KEY_ID',
  oversightKey: 'OVERSIGHT_KEY_ID',
  blindIndexKey: 'BLIND_INDEX_KEY_ID',
  signingKey: 'SIGNING_KEYS',
  auditSigningKey: 'AUDIT_SIGNING_KEY',
} as const satisfies Record<KeyName, string>;

/** The `keyClass` the envelope adapter puts in every encryption context, per envelope key. */
const envelopeKeyClasses = {
  recordsKey: 'records',
  sealedArchiveKey: 'sealed-archive',
  inquiriesKey: 'inquiries',
  oversightKey: 'oversight',
} as const satisfies Partial<Record<KeyName, KeyClass>>;

/** The one encryption-context key that must name the record an envelope belongs to. */
const RECORD_CONTEXT_KEY = 'recordId';

export type SigningKey = SigningKeyParameter & { key: Key };

/** The audit key's ID in `kid`s (`<issuer DID>#audit-1`), apart from credential key IDs. */
export const AUDIT_KEY_ID = 'audit-1';

type Grant = {
  keys: readonly Key[];
  actions: string[];
  conditions?: Record<string, Record<string, string>>;
};

export type KeyRingProps = {
  /** Every signing key, current and retired; exactly one active. */
  signingKeys: readonly SigningKeyParameter[];
  /** Prefix of the key aliases, so that two deployments in one account do not collide. */
  aliasPrefix: string;
};

export class KeyRing extends Construct {
  /** Envelope key of unsealed records (AWS Encryption SDK data keys). */
  readonly recordsKey: Key;
  /** Envelope key of sealed records; only the sealing path (and, later, approved inquiries). */
  readonly sealedArchiveKey: Key;
  /** Envelope key of inquiry applications (subject, reason, purpose). */
  readonly inquiriesKey: Key;
  /** Envelope key of oversight documents (findings, replies, complaints). */
  readonly oversightKey: Key;
  /** HMAC key of the blind index: `GenerateMac` over the normalised national ID. */
  readonly blindIndexKey: Key;
  /** ES256 credential signing keys, oldest first. */
  readonly signingKeys: readonly SigningKey[];
  /** DynamoDB at-rest encryption, usable only through DynamoDB (kms:ViaService). */
  readonly tableEncryptionKey: Key;
  /** ES256 key that signs the audit trail's checkpoints, and nothing else. */
  readonly auditSigningKey: Key;
  /** CloudWatch Logs and the alarm topic. */
  readonly observabilityKey: Key;

  private readonly aliasPrefix: string;

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    super(scope, id);
    this.aliasPrefix = props.aliasPrefix;

    this.recordsKey = this.createKey('RecordsKey', {
      alias: 'records',
      description: 'Envelope key of unsealed criminal records (AWS Encryption SDK data keys).',
    });
    this.sealedArchiveKey = this.createKey('SealedArchiveKey', {
      alias: 'sealed-archive',
      description:
        'Envelope key of sealed juvenile records (CPL art. 286). Usable only by the sealing ' +
        'service and the approved-inquiry path named in this key policy.',
    });
    this.inquiriesKey = this.createKey('InquiriesKey', {
      alias: 'inquiries',
      description:
        'Envelope key of inquiry applications: the subject inquired about, the reason and ' +
        'the purpose (IM art. 16).',
    });
    this.oversightKey = this.createKey('OversightKey', {
      alias: 'oversight',
      description:
        'Envelope key of corrective opinions and complaints: findings, measures, grounds, ' +
        'descriptions and resolutions (IM arts. 21–22).',
    });
    this.blindIndexKey = this.createKey('BlindIndexKey', {
      alias: 'blind-index',
      description: 'HMAC key of the blind index over normalised national ID numbers.',
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
    });
    this.signingKeys = props.signingKeys.map((signingKey) => ({
      ...signingKey,
      key: this.createKey(`SigningKey-${signingKey.id}`, {
        alias: `signing-${signingKey.id}`,
        description:
          `ES256 key "${signingKey.id}" (${signingKey.status}) signing no-criminal-record ` +
          'credentials; its public key stays in the DID document while any credential it ' +
          'signed is valid.',
        keySpec: KeySpec.ECC_NIST_P256,
        keyUsage: KeyUsage.SIGN_VERIFY,
        administrationActions: [...keyAdministrationActions, 'kms:GetPublicKey'],
      }),
    }));
    this.auditSigningKey = this.createKey('AuditSigningKey', {
      alias: 'audit-signing',
      description:
        "ES256 key signing the audit trail's checkpoints (DESIGN.md invariant 5); published " +
        'in the DID document under auditCheckpointMethod, never for credentials.',
      keySpec: KeySpec.ECC_NIST_P256,
      keyUsage: KeyUsage.SIGN_VERIFY,
      administrationActions: [...keyAdministrationActions, 'kms:GetPublicKey'],
    });
    this.tableEncryptionKey = this.createKey('TableEncryptionKey', {
      alias: 'tables',
      description:
        'DynamoDB at-rest encryption of every table; usable only through DynamoDB. Holds no ' +
        'envelope: personal data is encrypted under the records or sealed-archive key.',
    });
    this.tableEncryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DynamoDbUsesKeyOnBehalfOfAccountPrincipals',
        principals: [new AccountRootPrincipal()],
        actions: [
          'kms:CreateGrant',
          'kms:Decrypt',
          'kms:DescribeKey',
          'kms:Encrypt',
          'kms:GenerateDataKey*',
          'kms:ReEncrypt*',
        ],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'kms:ViaService': this.dynamoDbViaService,
            'kms:CallerAccount': Stack.of(this).account,
          },
        },
      }),
    );
    this.observabilityKey = this.createKey('ObservabilityKey', {
      alias: 'observability',
      description: 'Encrypts CloudWatch log groups and the alarm topic of this deployment.',
    });
    this.allowObservabilityServices();
  }

  /** The value of `kms:ViaService` for requests DynamoDB makes in this region. */
  get dynamoDbViaService(): string {
    return regionalServiceName(this, 'dynamodb');
  }

  /** The active signing key: the only one `Sign` is granted on. */
  get activeSigningKey(): SigningKey {
    const active = this.signingKeys.find((signingKey) => signingKey.status === 'active');
    if (!active) throw new Error('no active signing key');
    return active;
  }

  /**
   * Grants `role` exactly `access` to `keyName`: one statement in the role's policy and the
   * same statement, naming the role, in each key's policy. `grantee` names the statement.
   */
  bind(role: IRole, grantee: string, keyName: KeyName, access: KeyAccess): void {
    const grant = this.grantFor(keyName, access);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: grant.actions,
        resources: grant.keys.map((key) => key.keyArn),
        conditions: grant.conditions,
      }),
    );
    for (const key of grant.keys) {
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: `${grantee}${pascalCase(access)}`,
          principals: [new ArnPrincipal(role.roleArn)],
          actions: grant.actions,
          resources: ['*'],
          conditions: grant.conditions,
        }),
      );
    }
  }

  /** The environment value that tells a function where `keyName` is. */
  environmentValue(keyName: KeyName): string {
    switch (keyName) {
      case 'recordsKey':
        return this.recordsKey.keyArn;
      case 'sealedArchiveKey':
        return this.sealedArchiveKey.keyArn;
      case 'inquiriesKey':
        return this.inquiriesKey.keyArn;
      case 'oversightKey':
        return this.oversightKey.keyArn;
      case 'blindIndexKey':
        return this.blindIndexKey.keyArn;
      case 'auditSigningKey':
        return Stack.of(this).toJsonString({
          id: AUDIT_KEY_ID,
          kmsKeyId: this.auditSigningKey.keyArn,
        });
      case 'signingKey':
        return Stack.of(this).toJsonString(
          this.signingKeys.map(({ id, status, key }) => ({ id, kmsKeyId: key.keyArn, status })),
        );
    }
  }

  private grantFor(keyName: KeyName, access: KeyAccess): Grant {
    switch (`${keyName}:${access}`) {
      case 'recordsKey:envelope':
      case 'sealedArchiveKey:envelope':
      case 'inquiriesKey:envelope':
      case 'oversightKey:envelope':
      case 'recordsKey:encrypt':
      case 'sealedArchiveKey:encrypt':
      case 'recordsKey:decrypt':
      case 'sealedArchiveKey:decrypt':
      case 'inquiriesKey:decrypt': {
        const keyClass = envelopeKeyClasses[keyName as keyof typeof envelopeKeyClasses];
        const envelopeKeys = {
          recordsKey: this.recordsKey,
          sealedArchiveKey: this.sealedArchiveKey,
          inquiriesKey: this.inquiriesKey,
          oversightKey: this.oversightKey,
        } as const;
        const actionsOf = {
          // A data key to seal with, never one to open.
          encrypt: ['kms:GenerateDataKey'],
          // Open what others sealed, never seal.
          decrypt: ['kms:Decrypt'],
          envelope: ['kms:Decrypt', 'kms:GenerateDataKey'],
        } as const;
        return {
          keys: [envelopeKeys[keyName as keyof typeof envelopeKeys]],
          actions: [...actionsOf[access as keyof typeof actionsOf]],
          // Every envelope names its record and its key class (shared/usecases/ingestRecord.ts,
          // shared/adapters/crypto/esdkEnvelope.ts); KMS refuses any other use of the key.
          conditions: {
            StringEquals: { 'kms:EncryptionContext:keyClass': keyClass },
            Null: { [`kms:EncryptionContext:${RECORD_CONTEXT_KEY}`]: 'false' },
          },
        };
      }
      case 'blindIndexKey:generate-mac':
        return {
          keys: [this.blindIndexKey],
          actions: ['kms:GenerateMac'],
          conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } },
        };
      case 'signingKey:sign':
        return {
          keys: [this.activeSigningKey.key],
          actions: ['kms:Sign'],
          conditions: {
            StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
          },
        };
      case 'auditSigningKey:sign':
        return {
          keys: [this.auditSigningKey],
          actions: ['kms:Sign'],
          conditions: {
            StringEquals: { 'kms:SigningAlgorithm': 'ECDSA_SHA_256', 'kms:MessageType': 'DIGEST' },
          },
        };
      case 'auditSigningKey:get-public-key':
        return { keys: [this.auditSigningKey], actions: ['kms:GetPublicKey'] };
      case 'signingKey:get-public-key':
        return {
          keys: this.signingKeys.map((signingKey) => signingKey.key),
          actions: ['kms:GetPublicKey'],
        };
      default:
        throw new Error(`no such key access: ${access} on ${keyName}`);
    }
  }

  private createKey(
    id: string,
    options: {
      alias: string;
      description: string;
      keySpec?: KeySpec;
      keyUsage?: KeyUsage;
      administrationActions?: string[];
    },
  ): Key {
    const symmetric = options.keySpec === undefined;
    const key = new Key(this, id, {
      // An explicit policy: without one CDK would add `kms:*` for the account root.
      policy: new PolicyDocument({
        statements: [
          new PolicyStatement({
            sid: 'AccountAdministersKeyWithoutUsingIt',
            principals: [new AccountRootPrincipal()],
            actions: options.administrationActions ?? keyAdministrationActions,
            resources: ['*'],
          }),
        ],
      }),
      alias: `alias/${this.aliasPrefix}/${options.alias}`,
      description: options.description,
      keySpec: options.keySpec ?? KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: options.keyUsage ?? KeyUsage.ENCRYPT_DECRYPT,
      enableKeyRotation: symmetric,
      pendingWindow: Duration.days(30),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return key;
  }

  private allowObservabilityServices(): void {
    const stack = Stack.of(this);
    this.observabilityKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new ServicePrincipal(regionalServiceName(this, 'logs'))],
        actions: [
          'kms:Decrypt*',
          'kms:Describe*',
          'kms:Encrypt*',
          'kms:GenerateDataKey*',
          'kms:ReEncrypt*',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
              service: 'logs',
              resource: 'log-group',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.observabilityKey.addToResourcePolicy(
      new PolicyStatement({
        // EventBridge gets its statement from the SNS target (aws-events-targets).
        sid: 'AlarmsPublishToTheEncryptedAlarmTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
  }
}

/**
 * `<service>.<region>.<domain suffix>`, e.g. `dynamodb.cn-north-1.amazonaws.com.cn`: the
 * form `kms:ViaService` and regional service principals take. A literal when the region is.
 */
function regionalServiceName(scope: Construct, service: string): string {
  const stack = Stack.of(scope);
  const suffix = Token.isUnresolved(stack.region)
    ? stack.urlSuffix
    : (RegionInfo.get(stack.region).domainSuffix ?? stack.urlSuffix);
  return `${service}.${stack.region}.${suffix}`;
}
