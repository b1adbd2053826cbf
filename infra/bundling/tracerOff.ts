/**
 * `@aws-lambda-powertools/tracer` in the bundles of a deployment with tracing off (the
 * `tracing` parameter; off by default in the AWS China Regions, where Lambda offers no
 * X-Ray): a tracer that is never enabled, so neither the Powertools tracer nor the X-Ray SDK
 * (about 100 KB minified) is bundled. Only what shared/observability.ts uses is here; with
 * tracing off it never calls more than `isTracingEnabled`.
 */
import type { Tracer as PowertoolsTracer } from '@aws-lambda-powertools/tracer';

export class Tracer implements Pick<PowertoolsTracer, 'isTracingEnabled' | 'captureAWSv3Client'> {
  isTracingEnabled(): boolean {
    return false;
  }

  captureAWSv3Client<T>(service: T): T {
    return service;
  }
}
