/**
 * Inquiries fail closed (DESIGN.md invariant 3): a KMS or DynamoDB failure at any step of an
 * application, a letter or a judicial file is a 503 with Retry-After; no application half
 * made, no result disclosed, no audit event claiming a disclosure that did not happen. The
 * production compositions run their KMS branch over mocked KMS and faulty DynamoDB clients.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbClient } from '#shared/adapters/dynamodb/client.ts';
import { composeDecideInquiry } from '#shared/composition/decideInquiry.ts';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { composeInquiries } from '#shared/composition/inquiries.ts';
import { composeIssueLetter } from '#shared/composition/issueLetter.ts';
import { composeJudicialDisclosure } from '#shared/composition/judicialDisclosure.ts';
import type { Official } from '#shared/domain/inquiry/inquiry.ts';
import { toProblem } from '#shared/http/problem.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';
import { Inquiries } from '#shared/usecases/inquiries.ts';
import { DecideInquiry } from '#shared/usecases/inquiryDecisions.ts';
import { DiscloseFullFile, IssueInquiryLetter } from '#shared/usecases/inquiryResults.ts';
import { type FaultStack, startFaultStack } from '../support/faultStack.ts';
import { judgment, type Person, syntheticPerson } from '../support/fixtures.ts';

let stack: FaultStack;
let inquiries: Inquiries;
let decisions: DecideInquiry;
let letters: IssueInquiryLetter;
let files: DiscloseFullFile;
let ingest: IngestRecord;

const school: Official = { subject: 'hr-1', role: 'unit', org: 'school-1' };
const court: Official = { subject: 'judge-1', role: 'court', org: 'court-1' };
const police: Official = { subject: 'officer-1', role: 'police', org: 'psb-1' };

async function items(table: string) {
  const observer = createDynamoDbClient({
    region: 'cn-north-1',
    endpoint: process.env.DYNAMODB_ENDPOINT,
  });
  try {
    const { Items = [] } = await observer.send(new ScanCommand({ TableName: table }));
    return Items.map((item) => unmarshall(item));
  } finally {
    observer.destroy();
  }
}
const auditActions = async () =>
  (await items('AuditEvents')).map((i) => JSON.parse(String(i.record)).action);

/** The answer a handler would give: the error's problem status. */
async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    return toProblem(error).status;
  }
}

function application(person: Person, overrides: Record<string, unknown> = {}) {
  return {
    subject: { nationalId: person.nationalId, name: person.name },
    agency: { role: 'police' as const, org: 'psb-1' },
    legalBasis: 'teachers-law-14',
    reason: 'Recruitment.',
    purpose: 'Teacher recruitment',
    ...overrides,
  };
}

async function approved(person: Person, inquirer = school, overrides = {}) {
  const view = await inquiries.apply(application(person, overrides), inquirer);
  await decisions.execute(view.inquiryId, { decision: 'approve' }, police);
  await inquiries.acknowledge(view.inquiryId, inquirer);
  return view.inquiryId;
}

beforeAll(async () => {
  stack = await startFaultStack();
  inquiries = new Inquiries((await composeInquiries(stack.config, stack.overrides)).dependencies);
  decisions = new DecideInquiry(
    (await composeDecideInquiry(stack.config, stack.overrides)).dependencies,
  );
  letters = new IssueInquiryLetter(await composeIssueLetter(stack.config, stack.overrides));
  files = new DiscloseFullFile(await composeJudicialDisclosure(stack.config, stack.overrides));
  ingest = new IngestRecord(
    (await composeIngestRecord(stack.config, stack.overrides)).dependencies,
  );
});
afterEach(() => stack.heal());
afterAll(async () => stack.close());

