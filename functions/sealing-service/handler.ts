/**
 * The sealing service: SQS FIFO messages (one per stored record, grouped by person) whose
 * effects on the person's other records it applies — off every request path. A message may
 * also be an ingestion's request to reconcile a disclosable entry it could not keep a record
 * for; the service treats both alike and decides from the record as stored (absent: the
 * entry goes), never from the message. A failed
 * message is reported back (partial batch response) and redelivered; the group's later
 * messages wait, so one person's records are applied in order. After the queue's retries a
 * message goes to the dead-letter queue, and the record stays `effectsPending`.
 */
import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { composeSealingService } from '#shared/composition/sealingService.ts';
import { readConfig } from '#shared/config.ts';
import { logger, metrics, traceHandler } from '#shared/observability.ts';
import { ApplySealingEffects } from '#shared/usecases/applySealingEffects.ts';

const personIndex = z.string().min(1).max(64);
/** A stored record's effects, or a decision to seal on a person's application. */
const workSchema = z.union([
  z.strictObject({ recordId: z.uuid(), personIndex, attempt: z.uuid().optional() }),
  z.strictObject({ applicationId: z.uuid(), personIndex }),
]);

export function sealingServiceHandler(applySealingEffects: ApplySealingEffects) {
  async function applyOne(record: SQSRecord) {
    const work = workSchema.parse(JSON.parse(record.body));
    const outcome =
      'recordId' in work
        ? await applySealingEffects.execute(work)
        : await applySealingEffects.sealOnApplication(work);
    for (const [name, count] of [
      ['RecordsUnsealed', outcome.unsealed],
      ['RecordsSuperseded', outcome.superseded],
      ['RecordsFlagged', outcome.flagged],
      ['NoticesCreated', outcome.notices],
      ['ReviewsOpened', outcome.reviews],
    ] as const) {
      if (count > 0) metrics.addMetric(name, MetricUnit.Count, count);
    }
    logger.info('sealing effects applied', { ...outcome });
  }

  return middy<SQSEvent>()
    .use(traceHandler())
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async (event, context) => {
      // Another person's group goes on when one group fails; the failed group waits.
      return processPartialResponse(event, applyOne, new SqsFifoPartialProcessorAsync(), {
        context,
        skipGroupOnError: true,
        throwOnFullBatchFailure: false,
      });
    });
}

export const handler = sealingServiceHandler(
  new ApplySealingEffects(await composeSealingService(readConfig())),
);
