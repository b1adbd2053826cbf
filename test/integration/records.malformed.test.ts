/**
 * Bad input gets a clear answer and changes nothing: every malformed request below is
 * answered 400, 413 or 415 with an RFC 9457 problem naming the field, and afterwards no
 * table holds a single item.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgment, syntheticNationalId, syntheticPerson } from '../support/fixtures.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
let court: string;
const person = syntheticPerson('2004-06-15');
const valid = () =>
  judgment({ person, offenceDate: '2021-03-01', effectiveDate: '2021-09-01', months: 24 });

type Case = {
  name: string;
  status: 400 | 413 | 415;
  field?: string;
  // biome-ignore lint/suspicious/noExplicitAny: each case reshapes the JSON body freely
  body?: (b: Record<string, any>) => unknown;
  raw?: string;
  contentType?: string;
};

const badChecksum = (() => {
  const id = person.nationalId;
  const last = id.at(-1) === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
})();

const cases: Case[] = [
  { name: 'body is not JSON', status: 400, field: '', raw: '{"caseNumber": ' },
  { name: 'body is a JSON array', status: 400, field: '', body: () => [] },
  { name: 'body is text/plain', status: 415, contentType: 'text/plain', raw: 'hello' },
  { name: 'no content type', status: 415, contentType: '', raw: '{}' },
  {
    name: 'form-encoded body',
    status: 415,
    contentType: 'application/x-www-form-urlencoded',
    raw: 'a=b',
  },
  { name: 'body over 64 KiB', status: 413, body: (b) => ({ ...b, padding: 'x'.repeat(70_000) }) },
  {
    name: 'details over 32 KiB',
    status: 413,
    field: 'details',
    body: (b) => ({ ...b, details: { notes: 'x'.repeat(33_000) } }),
  },
  {
    name: 'missing caseNumber',
    status: 400,
    field: 'caseNumber',
    body: ({ caseNumber, ...b }) => b,
  },
  {
    name: 'empty caseNumber',
    status: 400,
    field: 'caseNumber',
    body: (b) => ({ ...b, caseNumber: '  ' }),
  },
  {
    name: 'unknown recordType',
    status: 400,
    field: 'recordType',
    body: (b) => ({ ...b, recordType: 'rumour' }),
  },
  { name: 'missing subject', status: 400, field: 'subject', body: ({ subject, ...b }) => b },
  {
    name: 'national ID with a bad check digit',
    status: 400,
    field: 'subject.nationalId',
    body: (b) => ({ ...b, subject: { ...b.subject, nationalId: badChecksum } }),
  },
  {
    name: 'national ID too short',
    status: 400,
    field: 'subject.nationalId',
    body: (b) => ({ ...b, subject: { ...b.subject, nationalId: '12345' } }),
  },
  {
    name: 'national ID as a number',
    status: 400,
    field: 'subject.nationalId',
    body: (b) => ({ ...b, subject: { ...b.subject, nationalId: 990105200406150 } }),
  },
  {
    name: 'empty name',
    status: 400,
    field: 'subject.name',
    body: (b) => ({ ...b, subject: { ...b.subject, name: '' } }),
  },
  {
    name: 'date of birth 30 February',
    status: 400,
    field: 'subject.dateOfBirth',
    body: (b) => ({ ...b, subject: { ...b.subject, dateOfBirth: '2004-02-30' } }),
  },
  {
    name: 'date of birth in another format',
    status: 400,
    field: 'subject.dateOfBirth',
    body: (b) => ({ ...b, subject: { ...b.subject, dateOfBirth: '15/06/2004' } }),
  },
  {
    name: 'offence date 29 February of a common year',
    status: 400,
    field: 'offenceDate',
    body: (b) => ({ ...b, offenceDate: '2021-02-29' }),
  },
  {
    name: 'offence before birth',
    status: 400,
    field: 'offenceDate',
    body: (b) => ({ ...b, offenceDate: '2003-01-01' }),
  },
  {
    name: 'offence on the day of birth',
    status: 400,
    field: 'offenceDate',
    body: (b) => ({ ...b, offenceDate: '2004-06-15' }),
  },
  {
    name: 'effective date before the offence',
    status: 400,
    field: 'offenceDate',
    body: (b) => ({ ...b, effectiveDate: '2021-01-01' }),
  },
  {
    name: 'effective date in the future',
    status: 400,
    field: 'effectiveDate',
    body: (b) => ({ ...b, effectiveDate: '2999-01-01' }),
  },
  {
    name: 'last offence before the first',
    status: 400,
    field: 'lastOffenceDate',
    body: (b) => ({ ...b, lastOffenceDate: '2020-01-01' }),
  },
  {
    name: 'straddling offences without mainConductAsMinor',
    status: 400,
    field: 'mainConductAsMinor',
    body: (b) => ({
      ...b,
      offenceDate: '2022-05-01',
      lastOffenceDate: '2022-08-01',
      effectiveDate: '2023-01-01',
    }),
  },
  {
    name: 'judgment without a sentence',
    status: 400,
    field: 'sentence',
    body: ({ sentence, ...b }) => b,
  },
  {
    name: 'non-prosecution with a sentence',
    status: 400,
    field: 'sentence',
    body: (b) => ({ ...b, recordType: 'non-prosecution' }),
  },
  {
    name: 'unknown penalty',
    status: 400,
    field: 'sentence.penalty',
    body: (b) => ({ ...b, sentence: { penalty: 'exile' } }),
  },
  {
    name: 'fixed term without months',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'fixed-term-imprisonment' } }),
  },
  {
    name: 'fixed term of 5 months',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'fixed-term-imprisonment', months: 5 } }),
  },
  {
    name: 'fixed term of 301 months',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'fixed-term-imprisonment', months: 301 } }),
  },
  {
    name: 'criminal detention of 13 months (CL art. 69: at most 12 combined)',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'criminal-detention', months: 13 } }),
  },
  {
    name: 'public surveillance of 2 months',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'public-surveillance', months: 2 } }),
  },
  {
    name: 'public surveillance of 37 months (CL art. 69: at most 36 combined)',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'public-surveillance', months: 37 } }),
  },
  {
    name: 'fractional months',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'fixed-term-imprisonment', months: 24.5 } }),
  },
  {
    name: 'months on a life sentence',
    status: 400,
    field: 'sentence.months',
    body: (b) => ({ ...b, sentence: { penalty: 'life-imprisonment', months: 24 } }),
  },
  {
    name: 'suspended life imprisonment',
    status: 400,
    field: 'sentence.suspended',
    body: (b) => ({ ...b, sentence: { penalty: 'life-imprisonment', suspended: true } }),
  },
  {
    name: 'judgment without offences',
    status: 400,
    field: 'offences',
    body: (b) => ({ ...b, offences: [] }),
  },
  {
    name: 'offence without intentional',
    status: 400,
    field: 'offences.0.intentional',
    body: (b) => ({ ...b, offences: [{ name: '测试罪名', article: '264' }] }),
  },
  {
    name: 'co-defendant with a bad ID',
    status: 400,
    field: 'coDefendants.0.nationalId',
    body: (b) => ({ ...b, coDefendants: [{ nationalId: badChecksum }] }),
  },
  {
    name: 'co-defendant is the subject',
    status: 400,
    field: 'coDefendants.0.nationalId',
    body: (b) => ({ ...b, coDefendants: [{ nationalId: person.nationalId }] }),
  },
  {
    name: 'co-defendant listed twice',
    status: 400,
    field: 'coDefendants.1.nationalId',
    body: (b) => {
      const id = syntheticNationalId('1990-01-01');
      return { ...b, coDefendants: [{ nationalId: id }, { nationalId: id }] };
    },
  },
  {
    name: 'unknown top-level field',
    status: 400,
    field: '',
    body: (b) => ({ ...b, verdict: 'guilty' }),
  },
  {
    name: 'details is an array',
    status: 400,
    field: 'details',
    body: (b) => ({ ...b, details: ['a'] }),
  },
  {
    name: 'supersedesRecordId not a UUID',
    status: 400,
    field: 'supersedesRecordId',
    body: (b) => ({ ...b, supersedesRecordId: 'case-1' }),
  },
  {
    name: 'imprisonment probation shorter than the term (CL art. 73)',
    status: 400,
    field: 'sentence.probationMonths',
    body: (b) => ({
      ...b,
      sentence: {
        penalty: 'fixed-term-imprisonment',
        months: 24,
        suspended: true,
        probationMonths: 18,
      },
    }),
  },
  {
    name: 'detention probation under two months (CL art. 73)',
    status: 400,
    field: 'sentence.probationMonths',
    body: (b) => ({
      ...b,
      sentence: { penalty: 'criminal-detention', months: 1, suspended: true, probationMonths: 1 },
    }),
  },
  {
    name: 'detention probation over a year (CL art. 73)',
    status: 400,
    field: 'sentence.probationMonths',
    body: (b) => ({
      ...b,
      sentence: { penalty: 'criminal-detention', months: 4, suspended: true, probationMonths: 13 },
    }),
  },
  {
    name: 'combinedWith on a record that is not a judgment',
    status: 400,
    field: 'combinedWith',
    body: ({ sentence: _s, ...b }) => ({
      ...b,
      recordType: 'acquittal',
      combinedWith: [{ caseNumber: '(2099)测0000刑初1号' }],
    }),
  },
  {
    name: 'combinedWith naming the record’s own case',
    status: 400,
    field: 'combinedWith.0.caseNumber',
    body: (b) => ({ ...b, combinedWith: [{ caseNumber: b.caseNumber }] }),
  },
  {
    name: 'supersedesRecordId on a related record',
    status: 400,
    field: 'supersedesRecordId',
    body: ({ sentence: _s, ...b }) => ({
      ...b,
      recordType: 'social-investigation',
      supersedesRecordId: '00000000-0000-4000-8000-000000000000',
    }),
  },
  {
    name: 'notify naming a role that is not an agency',
    status: 400,
    field: 'notify.0.role',
    body: (b) => ({ ...b, notify: [{ role: 'unit', org: 'school-1' }] }),
  },
];

beforeAll(async () => {
  stack = await startTestStack({ inMemory: true });
  court = await stack.token('court');
});
afterAll(async () => stack.close());

describe('malformed POST /v1/records', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('$name → $status', async (c) => {
    const headers: Record<string, string> = { authorization: `Bearer ${court}` };
    const contentType = c.contentType ?? 'application/json';
    if (contentType) headers['content-type'] = contentType;
    const rawBody = c.raw ?? JSON.stringify(c.body ? c.body(valid()) : valid());
    const response = await stack.request('POST', '/v1/records', { rawBody, headers });

    expect(response.status, response.text).toBe(c.status);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(response.json).toMatchObject({
      status: c.status,
      type: expect.any(String),
      title: expect.any(String),
    });
    if (c.field !== undefined) {
      const paths = (response.json.errors as { path: string }[]).map((e) => e.path);
      expect(paths).toContain(c.field);
    }
    // Never the values: no ID number, no name, no stack trace.
    expect(response.text).not.toContain(person.nationalId);
    expect(response.text).not.toContain(person.name);
    expect(response.text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('stored nothing in any table', async () => {
    for (const table of [
      'CriminalRecords',
      'DisclosableConvictions',
      'RecordLinks',
      'Notices',
      'AuditEvents',
      'IdempotencyRecords',
    ]) {
      expect(await stack.scan(table), table).toEqual([]);
    }
  });

  it('accepts the valid body the cases were derived from (the cases fail for their reason)', async () => {
    const response = await stack.post('/v1/records', court, valid());
    expect(response.status, response.text).toBe(201);
  });
});
