/**
 * The composition root: the one place that picks adapters, by configuration. Handlers
 * ask it for ports and never learn whether they run on Lambda or on the local server
 * (DESIGN.md invariant 8).
 */
import {
  type KeyringNode,
  KmsKeyringNode,
  RawAesKeyringNode,
  RawAesWrappingSuiteIdentifier,
} from '@aws-crypto/client-node';
import type { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMS } from '@aws-sdk/client-kms';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EsdkEnvelopeCipher } from './adapters/crypto/esdkEnvelope.ts';
import { DynamoDbAuditLog } from './adapters/dynamodb/auditLog.ts';
import { DynamoDbCaseLinks } from './adapters/dynamodb/caseLinks.ts';
import { createDocumentClient, createDynamoDbClient } from './adapters/dynamodb/client.ts';
import { DynamoDbDisclosableConvictions } from './adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbIssuanceLog } from './adapters/dynamodb/issuanceLog.ts';
import { DynamoDbRecordStore } from './adapters/dynamodb/recordStore.ts';
import { SealedResponseIdempotencyStore } from './adapters/dynamodb/sealedResponseIdempotencyStore.ts';
import { KmsMacGenerator } from './adapters/kms/kmsMac.ts';
import { KmsPublicKeySource, KmsSigner } from './adapters/kms/kmsSigner.ts';
import { localKeyFiles, readLocalKey, signingKeysDir } from './adapters/local/localKeys.ts';
import { LocalMacGenerator } from './adapters/local/localMac.ts';
import { LocalFileSigner, LocalKeyPublicKeySource } from './adapters/local/localSigner.ts';
import { type Config, ConfigurationError } from './config.ts';
import type { MacGenerator } from './ports/blindIndex.ts';
import { systemClock } from './ports/clock.ts';
import type { EnvelopeCipher, KeyClass } from './ports/envelope.ts';
import type { PublicKeySource, Signer } from './ports/signer.ts';
import type { IngestRecordDependencies } from './usecases/ingestRecord.ts';
import type { IssueCertificateDependencies } from './usecases/issueCertificate.ts';

function required(value: string | undefined, name: string): string {
  if (!value) throw new ConfigurationError(`${name} must be set when KEY_PROVIDER=kms`);
  return value;
}

let rawDynamoDbClient: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;
export function dynamoDbClient(config: Config): DynamoDBClient {
  rawDynamoDbClient ??= createDynamoDbClient({
    region: config.region,
    endpoint: config.dynamodbEndpoint,
  });
  return rawDynamoDbClient;
}
export function dynamoDb(config: Config): DynamoDBDocumentClient {
  documentClient ??= createDocumentClient(dynamoDbClient(config));
  return documentClient;
}

/** One KMS client per process; the `KMS` aggregate is what the Encryption SDK keyring takes. */
let kmsClient: KMS | undefined;
function kms(config: Config): KMS {
  kmsClient ??= new KMS({ region: config.region, maxAttempts: 3 });
  return kmsClient;
}

export function macGenerator(config: Config): MacGenerator {
  return config.keyProvider === 'kms'
    ? new KmsMacGenerator(kms(config), required(config.keys.blindIndexKeyId, 'BLIND_INDEX_KEY_ID'))
    : new LocalMacGenerator(readLocalKey(config.dataDir, localKeyFiles.blindIndexKey));
}

export function envelopeCipher(config: Config): EnvelopeCipher {
  let keyrings: Record<KeyClass, KeyringNode>;
  if (config.keyProvider === 'kms') {
    const client = kms(config);
    const keyring = (keyId: string) =>
      new KmsKeyringNode({ generatorKeyId: keyId, clientProvider: () => client });
    keyrings = {
      records: keyring(required(config.keys.recordsKeyId, 'RECORDS_KEY_ID')),
      'sealed-archive': keyring(required(config.keys.sealedArchiveKeyId, 'SEALED_ARCHIVE_KEY_ID')),
    };
  } else {
    const keyring = (keyName: string, file: string) =>
      new RawAesKeyringNode({
        keyName,
        keyNamespace: 'local',
        unencryptedMasterKey: new Uint8Array(readLocalKey(config.dataDir, file)),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
    keyrings = {
      records: keyring('records', localKeyFiles.recordsKey),
      'sealed-archive': keyring('sealed-archive', localKeyFiles.sealedArchiveKey),
    };
  }
  return new EsdkEnvelopeCipher(keyrings);
}

export function ingestRecordDependencies(config: Config): IngestRecordDependencies {
  const client = dynamoDb(config);
  return {
    mac: macGenerator(config),
    cipher: envelopeCipher(config),
    records: new DynamoDbRecordStore(client, config.tables.records),
    caseLinks: new DynamoDbCaseLinks(client, config.tables.caseLinks),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    clock: systemClock,
  };
}

export function idempotencyStore(config: Config, mac: MacGenerator): DynamoDBPersistenceLayer {
  return new SealedResponseIdempotencyStore(
    { tableName: config.tables.idempotency, awsSdkV3Client: dynamoDbClient(config) },
    mac,
  );
}

export function publicKeySource(config: Config): PublicKeySource {
  return config.keyProvider === 'kms'
    ? new KmsPublicKeySource(kms(config), config.keys.signingKeys)
    : new LocalKeyPublicKeySource(signingKeysDir(config.dataDir));
}

/** The signer of the active key: configuration names it (SIGNING_KEYS, or keys.json locally). */
export function activeSigner(config: Config): Signer {
  if (config.keyProvider !== 'kms')
    return LocalFileSigner.fromDirectory(signingKeysDir(config.dataDir));
  const active = config.keys.signingKeys.filter((key) => key.status === 'active');
  const [key] = active;
  if (active.length !== 1 || !key?.kmsKeyId) {
    throw new ConfigurationError('SIGNING_KEYS must name exactly one active key with a kmsKeyId');
  }
  return new KmsSigner(kms(config), { keyId: key.id, kmsKeyId: key.kmsKeyId });
}

export function issueCertificateDependencies(config: Config): IssueCertificateDependencies {
  const client = dynamoDb(config);
  return {
    mac: macGenerator(config),
    disclosableConvictions: new DynamoDbDisclosableConvictions(client, config.tables.records),
    issuanceLog: new DynamoDbIssuanceLog(client, config.tables.issuanceLog),
    signer: activeSigner(config),
    clock: systemClock,
    issuer: { did: config.issuer.did, baseUrl: config.issuer.baseUrl },
    validityDays: config.issuer.credentialValidityDays,
    freeRequestsPerYear: 3,
  };
}
