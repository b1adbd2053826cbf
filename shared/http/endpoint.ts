/**
 * The middleware chain every mutating JSON endpoint shares, in its one correct order:
 * logging and metrics outermost, then problem details (so every error below becomes an
 * RFC 9457 answer), the role check before the body is read, the body, and idempotency
 * last so only authorised, well-formed requests reach the idempotency store.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Config } from '../config.ts';
import type { Role } from '../definitions/roles.ts';
import { logger, metrics, traceHandler } from '../observability.ts';
import { idempotentRequests } from './idempotency.ts';
import {
  type ApiEvent,
  authorizeRoles,
  headLikeGet,
  idempotencyScope,
  jsonRequestBody,
  noRequestBody,
  noStoreByDefault,
  problemDetails,
  restApiRequest,
} from './middlewares.ts';
import { problemResponse, problems } from './problem.ts';
import { type HttpEvent, toHttpEvent } from './restApiEvent.ts';

export function mutatingJsonEndpoint(options: {
  roles: readonly Role[];
  maxBodyBytes: number;
  idempotency: BasePersistenceLayer;
  config: Config;
}) {
  return middy<ApiEvent>()
    .use(restApiRequest())
    .use(noStoreByDefault())
    .use(traceHandler())
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(problemDetails(logger, metrics))
    .use(authorizeRoles(options.roles))
    .use(jsonRequestBody({ maxBytes: options.maxBodyBytes }))
    .use(idempotencyScope(metrics))
    .use(idempotentRequests(options.idempotency, options.config));
}

/** A read-only endpoint: the same outer chain, the role check, no body, no idempotency. */
export function readEndpoint(options: { roles: readonly Role[] }) {
  return middy<ApiEvent>()
    .use(restApiRequest())
    .use(headLikeGet())
    .use(noStoreByDefault())
    .use(traceHandler())
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .use(problemDetails(logger, metrics))
    .use(noRequestBody())
    .use(authorizeRoles(options.roles));
}

/** A handler as API Gateway calls it: a REST API event, or one already in the 2.0 shape. */
export type RouteHandler = (
  event: APIGatewayProxyEvent | HttpEvent,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * One function serving several routes: the route key API Gateway matched (`GET
 * /v1/inquiries/{id}`) picks the chain. A route the function does not serve is 404.
 */
export function byRouteKey(chains: Record<string, RouteHandler>): RouteHandler {
  return async function byRouteKeyHandler(received, context) {
    const event = toHttpEvent(received);
    const chain = chains[event.routeKey];
    if (chain === undefined) return problemResponse(problems.notFound());
    return chain(event, context);
  };
}
