/**
 * The shape of a function another function invokes for an inquiry's result (the letter, the
 * judicial full file): the request is validated like any input, errors become the same
 * RFC 9457 problems the API answers with, and the caller passes the answer on unchanged.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { logger, traceHandler } from '../observability.ts';
import type { ResultRequest, ResultResponse } from '../ports/inquiries.ts';
import { problemResponse, toProblem } from './problem.ts';

const resultRequestSchema = z.strictObject({
  inquiryId: z.uuid(),
  requester: z.strictObject({
    subject: z.string().min(1).max(256),
    role: z.string().min(1).max(32),
    org: z.string().max(256),
  }),
});

export function resultFunction(produce: (request: ResultRequest) => Promise<unknown>) {
  return middy<unknown, ResultResponse>()
    .use(traceHandler())
    .use(injectLambdaContext(logger))
    .handler(async function produceResult(event): Promise<ResultResponse> {
      try {
        const body = await produce(resultRequestSchema.parse(event));
        return { statusCode: 200, contentType: 'application/json', body: JSON.stringify(body) };
      } catch (error) {
        const problem = toProblem(error);
        logger[problem.status >= 500 ? 'error' : 'info']('result not produced', {
          status: problem.status,
          code: problem.code,
          errorName: (error as Error | undefined)?.name,
        });
        const response = problemResponse(problem);
        const retryAfter = problem.extra.headers?.['retry-after'];
        return {
          statusCode: problem.status,
          contentType: 'application/problem+json',
          body: String(response.body),
          ...(retryAfter !== undefined ? { retryAfter } : {}),
        };
      }
    });
}
