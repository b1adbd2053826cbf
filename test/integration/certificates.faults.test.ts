/**
 * Fail closed (DESIGN.md invariant 3): when any dependency of the certificate path fails —
 * the MAC, the yearly count, the disclosable-index query, the signature, the audit log, the
 * issuance-log write, the idempotency store — the answer is 503 with Retry-After, no
 * credential, no issuance-log entry claiming issuance, and the application's count given
 * back. Never a "no record" guess.
 *
 * In-process handler with the KMS adapters (KMS answered by aws-sdk-client-mock) and real
 * dynalite tables, throttled on demand.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { DynamoDbDisclosableConvictions } from '#shared/adapters/dynamodb/disclosableConvictions.ts';
import { composeIssueCertificate } from '#shared/composition/issueCertificate.ts';
import { blindIndexOfPerson } from '#shared/domain/blindIndex.ts';
import { IssueCertificate } from '#shared/usecases/issueCertificate.ts';
import { apiEvent, lambdaContext } from '../support/events.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { syntheticPerson } from '../support/fixtures.ts';
import { decodeJwt } from '../support/jwt.ts';

let stack: FaultStack;
let handler: (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode?: number; headers?: Record<string, unknown>; body?: string }>;

/** Certificate entries and counted applications, read outside every fault rule. */
async function issuanceState() {
  const observer = createDynamoDbClient({
    region: 'cn-north-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
  });
  try {
    const { Items = [] } = await observer.send(
      new ScanCommand({ TableName: 'CertificateIssuanceLog' }),
    );
    const items = Items.map((item) => unmarshall(item));
    return {
      certificates: items.filter((i) => String(i.entryKey).startsWith('certificate#')).length,
      applications: items.reduce((n, i) => n + ((i.applications as Set<string>)?.size ?? 0), 0),
    };
  } finally {
    observer.destroy();
  }
}
const issuanceLogSize = async () => (await issuanceState()).certificates;

async function request(key?: string, person = syntheticPerson()) {
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
  stack = await startFaultStack();
  // The production composition, KMS branch included, over the faulty clients.
  const { dependencies, idempotency } = await composeIssueCertificate(
    stack.config,
    stack.overrides,
  );
  const module = await import('#functions/issue-certificate/handler.ts');
  handler = module.issueCertificateHandler(
    new IssueCertificate(dependencies),
    idempotency,
    stack.config,
  ) as unknown as typeof handler;
});

afterEach(() => stack.heal());
afterAll(async () => stack.close());

describe('certificate issuance under failure', () => {
  it('issues through KMS GenerateMac and KMS Sign (DER → JOSE) when nothing fails', async () => {
    const before = await issuanceLogSize();
    const response = await request();
    expect(response.statusCode, response.body).toBe(201);
    const { credential } = JSON.parse(response.body ?? '{}');
    expect(decodeJwt(credential).header.alg).toBe('ES256');
    expect(Buffer.from(credential.split('.')[2], 'base64url')).toHaveLength(64);
    expect(stack.kms.calls).toEqual(expect.arrayContaining(['GenerateMac', 'Sign']));
    expect(await issuanceLogSize()).toBe(before + 1);
  });

  const failures: [string, () => void][] = [
    ['KMS GenerateMac fails', () => stack.kms.fail('GenerateMac')],
    [
      'the disclosable-index query throttles',
      () => stack.faults.throttle('DisclosableConvictions', 'Query'),
    ],
    ['the yearly count throttles', () => stack.faults.throttle('CertificateIssuanceLog', 'Update')],
    ['KMS Sign fails', () => stack.kms.fail('Sign')],
    ['the audit log throttles', () => stack.faults.throttle('AuditEvents', 'Put')],
    [
      'the issuance-log write throttles',
      () => stack.faults.throttle('CertificateIssuanceLog', 'Put'),
    ],
    ['the idempotency store throttles', () => stack.faults.throttle('IdempotencyRecords')],
  ];

  it.each(failures)('%s → 503 with Retry-After, no credential, no log entry', async (_, inject) => {
    const before = await issuanceState();
    expect(before.applications).toBe(before.certificates);
    inject();
    const response = await request(`fault-${Math.random()}`);
    expect(response.statusCode).toBe(503);
    expect(response.headers?.['retry-after']).toMatch(/^\d+$/);
    const body = JSON.parse(response.body ?? '{}');
    expect(body.code).toBe('dependency-unavailable');
    expect(body).not.toHaveProperty('credential');
    expect(response.body).not.toMatch(/eyJ[\w-]+\.eyJ/);
    expect(await issuanceState()).toEqual(before);
  });

  it('a refusal whose audit write fails is a 503, not the refusal: no decision unaudited', async () => {
    const person = syntheticPerson('1990-01-01');
    const blindIndex = await blindIndexOfPerson(stack.mac, person.nationalId);
    await new DynamoDbDisclosableConvictions(stack.doc, stack.config.tables.disclosable).add({
      blindIndex,
      recordId: `conviction-${Math.random()}`,
      letterFacts: new Uint8Array([1]),
      submissionDigest: 'digest',
    });
    expect(JSON.parse((await request(undefined, person)).body ?? '{}').code).toBe('record-on-file');
    const before = await issuanceState();
    stack.faults.throttle('AuditEvents', 'Put');
    const response = await request(`refusal-${Math.random()}`, person);
    expect(response.statusCode).toBe(503);
    expect(JSON.parse(response.body ?? '{}').code).toBe('dependency-unavailable');
    expect(await issuanceState()).toEqual(before);
  });
});
