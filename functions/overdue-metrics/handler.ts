/**
 * Hourly (EventBridge Scheduler): counts overdue inquiry decisions, notice confirmations,
 * review decisions and opinion replies across all agencies and publishes them as metrics, on which alarms fire.
 * States only: no envelope, no key, no personal data.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { composeOverdueMetrics } from '#shared/composition/oversight.ts';
import { readConfig } from '#shared/config.ts';
import { logger, metrics } from '#shared/observability.ts';
import { SummariseOversight } from '#shared/usecases/oversightSummary.ts';

export function overdueMetricsHandler(summarise: SummariseOversight) {
  return middy()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async () => {
      const overdue = await summarise.overdue();
      metrics.addMetric('OverdueInquiries', MetricUnit.Count, overdue.inquiries);
      metrics.addMetric('OverdueNotices', MetricUnit.Count, overdue.notices);
      metrics.addMetric('OverdueReviews', MetricUnit.Count, overdue.reviews);
      metrics.addMetric('OverdueOpinions', MetricUnit.Count, overdue.opinions);
      logger.info('overdue counted', overdue);
      return overdue;
    });
}

export const handler = overdueMetricsHandler(
  new SummariseOversight(composeOverdueMetrics(readConfig())),
);
