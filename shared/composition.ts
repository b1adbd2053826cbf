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
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EsdkEnvelopeCipher } from './adapters/crypto/esdkEnvelope.ts';
import { DynamoDbAuditLog } from './adapters/dynamodb/auditLog.ts';
import { createDocumentClient, createDynamoDbClient } from './adapters/dynamodb/client.ts';
import { DynamoDbDisclosableConvictions } from './adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbInquiryStore } from './adapters/dynamodb/inquiryStore.ts';
import { DynamoDbIssuanceLog } from './adapters/dynamodb/issuanceLog.ts';
import { DynamoDbNoticeStore } from './adapters/dynamodb/noticeStore.ts';
import { DynamoDbRecordLinks } from './adapters/dynamodb/recordLinks.ts';
import { DynamoDbRecordStore } from './adapters/dynamodb/recordStore.ts';
import { SealedResponseIdempotencyStore } from './adapters/dynamodb/sealedResponseIdempotencyStore.ts';
import { KmsMacGenerator } from './adapters/kms/kmsMac.ts';
import { KmsPublicKeySource, KmsSigner } from './adapters/kms/kmsSigner.ts';
import { LambdaResultProducers } from './adapters/lambda/lambdaResultProducers.ts';
import { inProcessResultProducers } from './adapters/local/inProcessResultProducers.ts';
import { inProcessSealingQueue } from './adapters/local/inProcessSealingQueue.ts';
import { localKeyFiles, readLocalKey, signingKeysDir } from './adapters/local/localKeys.ts';
import { LocalMacGenerator } from './adapters/local/localMac.ts';
import { LocalFileSigner, LocalKeyPublicKeySource } from './adapters/local/localSigner.ts';
import { SqsSealingQueue } from './adapters/sqs/sqsSealingQueue.ts';
import { type Config, ConfigurationError } from './config.ts';
import { prcWorkingDays } from './domain/inquiry/workingDays.ts';
import { LEGAL_PARAMETERS } from './domain/law/parameters.ts';
import type { MacGenerator } from './ports/blindIndex.ts';
import { systemClock } from './ports/clock.ts';
import type { EnvelopeCipher, KeyClass } from './ports/envelope.ts';
import type { ResultProducers } from './ports/inquiries.ts';
import type { SealingQueue } from './ports/sealingQueue.ts';
import type { PublicKeySource, Signer } from './ports/signer.ts';
import type { AccessLogDependencies } from './usecases/accessLog.ts';
import type { ApplySealingEffectsDependencies } from './usecases/applySealingEffects.ts';
import type { IngestRecordDependencies } from './usecases/ingestRecord.ts';
import type { InquiryDependencies } from './usecases/inquiries.ts';
import type {
  DiscloseFullFileDependencies,
  IssueInquiryLetterDependencies,
} from './usecases/inquiryResults.ts';
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

const envelopeKeyIds = {
  records: (config: Config) => required(config.keys.recordsKeyId, 'RECORDS_KEY_ID'),
  'sealed-archive': (config: Config) =>
    required(config.keys.sealedArchiveKeyId, 'SEALED_ARCHIVE_KEY_ID'),
  inquiries: (config: Config) => required(config.keys.inquiriesKeyId, 'INQUIRIES_KEY_ID'),
} as const satisfies Record<KeyClass, (config: Config) => string>;

const localEnvelopeKeyFiles = {
  records: localKeyFiles.recordsKey,
  'sealed-archive': localKeyFiles.sealedArchiveKey,
  inquiries: localKeyFiles.inquiriesKey,
} as const satisfies Record<KeyClass, string>;

/** Envelope encryption with exactly the key classes a function may use, and no other. */
export function envelopeCipher(config: Config, classes: readonly KeyClass[]): EnvelopeCipher {
  const keyrings: Partial<Record<KeyClass, KeyringNode>> = {};
  for (const keyClass of classes) {
    if (config.keyProvider === 'kms') {
      const client = kms(config);
      keyrings[keyClass] = new KmsKeyringNode({
        generatorKeyId: envelopeKeyIds[keyClass](config),
        clientProvider: () => client,
      });
    } else {
      keyrings[keyClass] = new RawAesKeyringNode({
        keyName: keyClass,
        keyNamespace: 'local',
        unencryptedMasterKey: new Uint8Array(
          readLocalKey(config.dataDir, localEnvelopeKeyFiles[keyClass]),
        ),
        wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
      });
    }
  }
  return new EsdkEnvelopeCipher(keyrings);
}

