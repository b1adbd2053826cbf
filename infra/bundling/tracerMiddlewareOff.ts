/**
 * `@aws-lambda-powertools/tracer/middleware` in the bundles of a deployment with tracing off
 * (see `tracerOff.ts`): a middy middleware that does nothing (middy requires one phase).
 */
import type { MiddlewareObj } from '@middy/core';

export function captureLambdaHandler(_tracer: unknown, _options?: unknown): MiddlewareObj {
  return { before: () => undefined };
}
