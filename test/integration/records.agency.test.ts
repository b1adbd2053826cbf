/**
 * What an agency can and cannot do with POST /v1/records (API.md, Records; DESIGN.md
 * invariant 8): each record type only from the roles that decide it; a retrial replaces only
 * the same person's judgment, found off the request path; and answers that depend on the record's own facts
 * alone — a person with fifteen sealed records and a person with none get the same answer to
 * the same submission, for every record type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { LEGAL_PARAMETERS } from '#shared/domain/law/parameters.ts';
import { recordTypes } from '#shared/domain/record.ts';
import {
  judgment,
  type Person,
  relatedRecord,
  syntheticCaseNumber,
  syntheticPerson,
} from '../support/fixtures.ts';
import { storedRecord, submitRecord } from '../support/records.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
const tokens = {} as Record<(typeof agencyRoles)[number], string>;

beforeAll(async () => {
  stack = await startTestStack();
  for (const role of agencyRoles) tokens[role] = await stack.token(role, { org: `${role}-x` });
});
afterAll(async () => stack.close());

/** A valid body of each record type for `person`, the offence on `offenceDate`. */
function bodyOf(recordType: string, person: Person, offenceDate: string, caseNumber?: string) {
  const body =
    recordType === 'judgment'
      ? judgment({ person, offenceDate, months: 30 })
      : relatedRecord(person, recordType, offenceDate);
  return caseNumber ? { ...body, caseNumber } : body;
}

/** Who may submit each type (API.md). */
const allowed: Record<string, readonly string[]> = {
  judgment: ['court'],
  acquittal: ['court'],
  'non-prosecution': ['procuratorate'],
  'no-criminal-responsibility': ['police', 'procuratorate', 'court'],
  'compulsory-measure': ['police', 'procuratorate', 'court'],
  'social-investigation': agencyRoles,
  'assistance-education': agencyRoles,
  'psychological-counselling': agencyRoles,
  'judicial-assistance': agencyRoles,
};

describe('who submits what', () => {
  it('the contract and the versioned parameters agree', () => {
    expect(LEGAL_PARAMETERS.recordSubmitters).toEqual(allowed);
  });

  it.each(recordTypes.flatMap((type) => agencyRoles.map((role) => [type, role] as const)))(
    '%s from %s',
    async (recordType, role) => {
      const person = syntheticPerson('2005-02-02');
      const before = (await stack.scan('CriminalRecords')).length;
      const response = await stack.post(
        '/v1/records',
        tokens[role],
        bodyOf(recordType, person, '2021-04-01'),
      );
      if (allowed[recordType]?.includes(role)) {
        expect(response.status, response.text).toBe(201);
      } else {
        expect(response.status, response.text).toBe(403);
        expect(response.json.code).toBe('record-type-not-allowed');
        expect((await stack.scan('CriminalRecords')).length).toBe(before);
      }
    },
  );

  it('a justice bureau cannot unseal a court’s sealed record with a "judgment" of 61 months', async () => {
    const person = syntheticPerson('2004-06-15');
    const caseNumber = syntheticCaseNumber();
    const sealed = await submitRecord(
      stack,
      tokens.court,
      judgment({ person, caseNumber, offenceDate: '2019-08-01', months: 24 }),
      { sealed: true },
    );
    const forged = await stack.post(
      '/v1/records',
      tokens.justice,
      judgment({
        person,
        offenceDate: '2021-08-01',
        months: 61,
        combinedWith: [caseNumber],
        supersedesRecordId: sealed.recordId,
      }),
    );
    expect(forged.status).toBe(403);
    expect(forged.text).not.toContain(sealed.recordId);
    expect((await storedRecord(stack, sealed.recordId)).item.status).toBe('sealed');
  });
});

