/**
 * Bulk import lines checked as `POST /v1/records` bodies: what is rejected, with which code
 * and field paths — and that a rejection never repeats anything the line holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DependencyUnavailableError,
  RecordConflictError,
  RecordTypeNotAllowedError,
  SupersessionNotApplicableError,
} from '#shared/errors.ts';
import {
  MAX_ERRORS_PER_REJECT,
  MAX_RECORD_LINE_BYTES,
  parseRecordLine,
  rejectionOf,
} from '#shared/http/recordLines.ts';
import { judgment, syntheticPerson } from '../support/fixtures.ts';

const line = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('Function: parseRecordLine', () => {
  it('accepts a valid body as the submission the endpoint would take', () => {
    const parsed = parseRecordLine(
      line(judgment({ person: syntheticPerson(), offenceDate: '2021-03-01' })),
    );
    expect(parsed).toHaveProperty('submission.recordType', 'judgment');
  });

  it('lists at most ten field errors, then how many more (a batch answer has a size limit)', () => {
    const body = {
      ...judgment({ person: syntheticPerson(), offenceDate: '2021-03-01' }),
      coDefendants: Array.from({ length: 30 }, () => ({ nationalId: 'not-an-id' })),
    };
    const parsed = parseRecordLine(line(body));
    if (!('rejection' in parsed)) throw new Error('expected a rejection');
    expect(parsed.rejection.errors).toHaveLength(MAX_ERRORS_PER_REJECT + 1);
    expect(parsed.rejection.errors.slice(0, 10).map((e) => e.path)).toEqual(
      Array.from({ length: 10 }, (_, i) => `coDefendants.${i}.nationalId`),
    );
    const last = parsed.rejection.errors.at(-1);
    expect(last?.path).toBe('');
    // Thirty bad IDs, each failing one rule or more: at least twenty errors left out.
    expect(Number(/^and (\d+) more errors$/.exec(last?.message ?? '')?.[1])).toBeGreaterThanOrEqual(
      20,
    );
  });

  it.each([
    ['not JSON', Buffer.from('{"caseNumber":'), 'invalid-request', ['']],
    ['not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), 'invalid-request', ['']],
    ['not an object', Buffer.from('[1,2]'), 'invalid-request', ['']],
    [
      'longer than the body limit',
      Buffer.alloc(MAX_RECORD_LINE_BYTES + 1, 0x20),
      'content-too-large',
      [''],
    ],
  ])('rejects a line that is %s', (_label, bytes, code, paths) => {
    const parsed = parseRecordLine(bytes);
    expect(parsed).toMatchObject({ rejection: { code } });
    if ('rejection' in parsed) expect(parsed.rejection.errors.map((e) => e.path)).toEqual(paths);
  });

  it('never repeats a value of the line in its rejection', () => {
    const token = fc.stringMatching(/^[A-Za-z0-9]{8,20}$/);
    const field = fc.constantFrom(
      'caseNumber',
      'subject.nationalId',
      'subject.name',
      'subject.dateOfBirth',
      'offenceDate',
      'effectiveDate',
      'recordType',
      'sentence.penalty',
      'notify',
    );
    fc.assert(
      fc.property(field, token, token, (path, value, extra) => {
        const body = judgment({ person: syntheticPerson(), offenceDate: '2021-03-01' }) as Record<
          string,
          unknown
        >;
        const [head, tail] = path.split('.') as [string, string | undefined];
        if (tail) body[head] = { ...(body[head] as object), [tail]: value };
        else body[head] = path === 'notify' ? [{ role: value, org: extra }] : value;
        body[extra] = value; // an unknown field, too
        const parsed = parseRecordLine(line(body));
        expect(parsed).toHaveProperty('rejection');
        const text = JSON.stringify(parsed);
        expect(text).not.toContain(value);
        expect(text).not.toContain(extra);
      }),
    );
  });
});

describe('Function: rejectionOf', () => {
  it('rejects what the endpoint answers with a 4xx, naming the rule, not the record', () => {
    expect(rejectionOf(new RecordConflictError('a-record-id'))).toEqual({
      code: 'record-conflict',
      errors: [{ path: '', message: expect.stringContaining('different content') }],
    });
    expect(JSON.stringify(rejectionOf(new RecordConflictError('a-record-id')))).not.toContain(
      'a-record-id',
    );
    expect(rejectionOf(new RecordTypeNotAllowedError('police', 'judgment'))).toEqual({
      code: 'record-type-not-allowed',
      errors: [{ path: 'recordType', message: "is not decided by the role 'police'" }],
    });
    expect(rejectionOf(new SupersessionNotApplicableError('x'))).toMatchObject({
      code: 'supersession-not-applicable',
      errors: [{ path: 'supersedesRecordId' }],
    });
  });

  it('leaves a 5xx to be retried', () => {
    expect(rejectionOf(new DependencyUnavailableError('kms'))).toBeUndefined();
    expect(rejectionOf(new Error('unexpected'))).toBeUndefined();
  });
});
