/**
 * DESIGN.md invariants 4 and 6, checked from the outside: the server runs as its own
 * process (as `npm start` does) at INFO level; known national IDs, names, case numbers and
 * record contents go through every endpoint, valid and invalid; then every line the
 * process printed and every byte under DATA_DIR is searched for them. Positive controls
 * prove the search can find what is really there.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevToken } from '#shared/adapters/local/devTokens.ts';
import { judgment, relatedRecord, syntheticPerson } from '../support/fixtures.ts';
import { type ServerProcess, spawnServer } from '../support/server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'sealed-records-pii-'));
let server: ServerProcess;
let url: string;

const minor = syntheticPerson('2004-06-15');
const adult = syntheticPerson('1990-03-03');
const relatedOnly = syntheticPerson('2006-01-01');
const secretDetail = '测试案情细节XYZ-不应出现';
const secretOffence = '测试罪名-ABC-不应出现';
const controlOrg = 'court-pii-control-org';
const caseNumbers: string[] = [];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

async function call(method: string, path: string, token?: string, body?: unknown, raw?: string) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  return { status: response.status, text: await response.text() };
}

beforeAll(async () => {
  server = await spawnServer(dataDir, {
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_DISABLED: 'false',
  });
  url = server.url;

  const court = await issueDevToken(dataDir, { role: 'court', org: controlOrg });
  const withDetails = (record: Record<string, unknown>) => {
    caseNumbers.push(record.caseNumber as string);
    return {
      ...record,
      offences: [{ name: secretOffence, article: '264', intentional: true }],
      details: { narrative: secretDetail },
    };
  };
  // Valid records: sealed minor with an adult co-defendant, the adult, a related record.
  await call(
    'POST',
    '/v1/records',
    court,
    withDetails(judgment({ person: minor, offenceDate: '2021-05-01', coDefendants: [adult] })),
  );
  await call(
    'POST',
    '/v1/records',
    court,
    withDetails(judgment({ person: adult, offenceDate: '2021-05-01', months: 36 })),
  );
  await call(
    'POST',
    '/v1/records',
    court,
    withDetails(relatedRecord(relatedOnly, 'non-prosecution', '2021-01-01')),
  );
  // Replays and a conflicting resubmission.
  const again = withDetails(judgment({ person: minor, offenceDate: '2020-01-01' }));
  await call('POST', '/v1/records', court, again);
  await call('POST', '/v1/records', court, again);
  await call('POST', '/v1/records', court, {
    ...again,
    details: { narrative: `${secretDetail}-changed` },
  });
  // Invalid records carrying personal data in the wrong places.
  await call('POST', '/v1/records', court, {
    ...withDetails(judgment({ person: minor, offenceDate: '2021-05-01' })),
    subject: { nationalId: `${minor.nationalId}0`, name: minor.name, dateOfBirth: '2004-06-15' },
  });
  await call('POST', '/v1/records', court, {
    caseNumber: minor.name,
    recordType: minor.nationalId,
  });
  await call('POST', '/v1/records', court, undefined, `{"subject":{"name":"${minor.name}"`);
  await call(
    'POST',
    '/v1/records',
    'not-a-token',
    withDetails(judgment({ person: minor, offenceDate: '2021-05-01' })),
  );
  // Certificates: no record, sealed only, related only, unsealed conviction, bad input.
  for (const person of [syntheticPerson(), minor, relatedOnly, adult]) {
    const citizen = await issueDevToken(dataDir, {
      role: 'citizen',
      nationalId: person.nationalId,
      name: person.name,
    });
    await call('POST', '/v1/certificates', citizen, { purpose: 'employment' });
    await call('POST', '/v1/certificates', citizen, {
      purpose: person.name,
      holderDid: person.nationalId,
    });
  }
  for (const path of [
    '/.well-known/did.json',
    '/v1/trust-bundle',
    '/openapi.json',
    `/v1/records/${minor.nationalId}`,
  ]) {
    await call('GET', path);
  }

  await server.stop();
});

afterAll(async () => server.stop());

describe('no personal data leaves the envelope', () => {
  const secrets = () => [
    ...[minor, adult, relatedOnly].flatMap((p) => [p.nationalId, p.name]),
    ...caseNumbers,
    secretDetail,
    secretOffence,
  ];

  it('logged something to search (positive control)', () => {
    const log = server.output();
    expect(log).toContain('"message":"record ingested"');
    expect(log).toContain('"message":"request failed"');
  });

  it('no log line, metric or error output contains a national ID, name, case number or record content', () => {
    const log = server.output();
    for (const secret of secrets())
      expect(log.includes(secret), 'a secret is in the log').toBe(false);
  });

  it('DATA_DIR holds the plain routing attributes (positive control)', () => {
    const all = Buffer.concat(files(dataDir).map((f) => readFileSync(f)));
    expect(all.includes(Buffer.from(controlOrg))).toBe(true);
  });

  it('no file under DATA_DIR contains a national ID, name, case number or record content', () => {
    for (const file of files(dataDir)) {
      const bytes = readFileSync(file);
      for (const secret of secrets()) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `a secret is in ${file}`).toBe(false);
      }
    }
  });

  it('keeps key files owner-only', () => {
    for (const file of files(join(dataDir, 'keys'))) {
      expect(statSync(file).mode & 0o077, file).toBe(0);
    }
  });
});
