/**
 * The error table (shared/http/problem.ts): every error the system raises on purpose has its
 * answer — by its class, or its nearest ancestor's — and no answer is a 500 but the ones that
 * mean "this should not happen"; texts follow the error's members and the legal parameters.
 */
import { describe, expect, it } from 'vitest';
import * as errors from '#shared/errors.ts';
import { HttpProblem, statusesOf, toProblem } from '#shared/http/problem.ts';

/** The failures no caller can cause or cure: a bare 500, by design. */
const internal = new Set(['SealedRecordsError', 'IntegrityError', 'ConcurrentChangeError']);

const samples: Record<string, () => Error> = {
  DependencyUnavailableError: () => new errors.DependencyUnavailableError('kms'),
  RecordConflictError: () => new errors.RecordConflictError('record-1'),
  RecordTypeNotAllowedError: () => new errors.RecordTypeNotAllowedError('police', 'judgment'),
  InquiryActionForbiddenError: () => new errors.InquiryActionForbiddenError('not-inquirer'),
  InquiryStateError: () => new errors.InquiryStateError('inquiry-refused'),
  OversightStateError: () => new errors.OversightStateError('out-of-order'),
  JustificationRequiredError: () => new errors.JustificationRequiredError(3),
  AuditEventConflictError: () => new errors.AuditEventConflictError('inquiry.decide'),
  DocumentNotPrintableError: () => new errors.DocumentNotPrintableError('not-your-document'),
};

const errorClasses = Object.entries(errors).filter(
  ([name, value]) => name.endsWith('Error') && typeof value === 'function',
) as [string, new (...args: unknown[]) => Error][];

describe('Function: toProblem', () => {
  it.each(errorClasses)('%s has its answer, with a status the table declares', (name, type) => {
    const error = samples[name]?.() ?? new type();
    const problem = toProblem(error);
    expect(problem).toBeInstanceOf(HttpProblem);
    if (internal.has(name)) {
      expect(problem.status).toBe(500);
      return;
    }
    expect(problem.status).not.toBe(500);
    expect(statusesOf(type)).toContain(problem.status);
  });

  it.each([
    ['not-your-document', 403],
    ['too-large-to-print', 422],
    ['document-not-valid', 422],
  ] as const)(
    'answers a document not printed for %s with %i, naming the document',
    (code, status) => {
      const problem = toProblem(new errors.DocumentNotPrintableError(code, ['expired']));
      expect([problem.status, problem.code]).toEqual([status, code]);
      expect(statusesOf(errors.DocumentNotPrintableError)).toContain(status);
      if (status === 422) expect(problem.extra.errors?.[0]?.path).toBe('document');
    },
  );

  it('answers a subclass as its nearest listed ancestor', () => {
    class SlowKms extends errors.DependencyUnavailableError {}
    const problem = toProblem(new SlowKms('kms', { retryAfterSeconds: 7 }));
    expect(problem.status).toBe(503);
    expect(problem.extra.headers?.['retry-after']).toBe('7');
  });

  it('says how many free applications a year there are, as the parameter says', () => {
    for (const free of [3, 5]) {
      const problem = toProblem(new errors.JustificationRequiredError(free));
      expect(problem.extra.errors).toEqual([
        {
          path: 'justification',
          message: `is required once ${free} applications have been made in a calendar year`,
        },
      ]);
    }
  });

  it('turns anything unknown into a bare 500 without its message', () => {
    const problem = toProblem(new TypeError('secret 990105200406150010'));
    expect(problem.status).toBe(500);
    expect(problem.detail).not.toContain('990105');
    expect(toProblem('not an error').status).toBe(500);
  });
});

describe('Function: toProblem, for request validation', () => {
  it('answers a zod error thrown by parse (zod 4 answers instanceof by its traits) as a 400', async () => {
    const { z } = await import('zod');
    let thrown: unknown;
    try {
      z.strictObject({ inquiryId: z.uuid() }).parse({ inquiryId: 'inquiry-1' });
    } catch (error) {
      thrown = error;
    }
    const problem = toProblem(thrown);
    expect(problem.status).toBe(400);
    expect(problem.extra.errors).toEqual([expect.objectContaining({ path: 'inquiryId' })]);
  });
});