describe('retrials: by a court, for the same person', () => {
  /**
   * Whether a named record exists, and whose it is, is not the submitter's to learn: the answer
   * is the same for the person's own judgment, another person's and an unknown ID; the sealing
   * service then flags the retrial (for its owner, the submitter — record IDs are keyed MACs,
   * so the only IDs it can name are those it was given) and changes nothing else.
   */
  it('answers alike for the person’s judgment, another person’s and an unknown one', async () => {
    const person = syntheticPerson('2004-06-15');
    const other = syntheticPerson('2004-06-15');
    const own = await submitRecord(
      stack,
      tokens.court,
      judgment({ person, offenceDate: '2020-08-01', months: 24 }),
      { sealed: true },
    );
    const othersRecord = await submitRecord(
      stack,
      tokens.court,
      judgment({ person: other, offenceDate: '2020-08-01', months: 24 }),
      { sealed: true },
    );
    const answers = [];
    for (const supersedesRecordId of [own.recordId, othersRecord.recordId, crypto.randomUUID()]) {
      const response = await submitRecord(
        stack,
        tokens.court,
        judgment({ person, offenceDate: '2020-08-01', months: 36, supersedesRecordId }),
      );
      const { recordId: _id, ...answer } = response.json;
      answers.push({ answer, length: response.text.length, recordId: response.recordId });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a.answer))).size).toBe(1);
    expect(new Set(answers.map((a) => a.length)).size).toBe(1);

    const [valid, foreign, unknown] = answers;
    expect((await storedRecord(stack, own.recordId)).item.supersededBy).toBe(valid?.recordId);
    for (const flagged of [foreign, unknown]) {
      const { envelope } = await storedRecord(stack, String(flagged?.recordId));
      expect(envelope.effects?.reviewFlags).toEqual(['superseded-record-not-found']);
    }
    const untouched = (await storedRecord(stack, othersRecord.recordId)).item;
    expect(untouched).toMatchObject({ status: 'sealed' });
    expect(untouched.supersededBy).toBeUndefined();
  });

  it('a record that is not a judgment or acquittal is not replaced: the retrial is flagged', async () => {
    const person = syntheticPerson('2004-06-15');
    const related = await submitRecord(
      stack,
      tokens.procuratorate,
      relatedRecord(person, 'non-prosecution', '2020-08-01'),
      { sealed: true },
    );
    const retrial = await submitRecord(
      stack,
      tokens.court,
      judgment({
        person,
        offenceDate: '2020-08-01',
        months: 24,
        supersedesRecordId: related.recordId,
      }),
    );
    expect((await storedRecord(stack, related.recordId)).item.supersededBy).toBeUndefined();
    const { envelope } = await storedRecord(stack, retrial.recordId);
    expect(envelope.effects?.reviewFlags).toEqual(['superseded-record-not-found']);
  });
});

describe('answers come from the record’s own facts (DESIGN.md invariant 8)', () => {
  /** Fifteen sealed records, a suspended one among them, some in a case named `sharedCase`. */
  async function personWithSealedRecords(sharedCase: string): Promise<Person> {
    const person = syntheticPerson('2004-06-15');
    await submitRecord(
      stack,
      tokens.court,
      judgment({
        person,
        caseNumber: sharedCase,
        offenceDate: '2021-09-01',
        effectiveDate: '2022-01-10',
        months: 24,
        suspended: true,
        probationMonths: 48,
      }),
      { sealed: true },
    );
    for (let i = 0; i < 14; i++) {
      const type = recordTypes[(i % (recordTypes.length - 1)) + 1] ?? 'social-investigation';
      const role = allowed[type]?.[0] as (typeof agencyRoles)[number];
      await submitRecord(stack, tokens[role], bodyOf(type, person, `2019-0${(i % 9) + 1}-01`), {
        sealed: true,
      });
    }
    await stack.drainSealingQueue();
    return person;
  }

  it.each(recordTypes)(
    '%s: same answer for a person with sealed records and one with none',
    async (recordType) => {
      const sharedCase = syntheticCaseNumber();
      const withRecords = await personWithSealedRecords(sharedCase);
      const without = syntheticPerson('2004-06-15');
      const role = allowed[recordType]?.[0] as (typeof agencyRoles)[number];
      // An adult offence during the juvenile probation, naming the other person as co-defendant,
      // in the case of the sealed records: everything that could make the answer differ.
      const answers = [];
      for (const [person, other] of [
        [withRecords, without],
        [without, withRecords],
      ] as const) {
        const body = {
          ...bodyOf(recordType, person, '2023-03-01', sharedCase),
          coDefendants: [{ nationalId: other.nationalId }],
        };
        const response = await stack.post('/v1/records', tokens[role], body);
        expect(response.status, response.text).toBe(201);
        answers.push(response);
      }
      const [a, b] = answers;
      const { recordId: _a, ...answerA } = a?.json ?? {};
      const { recordId: _b, ...answerB } = b?.json ?? {};
      expect(answerA).toEqual(answerB);
      expect(a?.text.length).toBe(b?.text.length);
      expect([...(a?.headers.keys() ?? [])].sort()).toEqual([...(b?.headers.keys() ?? [])].sort());
      expect(answerA.containsSealedInformation).toBe(false);
      for (const forbidden of ['unsealed', 'adult-offence-during']) {
        expect(a?.text).not.toContain(forbidden);
      }
    },
  );
});
