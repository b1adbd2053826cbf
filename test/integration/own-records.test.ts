/**
 * The person's own view (API.md, The person's own view; RULES.md §3): `GET /v1/me/records`
 * shows the caller — or the person a guardian acts for — every record and whether it is
 * sealed, with the sealing and unsealing notices; never signed, and saying that no one may
 * require it. It is read from entries the sealing service writes under the person-view key:
 * the function that answers reads no record and holds no records or archive key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  issueCertificateFunction,
  ownRecordsFunction,
  walletOffersFunction,
} from '#shared/definitions/functions.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;
beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court', { org: 'court-0105' });
});
afterAll(async () => stack.close());

type View = {
  recordId: string;
  recordType: string;
  caseNumber: string;
  agency: { role: string; org: string };
  sealed: boolean;
  superseded: boolean;
  notices: { kind: string; at: string; basis: string[] }[];
};

async function ownView(person: Person, token?: string) {
  await stack.drainSealingQueue();
  const response = await stack.request('GET', '/v1/me/records', {
    token: token ?? (await stack.token('citizen', { person })),
  });
  expect(response.status, response.text).toBe(200);
  return { response, records: response.json.records as View[] };
}

describe('GET /v1/me/records', () => {
  it('lists the person’s records, sealed and not, with the sealing notice — never signed', async () => {
    const person = syntheticPerson('2004-06-15');
    const caseNumber = syntheticCaseNumber();
    const sealed = await submitRecord(
      stack,
      court,
      judgment({ person, caseNumber, offenceDate: '2021-05-01', effectiveDate: '2021-09-01' }),
      { sealed: true },
    );
    const adult = await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2024-03-01', penalty: 'criminal-detention', months: 3 }),
      { sealed: false },
    );
    const { response, records } = await ownView(person);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.json.notice).toMatchObject({
      zh: expect.stringContaining('不得要求'),
      en: expect.stringContaining('No unit or person may require you to show it'),
    });
    // Nothing in it is a credential: no JWT, no signature.
    expect(response.text).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
    expect(records.map((r) => r.recordId).sort()).toEqual([sealed.recordId, adult.recordId].sort());
    expect(records.find((r) => r.recordId === sealed.recordId)).toMatchObject({
      recordType: 'judgment',
      caseNumber,
      agency: { role: 'court', org: 'court-0105' },
      sealed: true,
      superseded: false,
      notices: [
        { kind: 'sealed', at: expect.any(String), basis: expect.arrayContaining(['CPL art. 286']) },
      ],
    });
    expect(records.find((r) => r.recordId === adult.recordId)).toMatchObject({
      sealed: false,
      notices: [],
    });
  });

  it('tells the person when a record is unsealed, from the effective date of the ground', async () => {
    const person = syntheticPerson('2004-06-15');
    const combinedCase = syntheticCaseNumber();
    const earlier = await submitRecord(
      stack,
      court,
      judgment({
        person,
        caseNumber: combinedCase,
        offenceDate: '2019-08-01',
        effectiveDate: '2020-01-10',
        months: 24,
      }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2021-08-01',
        effectiveDate: '2022-03-01',
        months: 72,
        combinedWith: [combinedCase],
      }),
      { sealed: false },
    );
    const { records } = await ownView(person);
    expect(records.find((r) => r.recordId === earlier.recordId)).toMatchObject({
      sealed: false,
      notices: [
        { kind: 'sealed', at: expect.any(String), basis: expect.any(Array) },
        { kind: 'unsealed', at: '2022-03-01', basis: expect.arrayContaining(['IM art. 18']) },
      ],
    });
  });

  it('shows a guardian the child’s records, and a stranger nothing of them', async () => {
    const child = syntheticPerson('2010-02-02');
    const record = await submitRecord(
      stack,
      await stack.token('procuratorate', { org: 'spp-0105' }),
      relatedRecord(child, 'non-prosecution', '2024-04-01'),
      { sealed: true },
    );
    const guardianToken = await stack.token('citizen', {
      person: syntheticPerson('1980-02-02'),
      actingFor: { person: child, relationship: 'guardian' },
    });
    const asGuardian = await ownView(child, guardianToken);
    expect(asGuardian.records).toEqual([
      expect.objectContaining({ recordId: record.recordId, sealed: true }),
    ]);
    const stranger = await ownView(syntheticPerson('2010-02-02'));
    expect(stranger.records).toEqual([]);
    const audit = JSON.stringify(await stack.auditEvents());
    expect(audit).toContain('own-records.read');
    expect(audit).not.toContain(child.nationalId);
  });

  it('is the citizen’s alone', async () => {
    for (const role of ['court', 'unit', 'supervisor'] as const) {
      const token = await stack.token(role, { org: `${role}-own` });
      expect((await stack.request('GET', '/v1/me/records', { token })).status).toBe(403);
    }
    expect((await stack.request('GET', '/v1/me/records')).status).toBe(401);
  });

  it('the certificate functions gained nothing: no own-view table, no person-view key', () => {
    for (const fn of [issueCertificateFunction, walletOffersFunction]) {
      expect(Object.keys(fn.tables)).not.toContain('PersonRecords');
      expect(Object.keys(fn.keys)).not.toContain('personViewKey');
    }
    // And the own view reads no record and holds neither record key.
    expect(Object.keys(ownRecordsFunction.tables).sort()).toEqual(['AuditEvents', 'PersonRecords']);
    expect(ownRecordsFunction.keys).toEqual({
      personViewKey: 'decrypt',
      blindIndexKey: 'generate-mac',
    });
  });
});
