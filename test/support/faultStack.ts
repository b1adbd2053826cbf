/**
 * What the fault-injection tests share: real dynalite tables, the composition root's
 * DynamoDB clients under `dynamoFaults`, a KMS client answered by `fakeKms`, and an
 * observer client that no fault rule touches for counting what was stored.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMS } from '@aws-sdk/client-kms';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { KmsMacGenerator } from '#shared/adapters/kms/kmsMac.ts';
import { ensureTables, startDynalite } from '#shared/adapters/local/dynalite.ts';
import { ensureLocalKeyMaterial, signingKeysDir } from '#shared/adapters/local/localKeys.ts';
import { ensureLocalSigningKey } from '#shared/adapters/local/localSigner.ts';
import { dynamoDb, dynamoDbClient } from '#shared/composition.ts';
import { readConfig } from '#shared/config.ts';
import { tables } from '#shared/definitions/tables.ts';
import { dynamoFaults } from './dynamoFaults.ts';
import { fakeKeyArn, fakeKms } from './fakeKms.ts';

export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;

export async function startFaultStack() {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-faults-'));
  ensureLocalKeyMaterial(dataDir);
  ensureLocalSigningKey(signingKeysDir(dataDir));
  const dynamo = await startDynalite();
  // The handler modules read their configuration when first imported.
  Object.assign(process.env, {
    KEY_PROVIDER: 'local',
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'cn-north-1',
  });
  const config = readConfig();
  await ensureTables(dynamoDbClient(config), tables);

  const kmsClient = new KMS({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const kms = fakeKms(kmsClient);
  const faults = dynamoFaults(dynamoDb(config), dynamoDbClient(config));
  const observer = createDynamoDbClient({ region: 'cn-north-1', endpoint: dynamo.endpoint });

  return {
    config,
    kmsClient,
    kms,
    faults,
    doc: dynamoDb(config),
    mac: new KmsMacGenerator(kmsClient, fakeKeyArn('blind-index')),
    /** Items in a table, counted outside every fault rule. */
    count: async (table: string) =>
      (await observer.send(new ScanCommand({ TableName: table, Select: 'COUNT' }))).Count ?? 0,
    heal: () => {
      kms.heal();
      faults.heal();
    },
    close: async () => {
      faults.restore();
      observer.destroy();
      await dynamo.close();
    },
  };
}
