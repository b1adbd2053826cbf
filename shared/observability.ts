/**
 * Powertools Logger, Metrics and Tracer, one of each per process. Log lines carry request
 * IDs, codes and blind indexes only — never a name, national ID or record content
 * (DESIGN.md invariant 6; test/integration/no-personal-data.test.ts greps for them).
 *
 * The Tracer runs where the function has active tracing (POWERTOOLS_TRACE_ENABLED, set by
 * the stack from the `tracing` parameter). It records the AWS SDK calls (service, operation,
 * table or key, latency) and the cold start; it never records a response or an error
 * message (`captureResponse`/`captureError` off), and no code adds annotations or metadata —
 * request and response bodies hold personal data.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { environmentVariables } from './definitions/environment.ts';

export const logger = new Logger({ serviceName: 'sealed-records' });

/**
 * Powertools Metrics warns on every invocation that adds no metric — every read here — a
 * line per request that says nothing (575 of them in one test run). That one is dropped;
 * any other diagnostic goes through the logger as a structured line.
 */
const NOTHING_TO_PUBLISH = 'No application metrics to publish';
const metricsDiagnostics = {
  debug: (message: unknown) => logger.debug(String(message)),
  info: (message: unknown) => logger.info(String(message)),
  warn: (message: unknown) => {
    if (!String(message).startsWith(NOTHING_TO_PUBLISH)) logger.warn(String(message));
  },
  error: (message: unknown) => logger.error(String(message)),
};

export const metrics = new Metrics({
  namespace: 'SealedRecords',
  serviceName: 'sealed-records',
  logger: metricsDiagnostics,
});

const tracingEnabled = process.env[environmentVariables.powertoolsTracerEnabled.name] === 'true';

/**
 * Loaded only where tracing is on. Importing the tracer loads the X-Ray SDK, whose context
 * (cls-hooked) installs async hooks that track every promise — enabled or not, that made
 * each promise about 20 times dearer and cost the request path several per cent. Bundles of
 * a deployment with tracing off leave it out altogether (infra/bundling/aliases.ts).
 */
const tracing = tracingEnabled
  ? {
      tracer: new (await import('@aws-lambda-powertools/tracer')).Tracer({
        serviceName: 'sealed-records',
        enabled: true,
        captureHTTPsRequests: false,
      }),
      captureLambdaHandler: (await import('@aws-lambda-powertools/tracer/middleware'))
        .captureLambdaHandler,
    }
  : undefined;

/** An AWS SDK v3 client whose calls appear as trace subsegments, where tracing is on. */
export function traced<T>(client: T): T {
  return tracing?.tracer.isTracingEnabled() ? tracing.tracer.captureAWSv3Client(client) : client;
}

/** The handler's trace segment: cold start and duration, never the response or an error. */
export function traceHandler(): MiddlewareObj {
  return tracing
    ? tracing.captureLambdaHandler(tracing.tracer, { captureResponse: false })
    : { before: () => undefined };
}
