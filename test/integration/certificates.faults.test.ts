/**
 * Fail closed (DESIGN.md invariant 3): when any dependency of the certificate path fails —
 * the MAC, the disclosable-index query, the yearly count, the signature, the issuance-log
 * write, the idempotency store — the answer is 503 with Retry-After, no credential, and no
 * issuance-log entry claiming issuance. Never a "no record" guess.
 *
 * In-process handler with the KMS adapters (KMS answered by aws-sdk-client-mock) and real
 * dynalite tables, throttled on demand.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbDisclosableConvictions } from '#shared/adapters/dynamodb/disclosableConvictions.ts';
import { DynamoDbIssuanceLog } from '#shared/adapters/dynamodb/issuanceLog.ts';
import { KmsMacGenerator } from '#shared/adapters/kms/kmsMac.ts';
import { KmsSigner } from '#shared/adapters/kms/kmsSigner.ts';
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
import { IssueCertificate } from '#shared/usecases/issueCertificate.ts';
import { dynamoFaults } from '../support/dynamoFaults.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { fakeKeyArn, fakeKms } from '../support/fakeKms.ts';
import { syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';

let dynamo: LocalDynamoDb;
let config: Config;
let kms: ReturnType<typeof fakeKms>;
let faults: ReturnType<typeof dynamoFaults>;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

async function issuanceLogSize(): Promise<number> {
  const observer = createDynamoDbClient({ region: 'cn-north-1', endpoint: dynamo.endpoint });
  const page = await observer.send(
    new ScanCommand({ TableName: 'CertificateIssuanceLog', Select: 'COUNT' }),
  );
  return page.Count ?? 0;
}

async function request(key?: string) {
  const person = syntheticPerson();
  return handler(
    apiEvent({
      path: '/v1/certificates',
      body: { purpose: 'employment' },
      claims: {
        sub: `citizen-${Math.random()}`,
        role: 'citizen',
        org: 'public',
        national_id: person.nationalId,
        name: person.name,
      },
      headers: key ? { 'idempotency-key': key } : {},
    }),
    lambdaContext(),
  );
}

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-cert-faults-'));
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
  const kmsClient = new KMSClient({
    region: 'cn-north-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  kms = fakeKms(kmsClient);
  faults = dynamoFaults(dynamoDb(config), dynamoDbClient(config));
  const mac = new KmsMacGenerator(kmsClient, fakeKeyArn('blind-index'));
  const doc = dynamoDb(config);
  const issue = new IssueCertificate({
    mac,
    disclosableConvictions: new DynamoDbDisclosableConvictions(doc, config.tables.records),
    issuanceLog: new DynamoDbIssuanceLog(doc, config.tables.issuanceLog),
    signer: new KmsSigner(kmsClient, { keyId: 'key-1', kmsKeyId: fakeKeyArn('signing') }),
    clock: systemClock,
    issuer: config.issuer,
    validityDays: 90,
    freeRequestsPerYear: 3,
  });
  const module = await import('#functions/issue-certificate/handler.ts');
  handler = module.issueCertificateHandler(
    issue,
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

describe('certificate issuance under failure', () => {
  it('issues through KMS GenerateMac and KMS Sign (DER → JOSE) when nothing fails', async () => {
    const before = await issuanceLogSize();
    const response = await request();
    expect(response.statusCode, response.body).toBe(201);
    const { credential } = JSON.parse(response.body ?? '{}');
    expect(decodeJwt(credential).header.alg).toBe('ES256');
    expect(Buffer.from(credential.split('.')[2], 'base64url')).toHaveLength(64);
    expect(kms.calls).toEqual(expect.arrayContaining(['GenerateMac', 'Sign']));
    expect(await issuanceLogSize()).toBe(before + 1);
  });

  const failures: [string, () => void][] = [
    ['KMS GenerateMac fails', () => kms.fail('GenerateMac')],
    ['the disclosable-index query throttles', () => faults.throttle('CriminalRecords', 'Query')],
    ['the yearly count throttles', () => faults.throttle('CertificateIssuanceLog', 'Query')],
    ['KMS Sign fails', () => kms.fail('Sign')],
    ['the issuance-log write throttles', () => faults.throttle('CertificateIssuanceLog', 'Put')],
    ['the idempotency store throttles', () => faults.throttle('IdempotencyRecords')],
  ];

  it.each(failures)('%s → 503 with Retry-After, no credential, no log entry', async (_, inject) => {
    const before = await issuanceLogSize();
    inject();
    const response = await request(`fault-${Math.random()}`);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
    const body = JSON.parse(response.body ?? '{}');
    expect(body.code).toBe('dependency-unavailable');
    expect(body).not.toHaveProperty('credential');
    expect(response.body).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(await issuanceLogSize()).toBe(before);
  });
});
