/**
 * Every Powertools idempotency error has one answer: another request's record — still
 * running, changed under this one, or gone — is 409 request-in-progress with Retry-After;
 * a reused key with another body is 409 idempotency-key-reused; only the store's own
 * failures are 503. None of them is a 500, none a 503 that a retry would not cure.
 */
import * as idempotency from '@aws-lambda-powertools/idempotency';
import { describe, expect, it } from 'vitest';
import { toProblem } from '#shared/http/problem.ts';

const expected: Record<string, { status: number; code: string }> = {
  IdempotencyAlreadyInProgressError: { status: 409, code: 'request-in-progress' },
  IdempotencyInconsistentStateError: { status: 409, code: 'request-in-progress' },
  IdempotencyItemAlreadyExistsError: { status: 409, code: 'request-in-progress' },
  IdempotencyItemNotFoundError: { status: 409, code: 'request-in-progress' },
  IdempotencyValidationError: { status: 409, code: 'idempotency-key-reused' },
  IdempotencyKeyError: { status: 400, code: 'invalid-request' },
  IdempotencyPersistenceLayerError: { status: 503, code: 'dependency-unavailable' },
  IdempotencyInvalidStatusError: { status: 503, code: 'dependency-unavailable' },
  IdempotencyUnknownError: { status: 503, code: 'dependency-unavailable' },
};

const errorClasses = Object.entries(idempotency).filter(
  ([name, value]) => name.endsWith('Error') && typeof value === 'function',
) as [string, new (message: string) => Error][];

describe('Function: toProblem, for Powertools idempotency errors', () => {
  it('knows every error class Powertools exports', () => {
    expect(errorClasses.map(([name]) => name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(errorClasses)('%s', (name, ErrorClass) => {
    const problem = toProblem(new ErrorClass('detail'));
    expect({ status: problem.status, code: problem.code }).toEqual(expected[name]);
    if (problem.status === 409 && problem.code === 'request-in-progress') {
      expect(problem.extra.headers?.['retry-after']).toMatch(/^\d+$/);
    }
    if (problem.status === 503) expect(problem.extra.headers?.['retry-after']).toMatch(/^\d+$/);
  });
});
