/**
 * The middy middlewares every handler uses, in the middy shape: a factory returning named
 * phase functions. Small and specific to this API's contract (RFC 9457 answers naming the
 * field; a size limit answered with 413), which the generic @middy/http-* parsers don't give.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Role } from '../definitions/roles.ts';
import { type Caller, callerOf } from './caller.ts';
import { problemResponse, problems, toProblem } from './problem.ts';
import { type HttpEvent, toHttpEvent } from './restApiEvent.ts';
import { isWellFormedText, WELL_FORMED_MESSAGE } from './schemas/text.ts';

export type ApiEvent = HttpEvent & {
  /** Set by `authorizeRoles`. */
  caller: Caller;
  /** Set by `jsonRequestBody`; `body` keeps the raw text for idempotency hashing. */
  jsonBody: unknown;
  /** `<caller>:<Idempotency-Key>`, or absent: a key only replays the same caller's request. */
  idempotencyScope?: string;
};

type Middleware = MiddlewareObj<ApiEvent, APIGatewayProxyStructuredResultV2, Error, Context>;

/**
 * First in every chain: the REST API's payload 1.0 event in the one shape the handlers read
 * (shared/http/restApiEvent.ts).
 */
export function restApiRequest(): Middleware {
  const restApiRequestBefore: Middleware['before'] = async (request) => {
    request.event = toHttpEvent(request.event) as ApiEvent;
  };
  return { before: restApiRequestBefore };
}

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
    if (!allowed.includes(caller.role)) throw problems.forbidden(caller.role);
    request.event.caller = caller;
  };
  return { before: authorizeRolesBefore };
}

/**
 * How deep a request field may nest: DynamoDB's limit for a nested attribute, and far
 * below what recursive code (zod refinements, JSON canonicalisation, `JSON.stringify`)
 * survives — a field nested 6,000 levels deep overflows the stack.
 */
export const MAX_FIELD_DEPTH = 32;

/**
 * The top-level field whose value nests deeper than `maxDepth` (`''` when the body itself is
 * an array), found by counting brackets in the raw text: no recursion and no parse tree, so
 * it is safe on any input. A malformed body is left for `JSON.parse` to report.
 */
export function fieldNestedTooDeeply(raw: string, maxDepth: number): string | undefined {
  let depth = 0;
  let inString = false;
  let stringStart = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let field = '';
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) {
        inString = false;
        if (depth === 1) [keyStart, keyEnd] = [stringStart, i + 1];
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth += 1;
      // The body is level 1; a top-level field's value may add `maxDepth` levels.
      if (depth > maxDepth + 1) return field;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth -= 1;
    } else if (c === 0x3a /* : */ && depth === 1 && keyStart >= 0) {
      try {
        field = String(JSON.parse(raw.slice(keyStart, keyEnd)));
      } catch {
        field = '';
      }
    }
  }
  return undefined;
}

/**
 * The path of the first string (value or key) that is not well-formed Unicode, walking the
 * parsed body with an explicit stack (depth is already bounded, but no recursion anyway).
 */
function illFormedStringPath(body: unknown): string | undefined {
  const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  const pending: [unknown, string][] = [[body, '']];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (!isWellFormedText(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => {
        pending.push([item, join(path, index)]);
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!isWellFormedText(key)) return path;
        pending.push([item, join(path, key)]);
      }
    }
  }
  return undefined;
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
    const deepField = fieldNestedTooDeeply(raw, MAX_FIELD_DEPTH);
    if (deepField !== undefined) {
      throw problems.invalid([
        { path: deepField, message: `must not be nested more than ${MAX_FIELD_DEPTH} levels deep` },
      ]);
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw problems.invalidJson();
    }
    const illFormed = illFormedStringPath(body);
    if (illFormed !== undefined) {
      throw problems.invalid([{ path: illFormed, message: WELL_FORMED_MESSAGE }]);
    }
    event.jsonBody = body;
    event.body = raw;
    event.isBase64Encoded = false;
  };
  return { before: jsonRequestBodyBefore };
}

/**
 * For GET routes: a request body has no meaning there, so any body is refused (413, the
 * limit being zero) instead of being read. The local server refuses it before reading a
 * byte; on AWS this catches what API Gateway passed through.
 */
export function noRequestBody(): Middleware {
  const noRequestBodyBefore: Middleware['before'] = async (request) => {
    if (request.event.body) throw problems.contentTooLarge('A GET request carries no body.');
  };
  return { before: noRequestBodyBefore };
}

/**
 * HEAD on a GET route: the GET answer's status and headers, with its length, and no body.
 * Use it outermost so that it also sees the problem documents of errors.
 */
export function headLikeGet(): Middleware {
  const headLikeGetWithoutBody = (request: Parameters<NonNullable<Middleware['after']>>[0]) => {
    const { response } = request;
    if (request.event.requestContext?.http?.method !== 'HEAD' || !response) return;
    const body = response.body ?? '';
    response.headers = {
      ...response.headers,
      'content-length': String(
        Buffer.byteLength(body, response.isBase64Encoded ? 'base64' : 'utf8'),
      ),
    };
    response.body = '';
  };
  return { after: headLikeGetWithoutBody, onError: headLikeGetWithoutBody };
}

/**
 * Every answer to a caller with a token is about that caller (a credential, a decision, a
 * refusal that says a record is on file): no cache may keep it (RFC 9111 §5.2.2.5), unless
 * the handler said otherwise for something that is the same for everyone. Errors included:
 * use it outside `problemDetails`.
 */
export function noStoreByDefault(): Middleware {
  const noStoreByDefaultAfter = (request: Parameters<NonNullable<Middleware['after']>>[0]) => {
    const { response } = request;
    if (!response) return;
    const headers = (response.headers ?? {}) as Record<string, string>;
    if (Object.keys(headers).some((name) => name.toLowerCase() === 'cache-control')) return;
    response.headers = { ...headers, 'cache-control': 'no-store' };
  };
  return { after: noStoreByDefaultAfter, onError: noStoreByDefaultAfter };
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
