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
import type { KeyAccess } from '#shared/definitions/functions.ts';
import {
  type EnvelopeKeyName,
  type KeyDefinition,
  type KeyName,
  keyDefinitions,
  type RotatingSigningKeyName,
  rotatingSigningKeyNames,
} from '#shared/definitions/keys.ts';
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

export type SigningKey = SigningKeyParameter & { key: Key };

/** The audit key's ID in `kid`s (`<issuer DID>#audit-1`), apart from credential key IDs. */
export const AUDIT_KEY_ID = 'audit-1';

type Grant = {
  keys: readonly Key[];
  actions: string[];
  conditions?: Record<string, Record<string, string>>;
};

export type KeyRingProps = {
  /** Every certificate signing key, current and retired; exactly one active. */
  signingKeys: readonly SigningKeyParameter[];
  /**
   * Every other kind's signing keys, current and retired (DESIGN.md invariant 10: one key per
   * kind of signed document); absent: one active key, `<kind>-1`.
   */
  documentSigningKeys?: Partial<
    Record<Exclude<RotatingSigningKeyName, 'signingKey'>, readonly SigningKeyParameter[]>
  >;
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
  /** Envelope key of the person's own view: the sealing service seals, the own view opens. */
  readonly personViewKey: Key;
  /** Envelope key of the letter facts beside each disclosable conviction: sealed by its writers, opened by the letter function alone. */
  readonly letterFactsKey: Key;
  /** HMAC key of the blind index: `GenerateMac` over the normalised national ID. */
  readonly blindIndexKey: Key;
  /** ES256 certificate signing keys, oldest first. */
  readonly signingKeys: readonly SigningKey[];
  /** Each kind's ES256 signing keys, oldest first: certificates, letters, wallet, approvals. */
  readonly signingKeysOf: Readonly<Record<RotatingSigningKeyName, readonly SigningKey[]>>;
  /** DynamoDB at-rest encryption, usable only through DynamoDB (kms:ViaService). */
  readonly tableEncryptionKey: Key;
  /** ES256 key that signs the audit trail's checkpoints, and nothing else. */
  readonly auditSigningKey: Key;
  /** CloudWatch Logs and the alarm topic. */
  readonly observabilityKey: Key;

  private readonly aliasPrefix: string;
  private readonly functionKeys = new Map<string, Key>();

  constructor(scope: Construct, id: string, props: KeyRingProps) {
    super(scope, id);
    this.aliasPrefix = props.aliasPrefix;

    this.recordsKey = this.createDefinedKey('recordsKey');
    this.sealedArchiveKey = this.createDefinedKey('sealedArchiveKey');
    this.inquiriesKey = this.createDefinedKey('inquiriesKey');
    this.oversightKey = this.createDefinedKey('oversightKey');
    this.personViewKey = this.createDefinedKey('personViewKey');
    this.letterFactsKey = this.createDefinedKey('letterFactsKey');
    this.blindIndexKey = this.createDefinedKey('blindIndexKey');
    const listOf = (keyName: RotatingSigningKeyName): readonly SigningKeyParameter[] =>
      keyName === 'signingKey'
        ? props.signingKeys
        : (props.documentSigningKeys?.[keyName] ?? [
            { id: `${keyDefinitions[keyName].localFile}-1`, status: 'active' },
          ]);
    const signingKeysOf = {} as Record<RotatingSigningKeyName, readonly SigningKey[]>;
    for (const keyName of rotatingSigningKeyNames) {
      const definition: KeyDefinition = keyDefinitions[keyName];
      // The certificate's construct IDs are those of every earlier version: kept, so that an
      // update of a deployed stack keeps its keys.
      const idPrefix = keyName === 'signingKey' ? 'SigningKey' : pascalCase(keyName);
      signingKeysOf[keyName] = listOf(keyName).map((signingKey) => ({
        ...signingKey,
        key: this.createKey(`${idPrefix}-${signingKey.id}`, {
          alias: `${definition.alias}-${signingKey.id}`,
          description:
            `ES256 key "${signingKey.id}" (${signingKey.status}). ${definition.description} ` +
            'Its public key stays in the DID document while anything it signed is valid.',
          keySpec: KeySpec.ECC_NIST_P256,
          keyUsage: KeyUsage.SIGN_VERIFY,
          administrationActions: [...keyAdministrationActions, 'kms:GetPublicKey'],
        }),
      }));
    }
    this.signingKeysOf = signingKeysOf;
    this.signingKeys = signingKeysOf.signingKey;
    this.auditSigningKey = this.createKey('AuditSigningKey', {
      alias: keyDefinitions.auditSigningKey.alias,
      description: keyDefinitions.auditSigningKey.description,
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

  /** The active certificate signing key: the only one of its kind `Sign` is granted on. */
  get activeSigningKey(): SigningKey {
    return this.activeKeyOf('signingKey');
  }

  /** A kind's active signing key: the only one of that kind `Sign` is granted on. */
  activeKeyOf(keyName: RotatingSigningKeyName): SigningKey {
    const active = this.signingKeysOf[keyName].find((signingKey) => signingKey.status === 'active');
    if (!active) throw new Error(`no active ${keyName}`);
    return active;
  }

  /**
   * The key of `keyName` one function uses: the shared key, or — for a per-function key
   * (keys.ts `perFunction`) — the function's own, created on first use and named after it.
   */
  keyOf(keyName: KeyName, functionName: string): Key | undefined {
    const definition: KeyDefinition = keyDefinitions[keyName];
    if (!definition.perFunction) return undefined;
    const id = `${pascalCase(functionName)}${pascalCase(keyName)}`;
    const existing = this.functionKeys.get(id);
    if (existing) return existing;
    const created = this.createKey(id, {
      alias: `${definition.alias}/${functionName}`,
      description: `${definition.description} (${functionName})`,
      ...(definition.kind === 'hmac'
        ? { keySpec: KeySpec.HMAC_256, keyUsage: KeyUsage.GENERATE_VERIFY_MAC }
        : {}),
    });
    this.functionKeys.set(id, created);
    return created;
  }

  /** Every per-function key, by construct ID (`<Function><Key>`). */
  get perFunctionKeys(): ReadonlyMap<string, Key> {
    return this.functionKeys;
  }

  /**
   * Grants `role` exactly `access` to `keyName`: one statement in the role's policy and the
   * same statement, naming the role, in each key's policy. `grantee` is the function's
   * definition name: it names the statement, and the function a per-function key belongs to.
   */
  bind(role: IRole, grantee: string, keyName: KeyName, access: KeyAccess): void {
    const grants = [this.grantFor(keyName, access, grantee)].flat();
    grants.forEach((grant, n) => {
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
            sid: `${pascalCase(grantee)}Function${pascalCase(access)}${n > 0 ? n + 1 : ''}`,
            principals: [new ArnPrincipal(role.roleArn)],
            actions: grant.actions,
            resources: ['*'],
            conditions: grant.conditions,
          }),
        );
      }
    });
  }

  /** The environment value that tells a function (`grantee`) where `keyName` is. */
  environmentValue(keyName: KeyName, grantee: string): string {
    switch (keyName) {
      case 'idempotencyKey':
        return this.functionKey(keyName, grantee).keyArn;
      case 'recordsKey':
        return this.recordsKey.keyArn;
      case 'sealedArchiveKey':
        return this.sealedArchiveKey.keyArn;
      case 'inquiriesKey':
        return this.inquiriesKey.keyArn;
      case 'oversightKey':
        return this.oversightKey.keyArn;
      case 'personViewKey':
        return this.personViewKey.keyArn;
      case 'letterFactsKey':
        return this.letterFactsKey.keyArn;
      case 'blindIndexKey':
        return this.blindIndexKey.keyArn;
      case 'auditSigningKey':
        return Stack.of(this).toJsonString({
          id: AUDIT_KEY_ID,
          kmsKeyId: this.auditSigningKey.keyArn,
        });
      case 'signingKey':
      case 'letterSigningKey':
      case 'walletSigningKey':
      case 'approvalSigningKey':
        return Stack.of(this).toJsonString(
          this.signingKeysOf[keyName].map(({ id, status, key }) => ({
            id,
            kmsKeyId: key.keyArn,
            status,
          })),
        );
    }
  }

  private functionKey(keyName: KeyName, grantee: string): Key {
    const key = this.keyOf(keyName, grantee);
    if (!key) throw new Error(`${keyName} is not a per-function key`);
    return key;
  }

  private grantFor(keyName: KeyName, access: KeyAccess, grantee: string): Grant | Grant[] {
    switch (`${keyName}:${access}`) {
      case 'recordsKey:envelope':
      case 'sealedArchiveKey:envelope':
      case 'inquiriesKey:envelope':
      case 'oversightKey:envelope':
      case 'recordsKey:encrypt':
      case 'sealedArchiveKey:encrypt':
      case 'recordsKey:decrypt':
      case 'sealedArchiveKey:decrypt':
      case 'inquiriesKey:decrypt':
      case 'personViewKey:encrypt':
      case 'personViewKey:decrypt':
      case 'letterFactsKey:encrypt':
      case 'letterFactsKey:decrypt': {
        const { keyClass, required } = keyDefinitions[keyName as EnvelopeKeyName].encryptionContext;
        const envelopeKeys = {
          recordsKey: this.recordsKey,
          sealedArchiveKey: this.sealedArchiveKey,
          inquiriesKey: this.inquiriesKey,
          oversightKey: this.oversightKey,
          personViewKey: this.personViewKey,
          letterFactsKey: this.letterFactsKey,
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
            Null: Object.fromEntries(
              required.map((contextKey) => [`kms:EncryptionContext:${contextKey}`, 'false']),
            ),
          },
        };
      }
      case 'blindIndexKey:generate-mac':
        return {
          keys: [this.blindIndexKey],
          actions: ['kms:GenerateMac'],
          conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } },
        };
      case 'idempotencyKey:generate-mac':
        return {
          keys: [this.functionKey(keyName, grantee)],
          actions: ['kms:GenerateMac'],
          conditions: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } },
        };
      case 'signingKey:sign':
      case 'letterSigningKey:sign':
      case 'walletSigningKey:sign':
      case 'approvalSigningKey:sign':
        return {
          keys: [this.activeKeyOf(keyName as RotatingSigningKeyName).key],
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
      // The sequencer: its checkpoints' signature lines name the key by a hash of its public
      // key (C2SP signed-note, ECDSA), read once per cold start.
      case 'auditSigningKey:sign-note':
        return [
          {
            keys: [this.auditSigningKey],
            actions: ['kms:Sign'],
            conditions: {
              StringEquals: {
                'kms:SigningAlgorithm': 'ECDSA_SHA_256',
                'kms:MessageType': 'DIGEST',
              },
            },
          },
          { keys: [this.auditSigningKey], actions: ['kms:GetPublicKey'] },
        ];
      case 'signingKey:get-public-key':
      case 'letterSigningKey:get-public-key':
      case 'walletSigningKey:get-public-key':
      case 'approvalSigningKey:get-public-key':
        return {
          keys: this.signingKeysOf[keyName as RotatingSigningKeyName].map(({ key }) => key),
          actions: ['kms:GetPublicKey'],
        };
      default:
        throw new Error(`no such key access: ${access} on ${keyName}`);
    }
  }

  private createDefinedKey(
    keyName: Exclude<KeyName, RotatingSigningKeyName | 'auditSigningKey' | 'idempotencyKey'>,
  ): Key {
    const definition: KeyDefinition = keyDefinitions[keyName];
    return this.createKey(pascalCase(keyName), {
      alias: definition.alias,
      description: definition.description,
      ...(definition.kind === 'hmac'
        ? { keySpec: KeySpec.HMAC_256, keyUsage: KeyUsage.GENERATE_VERIFY_MAC }
        : {}),
    });
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
        // The encryption context names the log group, and with it this account and region:
        // CloudWatch Logs can use the key for this account's log groups only.
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
    // CloudWatch alarms and EventBridge get their statements from Monitoring, which knows
    // the topic they publish to and the alarms and rules that may.
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