describe('an application under failure', () => {
  it('succeeds through KMS when nothing fails', async () => {
    const view = await inquiries.apply(application(syntheticPerson()), school);
    expect(view.status).toBe('pending');
    expect(stack.kms.calls).toEqual(expect.arrayContaining(['GenerateMac', 'GenerateDataKey']));
  });

  it.each([
    ['KMS GenerateMac fails', () => stack.kms.fail('GenerateMac')],
    ['KMS GenerateDataKey fails', () => stack.kms.fail('GenerateDataKey')],
    ['the inquiries table throttles', () => stack.faults.throttle('Inquiries', 'Put')],
    ['the audit log throttles', () => stack.faults.throttle('AuditEvents', 'Put')],
  ])('%s → 503, no application left behind', async (_name, inject) => {
    const before = (await items('Inquiries')).length;
    inject();
    expect(await statusOf(inquiries.apply(application(syntheticPerson()), school))).toBe(503);
    stack.heal();
    expect((await items('Inquiries')).length).toBe(before);
  });
});

describe('a letter under failure', () => {
  it.each([
    ['KMS Sign fails', () => stack.kms.fail('Sign')],
    ['KMS Decrypt fails', () => stack.kms.fail('Decrypt')],
    [
      'the disclosable set throttles',
      () => stack.faults.throttle('DisclosableConvictions', 'Query'),
    ],
    ['the audit log throttles', () => stack.faults.throttle('AuditEvents', 'Put')],
    ['the stored letters throttle', () => stack.faults.throttle('InquiryLetters', 'Get')],
  ])('%s → 503, no letter, no event claiming one', async (_name, inject) => {
    const inquiryId = await approved(syntheticPerson());
    const before = (await auditActions()).filter((a) => a === 'inquiry.letter').length;
    inject();
    const request = { inquiryId, requester: { subject: 'hr-1', role: 'unit', org: 'school-1' } };
    expect(await statusOf(letters.execute(request))).toBe(503);
    stack.heal();
    expect((await auditActions()).filter((a) => a === 'inquiry.letter').length).toBe(before);
    // …and once the dependency is back, the same request succeeds.
    expect((await letters.execute(request)).letter).toMatch(/^ey/);
  });
});

describe('a letter asked for by another unit, while the stored letters fail', () => {
  it('is refused as such: the stored letter is read only for its inquirer', async () => {
    const inquiryId = await approved(syntheticPerson());
    const owner = { inquiryId, requester: { subject: 'hr-1', role: 'unit', org: 'school-1' } };
    expect((await letters.execute(owner)).letter).toMatch(/^ey/);
    stack.faults.throttle('InquiryLetters', 'Get');
    const other = { inquiryId, requester: { subject: 'hr-2', role: 'unit', org: 'school-2' } };
    expect(await statusOf(letters.execute(other))).toBe(403);
    expect(await statusOf(letters.execute(owner))).toBe(503);
    stack.heal();
  });
});

describe('a judicial full file under failure', () => {
  it.each([
    ['KMS Decrypt fails', () => stack.kms.fail('Decrypt')],
    ['the record links throttle', () => stack.faults.throttle('RecordLinks', 'Query')],
    ['the audit log throttles', () => stack.faults.throttle('AuditEvents', 'Put')],
  ])('%s → 503, nothing disclosed', async (_name, inject) => {
    const person = syntheticPerson('2004-06-15');
    const stored = await ingest.execute(
      recordSubmissionSchema.parse(judgment({ person, offenceDate: '2021-06-01', months: 24 })),
      { subject: 'judge-2', role: 'court', organisation: 'court-2' },
    );
    expect(stored.sealed).toBe(true);
    const inquiryId = await approved(person, court, {
      legalBasis: 'cpl-286-case-handling',
      caseNumber: '(2099)测刑查9号',
    });
    const before = (await auditActions()).filter((a) => a === 'inquiry.full-file').length;
    inject();
    const request = { inquiryId, requester: { subject: 'judge-1', role: 'court', org: 'court-1' } };
    expect(await statusOf(files.execute(request))).toBe(503);
    stack.heal();
    expect((await auditActions()).filter((a) => a === 'inquiry.full-file').length).toBe(before);
  });
});
