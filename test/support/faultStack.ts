/**
 * What the fault-injection tests share: real dynalite tables; a deployment's configuration
 * (KMS keys, an SQS queue) for the production compositions to build their AWS branch from;
 * the clients they are handed (`overrides`) — DynamoDB under `dynamoFaults`, KMS answered by
 * `fakeKms`, SQS by `fakeSqs` — and an observer client no fault rule touches, for counting.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMS } from '@aws-sdk/client-kms';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient, createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { KmsMacGenerator } from '#shared/adapters/kms/kmsMac.ts';
import { ensureTables, startDynalite } from '#shared/adapters/local/dynalite.ts';
import { ensureLocalKeyMaterial, signingKeysDir } from '#shared/adapters/local/localKeys.ts';
import { ensureLocalSigningKey } from '#shared/adapters/local/localSigner.ts';
import type { PlatformOverrides } from '#shared/composition/platform.ts';
import { readConfig } from '#shared/config.ts';
import { environmentVariables as v } from '#shared/definitions/environment.ts';
import { keyDefinitions } from '#shared/definitions/keys.ts';
import { sealingWorkQueue } from '#shared/definitions/queues.ts';
import { tables } from '#shared/definitions/tables.ts';
import { dynamoFaults } from './dynamoFaults.ts';
import { fakeKeyArn, fakeKms } from './fakeKms.ts';
import { fakeSqs } from './fakeSqs.ts';

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;

export async function startFaultStack() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-faults-'));
  ensureLocalKeyMaterial(dataDir);
  ensureLocalSigningKey(signingKeysDir(dataDir));
  const dynamo = await startDynalite();
  // The handler modules read their configuration when first imported.
  Object.assign(process.env, {
    [v.keyProvider.name]: 'local',
    [v.dataDir.name]: dataDir,
    [v.dynamodbEndpoint.name]: dynamo.endpoint,
    [v.region.name]: 'cn-north-1',
  });
  // The production configuration of a deployment: KMS keys (answered by fakeKms), an SQS
  // queue (answered by the SQS mock). The compositions build the AWS branch from it.
  const config = readConfig({
    ...process.env,
    [v.keyProvider.name]: 'kms',
    [keyDefinitions.recordsKey.envVar]: fakeKeyArn('records'),
    [keyDefinitions.sealedArchiveKey.envVar]: fakeKeyArn('archive'),
    [keyDefinitions.inquiriesKey.envVar]: fakeKeyArn('inquiries'),
    [keyDefinitions.personViewKey.envVar]: fakeKeyArn('person-view'),
    [keyDefinitions.letterFactsKey.envVar]: fakeKeyArn('letter-facts'),
    [keyDefinitions.blindIndexKey.envVar]: fakeKeyArn('blind-index'),
    [keyDefinitions.idempotencyKey.envVar]: fakeKeyArn('idempotency'),
    [keyDefinitions.signingKey.envVar]: JSON.stringify([
      { id: 'key-1', kmsKeyId: fakeKeyArn('signing'), status: 'active' },
    ]),
    [keyDefinitions.letterSigningKey.envVar]: JSON.stringify([
      { id: 'letter-1', kmsKeyId: fakeKeyArn('letter-signing'), status: 'active' },
    ]),
    [keyDefinitions.walletSigningKey.envVar]: JSON.stringify([
      { id: 'wallet-1', kmsKeyId: fakeKeyArn('wallet-signing'), status: 'active' },
    ]),
    [keyDefinitions.approvalSigningKey.envVar]: JSON.stringify([
      { id: 'approval-1', kmsKeyId: fakeKeyArn('approval-signing'), status: 'active' },
    ]),
    [sealingWorkQueue.envVar]:
      'https://sqs.cn-north-1.amazonaws.com.cn/000000000000/SealingWork.fifo',
  });
  const dynamoDb = createDynamoDbClient({ region: 'cn-north-1', endpoint: dynamo.endpoint });
  const documents = createDocumentClient(dynamoDb);
  await ensureTables(dynamoDb, tables);

  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const kmsClient = new KMS({ region: 'cn-north-1', credentials });
  const kms = fakeKms(kmsClient);
  const sqsClient = new SQSClient({ region: 'cn-north-1', credentials });
  const queue = fakeSqs(sqsClient);
  const faults = dynamoFaults(documents, dynamoDb);
  const observer = createDynamoDbClient({ region: 'cn-north-1', endpoint: dynamo.endpoint });

  return {
    config,
    /** What the compositions take in place of the clients they would create. */
    overrides: { dynamoDb, documents, kms: kmsClient, sqs: sqsClient } satisfies PlatformOverrides,
    kmsClient,
    kms,
    queue,
    faults,
    doc: documents,
    mac: new KmsMacGenerator(kmsClient, fakeKeyArn('blind-index')),
    /** Items in a table, counted outside every fault rule. */
    count: async (table: string) =>
      (await observer.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count ?? 0,
    heal: () => {
      kms.heal();
      queue.heal();
      faults.heal();
    },
    close: async () => {
      faults.restore();
      dynamoDb.destroy();
      observer.destroy();
      await dynamo.close();
    },
  };
}
