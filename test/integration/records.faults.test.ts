/**
 * Fail closed, nothing half-written: a KMS or DynamoDB failure at any step of ingestion is
 * a 503 with Retry-After that leaves every table as it was; a retry with the same
 * Idempotency-Key then completes the request exactly once.
 *
 * The handler runs in-process with the KMS adapters (KMS answered by aws-sdk-client-mock,
 * as KMS has no local engine) and real dynalite tables, throttled on demand.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KmsKeyringNode } from '@aws-crypto/client-node';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMS } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EsdkEnvelopeCipher } from '#shared/adapters/crypto/esdkEnvelope.ts';
import { DynamoDbAuditLog } from '#shared/adapters/dynamodb/auditLog.ts';
import { DynamoDbCaseLinks } from '#shared/adapters/dynamodb/caseLinks.ts';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbRecordStore } from '#shared/adapters/dynamodb/recordStore.ts';
import { KmsMacGenerator } from '#shared/adapters/kms/kmsMac.ts';
import {
  ensureTables,
  type LocalDynamoDb,
  startDynalite,
} from '#shared/adapters/local/dynalite.ts';
import { ensureLocalKeyMaterial, signingKeysDir } from '#shared/adapters/local/localKeys.ts';
import { ensureLocalSigningKey } from '#shared/adapters/local/localSigner.ts';
import { dynamoDb, dynamoDbClient, idempotencyStore } from '#shared/composition.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { tables } from '#shared/definitions/tables.ts';
import { systemClock } from '#shared/ports/clock.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { dynamoFaults } from '../support/dynamoFaults.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { fakeKeyArn, fakeKms } from '../support/fakeKms.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

let dynamo: LocalDynamoDb;
let config: Config;
let kms: ReturnType<typeof fakeKms>;
let faults: ReturnType<typeof dynamoFaults>;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

const claims = { sub: 'officer-1', role: 'court', org: 'court-faults' };
const tableNames = ['CriminalRecords', 'CaseLinks', 'AuditLog', 'IdempotencyRecords'] as const;

/** Counted through a client of its own, which no fault rule touches. */
type Counts = Record<(typeof tableNames)[number], number>;

async function counts(): Promise<Counts> {
  const observer = createDynamoDbClient({ region: 'cn-north-1', endpoint: dynamo.endpoint });
  const result = {} as Counts;
  for (const name of tableNames) {
    const page = await observer.send(new ScanCommand({ TableName: name, Select: 'COUNT' }));
    result[name] = page.Count ?? 0;
  }
  return result;
}

async function submit(body: unknown, key?: string) {
  return handler(
    apiEvent({ path: '/v1/records', body, claims, headers: key ? { 'idempotency-key': key } : {} }),
    lambdaContext(),
  );
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-faults-'));
  ensureLocalKeyMaterial(dataDir);
  ensureLocalSigningKey(signingKeysDir(dataDir));
  dynamo = await startDynalite();
  Object.assign(process.env, {
    KEY_PROVIDER: 'local',
    DATA_DIR: dataDir,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'cn-north-1',
  });
  config = readConfig();
  await ensureTables(dynamoDbClient(config), tables);

  const kmsClient = new KMS({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  kms = fakeKms(kmsClient);
  faults = dynamoFaults(dynamoDb(config), dynamoDbClient(config));
  const mac = new KmsMacGenerator(kmsClient, fakeKeyArn('blind-index'));
  const keyring = (name: string) =>
    new KmsKeyringNode({ generatorKeyId: fakeKeyArn(name), clientProvider: () => kmsClient });
  const doc = dynamoDb(config);
  const ingest = new IngestRecord({
    mac,
    cipher: new EsdkEnvelopeCipher({
      records: keyring('records'),
      'sealed-archive': keyring('archive'),
    }),
    records: new DynamoDbRecordStore(doc, config.tables.records),
    caseLinks: new DynamoDbCaseLinks(doc, config.tables.caseLinks),
    audit: new DynamoDbAuditLog(doc, config.tables.audit, config.auditChains),
    clock: systemClock,
  });
  const module = await import('#functions/ingest-record/handler.ts');
  handler = module.ingestRecordHandler(
    ingest,
    idempotencyStore(config, mac),
    config,
  ) as unknown as typeof handler;
});

afterEach(() => {
  kms.heal();
  faults.heal();
});
afterAll(async () => {
  faults.restore();
  await dynamo.close();
});

describe('ingestion under failure', () => {
  it('succeeds through the KMS adapters when nothing fails', async () => {
    const response = await submit(
      judgment({ person: syntheticPerson(), offenceDate: '2021-01-05' }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(kms.calls).toContain('GenerateMac');
    expect(kms.calls).toContain('GenerateDataKey');
  });

  const failures: [string, () => void][] = [
    ['KMS GenerateMac fails', () => kms.fail('GenerateMac')],
    ['KMS GenerateDataKey fails', () => kms.fail('GenerateDataKey')],
    ['the records table throttles', () => faults.throttle('CriminalRecords', 'Put')],
    ['the audit log throttles', () => faults.throttle('AuditLog', 'Put')],
    ['the idempotency table throttles', () => faults.throttle('IdempotencyRecords')],
  ];

  it.each(failures)('%s → 503 with Retry-After, nothing stored', async (_, inject) => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-02-05' });
    const before = await counts();
    inject();
    const response = await submit(body, `fault-${Math.random()}`);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(response.body ?? '{}').code).toBe('dependency-unavailable');
    expect(await counts()).toEqual(before);
  });

  it('a retry with the same key after an audit failure completes it exactly once', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-03-05' });
    const before = await counts();
    faults.throttle('AuditLog', 'Put');
    expect((await submit(body, 'audit-retry')).statusCode).toBe(503);
    faults.heal();
    const retried = await submit(body, 'audit-retry');
    expect(retried.statusCode).toBe(201);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    // one chain entry and one event-ID marker
    expect(after.AuditLog - before.AuditLog).toBe(2);
  });

  it('a failure after the record is audited (case links) is completed by the retry', async () => {
    const body = judgment({ person: syntheticPerson(), offenceDate: '2021-04-05' });
    const before = await counts();
    faults.throttle('CaseLinks', 'Put');
    expect((await submit(body, 'links-retry')).statusCode).toBe(503);
    faults.heal();
    const retried = await submit(body, 'links-retry');
    expect(retried.statusCode).toBe(201);
    const after = await counts();
    expect(after.CriminalRecords - before.CriminalRecords).toBe(1);
    expect(after.CaseLinks - before.CaseLinks).toBe(1);
    expect(after.AuditLog - before.AuditLog).toBe(2);
  });
});
