/**
 * The middy middlewares every handler uses, in the middy shape: a factory returning named
 * phase functions. Small and specific to this API's contract (RFC 9457 answers naming the
 * field; a size limit answered with 413), which the generic @middy/http-* parsers don't give.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import type { Role } from '../definitions/routes.ts';
import { type Caller, callerOf } from './caller.ts';
import { problemResponse, problems, toProblem } from './problem.ts';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer & {
  /** Set by `authorizeRoles`. */
  caller: Caller;
  /** Set by `jsonRequestBody`; `body` keeps the raw text for idempotency hashing. */
  jsonBody: unknown;
  /** `<caller>:<Idempotency-Key>`, or absent: a key only replays the same caller's request. */
  idempotencyScope?: string;
};

type Middleware = MiddlewareObj<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context>;

/** Outermost: turns every error into a problem document and logs it without content. */
export function problemDetails(logger: Logger, metrics?: Metrics): Middleware {
  const problemDetailsOnError: Middleware['onError'] = async (request) => {
    const problem = toProblem(request.error);
    metrics?.addMetric(
      problem.status >= 500 ? 'RequestsFailed' : 'RequestsRejected',
      MetricUnit.Count,
      1,
    );
    const error = request.error as (Error & { dependency?: string; cause?: unknown }) | null;
    const log = problem.status >= 500 ? logger.error.bind(logger) : logger.info.bind(logger);
    // Names and codes only: SDK messages can quote request values.
    log('request failed', {
      status: problem.status,
      code: problem.code,
      errorName: error?.name,
      dependency: error?.dependency,
      causeName: (error?.cause as Error | undefined)?.name,
    });
    request.response = problemResponse(problem);
  };
  return { onError: problemDetailsOnError };
}

export function authorizeRoles(allowed: readonly Role[]): Middleware {
  const authorizeRolesBefore: Middleware['before'] = async (request) => {
    const caller = callerOf(request.event);
    if (!caller) throw problems.unauthorized();
    if (!allowed.includes(caller.role)) throw problems.forbidden(caller.role);
    request.event.caller = caller;
  };
  return { before: authorizeRolesBefore };
}

export function jsonRequestBody(options: { maxBytes: number }): Middleware {
  const jsonRequestBodyBefore: Middleware['before'] = async (request) => {
    const { event } = request;
    const contentType = (event.headers?.['content-type'] ?? '').toLowerCase();
    if (!/^application\/([a-z0-9.+-]+\+)?json(\s*;.*)?$/.test(contentType)) {
      throw problems.unsupportedMediaType();
    }
    const raw = event.isBase64Encoded
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
    if (Buffer.byteLength(raw, 'utf8') > options.maxBytes) {
      throw problems.contentTooLarge(`The body must be at most ${options.maxBytes} bytes.`);
    }
    try {
      event.jsonBody = JSON.parse(raw);
    } catch {
      throw problems.invalidJson();
    }
    event.body = raw;
    event.isBase64Encoded = false;
  };
  return { before: jsonRequestBodyBefore };
}

/** Scopes an `Idempotency-Key` to its caller before Powertools idempotency reads it. */
export function idempotencyScope(metrics?: Metrics): Middleware {
  const idempotencyScopeBefore: Middleware['before'] = async (request) => {
    const key = request.event.headers?.['idempotency-key'];
    if (key === undefined) return;
    metrics?.addMetric('IdempotentRequests', MetricUnit.Count, 1);
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw problems.invalid([
        { path: 'headers.Idempotency-Key', message: 'must be 1–255 visible ASCII characters' },
      ]);
    }
    // Per caller and per resource: one key on two routes of a function never collides.
    const { method, path } = request.event.requestContext?.http ?? { method: '', path: '' };
    request.event.idempotencyScope = `${request.event.caller.subject}:${method} ${path}:${key}`;
  };
  return { before: idempotencyScopeBefore };
}

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