/** The sealing service's queue: SQS FIFO in AWS, the local server's in-process queue otherwise. */
export function sealingQueue(config: Config): SealingQueue {
  return config.sealingQueueUrl
    ? new SqsSealingQueue(
        new SQSClient({ region: config.region, maxAttempts: 3 }),
        config.sealingQueueUrl,
      )
    : inProcessSealingQueue;
}

export function ingestRecordDependencies(config: Config): IngestRecordDependencies {
  const client = dynamoDb(config);
  return {
    mac: macGenerator(config),
    cipher: envelopeCipher(config, ['records', 'sealed-archive']),
    records: new DynamoDbRecordStore(client, config.tables.records),
    disclosable: new DynamoDbDisclosableConvictions(client, config.tables.disclosable),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    queue: sealingQueue(config),
    clock: systemClock,
  };
}

export function sealingServiceDependencies(config: Config): ApplySealingEffectsDependencies {
  const client = dynamoDb(config);
  return {
    records: new DynamoDbRecordStore(client, config.tables.records),
    links: new DynamoDbRecordLinks(client, config.tables.recordLinks),
    disclosable: new DynamoDbDisclosableConvictions(client, config.tables.disclosable),
    cipher: envelopeCipher(config, ['records', 'sealed-archive']),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    notices: new DynamoDbNoticeStore(client, config.tables.notices),
    clock: systemClock,
  };
}

export function idempotencyStore(config: Config, mac: MacGenerator): DynamoDBPersistenceLayer {
  return new SealedResponseIdempotencyStore(
    { tableName: config.tables.idempotency, awsSdkV3Client: dynamoDbClient(config) },
    mac,
    { maxSeconds: config.idempotencyInProgressSeconds },
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
    disclosableConvictions: new DynamoDbDisclosableConvictions(client, config.tables.disclosable),
    issuanceLog: new DynamoDbIssuanceLog(client, config.tables.issuanceLog),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    signer: activeSigner(config),
    clock: systemClock,
    issuer: { did: config.issuer.did, baseUrl: config.issuer.baseUrl },
    validityDays: config.issuer.credentialValidityDays,
  };
}

/** The functions that produce an inquiry's result: Lambda in AWS, in process locally. */
export function resultProducers(config: Config): ResultProducers {
  const { letter, fullFile } = config.resultFunctions;
  return letter && fullFile
    ? new LambdaResultProducers(new LambdaClient({ region: config.region, maxAttempts: 2 }), {
        letter,
        fullFile,
      })
    : inProcessResultProducers;
}

export function inquiryDependencies(config: Config): InquiryDependencies {
  const client = dynamoDb(config);
  return {
    mac: macGenerator(config),
    cipher: envelopeCipher(config, ['inquiries']),
    inquiries: new DynamoDbInquiryStore(client, config.tables.inquiries),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    calendar: prcWorkingDays,
    results: resultProducers(config),
    clock: systemClock,
  };
}

export function issueLetterDependencies(config: Config): IssueInquiryLetterDependencies {
  const client = dynamoDb(config);
  return {
    inquiries: new DynamoDbInquiryStore(client, config.tables.inquiries),
    records: new DynamoDbRecordStore(client, config.tables.records),
    disclosable: new DynamoDbDisclosableConvictions(client, config.tables.disclosable),
    cipher: envelopeCipher(config, ['inquiries', 'records']),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    signer: activeSigner(config),
    issuer: { did: config.issuer.did, baseUrl: config.issuer.baseUrl },
    validityDays: config.issuer.credentialValidityDays,
    clock: systemClock,
  };
}

export function judicialDisclosureDependencies(config: Config): DiscloseFullFileDependencies {
  const client = dynamoDb(config);
  return {
    inquiries: new DynamoDbInquiryStore(client, config.tables.inquiries),
    records: new DynamoDbRecordStore(client, config.tables.records),
    links: new DynamoDbRecordLinks(client, config.tables.recordLinks),
    cipher: envelopeCipher(config, ['inquiries', 'records', 'sealed-archive']),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    sealedInformationMark: LEGAL_PARAMETERS.sealedInformationMark,
    clock: systemClock,
  };
}

export function accessLogDependencies(config: Config): AccessLogDependencies {
  const client = dynamoDb(config);
  return {
    mac: macGenerator(config),
    cipher: envelopeCipher(config, ['inquiries']),
    inquiries: new DynamoDbInquiryStore(client, config.tables.inquiries),
    audit: new DynamoDbAuditLog(client, config.tables.audit, config.auditChains),
    clock: systemClock,
  };
}
