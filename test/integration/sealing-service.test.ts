/**
 * The sealing service over the running local stack: effects of one record on others —
 * unsealing by a combined sentence, supersession by a retrial, review flags
 * that depend on earlier records, notices — applied off the request path (and the joint-crime
 * mark, which is not one: it is decided at submission from the record's own facts), proven on the
 * stored records (decrypted with the local keys), in either order of arrival.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import {
  disclosableRecordIds,
  noticesFor,
  storedRecord,
  submitRecord,
} from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;
let otherCourt: string;

beforeAll(async () => {
  stack = await startTestStack();
  court = await stack.token('court', { org: 'court-a' });
  otherCourt = await stack.token('court', { org: 'court-b' });
});
afterAll(async () => stack.close());

async function certificateStatus(person: Person): Promise<number> {
  await stack.drainSealingQueue();
  const citizen = await stack.token('citizen', { person });
  const response = await stack.post('/v1/certificates', citizen, { purpose: 'employment' });
  expect([201, 409], response.text).toContain(response.status);
  return response.status;
}

describe('the joint-crime mark, from the record’s own facts (IM arts. 5–6)', () => {
  it('an adult naming a co-defendant under 18 is marked in the answer, whatever that person’s records', async () => {
    const adult = syntheticPerson('1990-01-01');
    const withSealed = syntheticPerson('2005-01-01');
    const withNone = syntheticPerson('2005-01-01');
    await submitRecord(
      stack,
      court,
      judgment({ person: withSealed, offenceDate: '2021-06-01', months: 24 }),
      { sealed: true },
    );
    for (const minor of [withSealed, withNone]) {
      const adultRecord = await submitRecord(
        stack,
        otherCourt,
        judgment({ person: adult, offenceDate: '2021-06-01', months: 36, coDefendants: [minor] }),
        { sealed: false },
      );
      expect(adultRecord.json.containsSealedInformation).toBe(true);
      expect(adultRecord.json.basis).toContain('IM art. 5');
      const { item, plaintext } = await storedRecord(stack, adultRecord.recordId);
      expect(item).toMatchObject({ containsSealedInformation: true, status: 'open' });
      // The adult's stored submission names the minor by blind index only.
      expect(plaintext).not.toContain(minor.nationalId);
    }
    // Nothing comes back later: no notice of any kind for the submitter.
    expect(await noticesFor(stack, 'court-b')).toEqual([]);
  });

  it('sharing a case number with a sealed record marks nothing: the mark reads what the record names', async () => {
    const minor = syntheticPerson('2005-01-01');
    const adult = syntheticPerson('1990-01-01');
    const caseNumber = syntheticCaseNumber();
    await submitRecord(
      stack,
      court,
      judgment({ person: minor, offenceDate: '2021-06-01', caseNumber, months: 24 }),
      { sealed: true },
    );
    const adultRecord = await submitRecord(
      stack,
      court,
      judgment({ person: adult, offenceDate: '2021-06-01', caseNumber, months: 36 }),
      { sealed: false },
    );
    expect(adultRecord.json.containsSealedInformation).toBe(false);
    expect((await storedRecord(stack, adultRecord.recordId)).item.containsSealedInformation).toBe(
      false,
    );
  });

  it('sealed at 17, crime at 18y5m combined to 72 (CL 71): the adult judgment is marked, the juvenile one stays sealed', async () => {
    const person = syntheticPerson('2004-06-15');
    const juvenileCase = syntheticCaseNumber();
    const juvenile = await submitRecord(
      stack,
      court,
      judgment({
        person,
        caseNumber: juvenileCase,
        offenceDate: '2021-09-01',
        effectiveDate: '2022-01-10',
        months: 36,
      }),
      { sealed: true },
    );
    const adult = await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2022-11-20',
        effectiveDate: '2023-06-01',
        months: 72,
        combinedWith: [{ caseNumber: juvenileCase, offenceDate: '2021-09-01' }],
      }),
      { sealed: false },
    );
    expect(adult.json).toMatchObject({ containsSealedInformation: true });
    expect(adult.json.basis).toEqual(expect.arrayContaining(['IM art. 6', 'CL art. 71']));
    expect((await storedRecord(stack, juvenile.recordId)).item.status).toBe('sealed');
  });

  it('a co-defendant who was an adult at the offence marks nothing', async () => {
    const adult = syntheticPerson('1990-01-01');
    const record = await submitRecord(
      stack,
      court,
      judgment({
        person: adult,
        offenceDate: '2023-07-01',
        coDefendants: [syntheticPerson('2004-06-15')],
      }),
      { sealed: false },
    );
    expect(record.json.containsSealedInformation).toBe(false);
  });
});

describe('unsealing by a combined sentence (IM art. 18 grounds 1–2; CL arts. 69–71)', () => {
  for (const order of ['earlier record first', 'combined judgment first'] as const) {
    it(`unseals only the combined record, whichever arrives first (${order})`, async () => {
      const person = syntheticPerson('2004-06-15');
      const combinedCase = syntheticCaseNumber();
      const earlier = () =>
        submitRecord(
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
      const notCombined = await submitRecord(
        stack,
        court,
        judgment({ person, offenceDate: '2020-03-01', effectiveDate: '2020-09-01', months: 12 }),
        { sealed: true },
      );
      const combining = () =>
        submitRecord(
          stack,
          otherCourt,
          judgment({
            person,
            offenceDate: '2021-08-01',
            effectiveDate: '2022-03-01',
            months: 72,
            combinedWith: [combinedCase],
          }),
          { sealed: false },
        );
      let sealed: Awaited<ReturnType<typeof earlier>>;
      if (order === 'earlier record first') {
        sealed = await earlier();
        await combining();
      } else {
        await combining();
        sealed = await earlier();
        // The late record's own answer still says what its own facts decide.
        expect(sealed.json.sealed).toBe(true);
      }
      const { item, envelope } = await storedRecord(stack, sealed.recordId);
      expect(item).toMatchObject({
        status: 'open',
        keyClass: 'records',
        unsealedFrom: '2022-03-01',
      });
      expect(envelope.effects?.unsealing).toMatchObject({
        from: '2022-03-01',
        basis: expect.arrayContaining(['IM art. 18', 'IM art. 19', 'CL art. 69']),
      });
      expect(await disclosableRecordIds(stack)).toContain(sealed.recordId);
      expect((await storedRecord(stack, notCombined.recordId)).item.status).toBe('sealed');
      expect(await noticesFor(stack, 'court-a')).toContainEqual(
        expect.objectContaining({ kind: 'unsealed', recordId: sealed.recordId }),
      );
    });
  }

  it('a sentence over 60 months that names no combined case unseals nothing', async () => {
    const person = syntheticPerson('2004-06-15');
    const sealed = await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2019-08-01', effectiveDate: '2020-01-10', months: 24 }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2021-08-01', effectiveDate: '2022-03-01', months: 72 }),
      { sealed: false },
    );
    expect((await storedRecord(stack, sealed.recordId)).item.status).toBe('sealed');
  });

  it('an adult’s later crime, combined or not, leaves the juvenile record sealed', async () => {
    const person = syntheticPerson('2004-06-15');
    const caseNumber = syntheticCaseNumber();
    const sealed = await submitRecord(
      stack,
      court,
      judgment({ person, caseNumber, offenceDate: '2021-08-01', effectiveDate: '2022-01-10' }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2025-08-01',
        effectiveDate: '2026-01-10',
        months: 96,
        combinedWith: [caseNumber],
      }),
      { sealed: false },
    );
    expect((await storedRecord(stack, sealed.recordId)).item).toMatchObject({
      status: 'sealed',
      keyClass: 'sealed-archive',
    });
  });
});

describe('retrials: the replaced judgment stops counting, for every agency’s copy', () => {
  it('over 60 months: the replaced record is superseded and unsealed (ground 3)', async () => {
    const person = syntheticPerson('2004-06-15');
    const first = await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2020-08-01', effectiveDate: '2021-01-10', months: 48 }),
      { sealed: true },
    );
    await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2020-08-01',
        effectiveDate: '2022-02-01',
        months: 72,
        supersedesRecordId: first.recordId,
      }),
      { sealed: false },
    );
    const { item, envelope } = await storedRecord(stack, first.recordId);
    expect(item).toMatchObject({ status: 'open', unsealedFrom: '2022-02-01' });
    expect(item.supersededBy).toBeDefined();
    expect(envelope.effects?.supersededBy).toBe(item.supersededBy);
    expect(await disclosableRecordIds(stack)).not.toContain(first.recordId);
    expect(await certificateStatus(person)).toBe(409);
  });

  it('exactly 60 months: superseded, stays sealed, and the retrial is flagged', async () => {
    const person = syntheticPerson('2004-06-15');
    const first = await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2020-08-01', effectiveDate: '2021-01-10', months: 48 }),
      { sealed: true },
    );
    const retrial = await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2020-08-01',
        effectiveDate: '2022-02-01',
        months: 60,
        supersedesRecordId: first.recordId,
      }),
      { sealed: true },
    );
    expect(retrial.json.reviewFlags).toContain('exactly-60-months-on-retrial');
    expect((await storedRecord(stack, first.recordId)).item).toMatchObject({ status: 'sealed' });
    expect(await certificateStatus(person)).toBe(201);
  });

  it('an acquittal on retrial lifts an adult’s conviction, in every court’s copy of it', async () => {
    const person = syntheticPerson('1990-01-01');
    const caseNumber = syntheticCaseNumber();
    const body = judgment({ person, caseNumber, offenceDate: '2022-08-01', months: 30 });
    const copyA = await submitRecord(stack, court, body, { sealed: false });
    const copyB = await submitRecord(stack, otherCourt, body, { sealed: false });
    expect(copyA.recordId).not.toBe(copyB.recordId);
    expect(await certificateStatus(person)).toBe(409);
    await submitRecord(
      stack,
      court,
      {
        ...relatedRecord(person, 'acquittal', '2022-08-01'),
        effectiveDate: '2024-05-01',
        supersedesRecordId: copyA.recordId,
      },
      { sealed: false },
    );
    for (const copy of [copyA, copyB]) {
      expect((await storedRecord(stack, copy.recordId)).item.supersededBy).toBeDefined();
    }
    expect(await disclosableRecordIds(stack)).not.toContain(copyB.recordId);
    expect(await certificateStatus(person)).toBe(201);
    expect(await noticesFor(stack, 'court-b')).toContainEqual(
      expect.objectContaining({ kind: 'superseded', recordId: copyB.recordId }),
    );
  });

  it('a reduced sentence on retrial replaces the disclosable judgment', async () => {
    const person = syntheticPerson('2004-06-15');
    const first = await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2021-08-01', effectiveDate: '2022-02-01', months: 84 }),
      { sealed: false },
    );
    expect(await certificateStatus(person)).toBe(409);
    await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2021-08-01',
        effectiveDate: '2023-02-01',
        months: 48,
        supersedesRecordId: first.recordId,
      }),
      { sealed: true },
    );
    expect(await certificateStatus(person)).toBe(201);
  });
});

describe('flags that depend on earlier records never reach the answer', () => {
  it('an adult offence during a sealed juvenile probation is flagged on the juvenile record', async () => {
    const person = syntheticPerson('2004-06-15');
    const juvenile = await submitRecord(
      stack,
      court,
      judgment({
        person,
        offenceDate: '2021-09-01',
        effectiveDate: '2022-01-10',
        months: 24,
        suspended: true,
        probationMonths: 48,
      }),
      { sealed: true },
    );
    const adult = await submitRecord(
      stack,
      court,
      judgment({ person, offenceDate: '2023-03-01', effectiveDate: '2023-09-01', months: 36 }),
      { sealed: false },
    );
    expect(adult.json.reviewFlags).toEqual([]);
    // On the sealed juvenile record, for its owner; the adult record's submitter sees nothing.
    expect((await storedRecord(stack, adult.recordId)).envelope.effects?.reviewFlags ?? []).toEqual(
      [],
    );
    const { envelope } = await storedRecord(stack, juvenile.recordId);
    expect(envelope.effects?.reviewFlags).toEqual(['adult-offence-during-juvenile-probation']);
  });
});

describe('sealing notices (IM arts. 11–13)', () => {
  it('go to each agency named in notify, due three days after sealing, once', async () => {
    const person = syntheticPerson('2005-03-03');
    const notify = [
      { role: 'procuratorate', org: 'procuratorate-n1' },
      { role: 'police', org: 'police-n1' },
    ];
    const body = judgment({ person, offenceDate: '2021-05-01', months: 12, notify });
    const sealed = await submitRecord(stack, court, body, { sealed: true });
    await submitRecord(stack, court, body, { sealed: true }); // a retry: no second notice
    for (const { org } of notify) {
      const notices = await noticesFor(stack, org);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ kind: 'sealed', recordId: sealed.recordId });
      // The end of a day in China at least three days on (CPL art. 105 may add holidays).
      const acknowledgeBy = String(notices[0]?.acknowledgeBy);
      expect(acknowledgeBy).toMatch(/T15:59:59\.999Z$/);
      const due = Date.parse(acknowledgeBy) - Date.parse(String(notices[0]?.at));
      expect(due).toBeGreaterThanOrEqual(3 * 86_400_000);
    }
  });

  it('are not sent for a record that is not sealed', async () => {
    const notify = [{ role: 'police', org: 'police-n2' }];
    await submitRecord(
      stack,
      court,
      judgment({ person: syntheticPerson('1990-01-01'), offenceDate: '2023-05-01', notify }),
      { sealed: false },
    );
    expect(await noticesFor(stack, 'police-n2')).toEqual([]);
  });
});

describe('the sealing service completes its work', () => {
  it('leaves no record with effects pending once the queue is drained', async () => {
    await stack.drainSealingQueue();
    const pending = (await stack.scan('CriminalRecords')).filter((i) => i.effectsPending);
    expect(pending).toEqual([]);
  });
});
