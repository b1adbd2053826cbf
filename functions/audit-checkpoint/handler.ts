/**
 * The audit trail's scheduled checkpoint (EventBridge Scheduler): signs each chain's head
 * with the audit key, so that removing the newest entries is caught by the next export.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { composeAuditTrail } from '#shared/composition/auditTrail.ts';
import { readConfig } from '#shared/config.ts';
import { logger, metrics } from '#shared/observability.ts';
import { CheckpointAuditChains } from '#shared/usecases/auditTrail.ts';

export function auditCheckpointHandler(checkpoint: CheckpointAuditChains) {
  return middy()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async () => {
      const outcome = await checkpoint.execute();
      metrics.addMetric('AuditCheckpointsSigned', MetricUnit.Count, outcome.signed);
      logger.info('audit checkpoints signed', outcome);
      return outcome;
    });
}

export const handler = auditCheckpointHandler(
  new CheckpointAuditChains(await composeAuditTrail(readConfig())),
);
