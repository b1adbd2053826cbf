/**
 * The audit log's sequencer (API.md, Oversight; DESIGN.md invariant 5), one invocation at a
 * time (reserved concurrency 1), invoked:
 *
 * - by the events table's DynamoDB stream (new and old images): new events are sequenced
 *   into the Merkle tree; an event changed or removed after it was written raises the alarm;
 *   a failed batch is retried, bisected, then reported to the dead-letter queue;
 * - by EventBridge Scheduler, hourly: a checkpoint of the tree if it grew;
 * - by the export function, synchronously: `{"action":"checkpoint"}`, a checkpoint as fresh
 *   as the tree;
 * - by an operator: `{"action":"migrate"}` (import the former hash chains; the first run
 *   does it anyway) and `{"action":"sweep"}` (sequence every written event not yet in the
 *   tree, after the stream lost records). See docs/audit-log.md.
 *
 * Locally the in-process sequencer delivers the same stream events to this handler.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { composeAuditSequencer } from '#shared/composition/auditSequencer.ts';
import { readConfig } from '#shared/config.ts';
import { logger, metrics } from '#shared/observability.ts';
import type { AuditAlarm, WrittenEvent } from '#shared/ports/auditTree.ts';
import { AuditSequencer } from '#shared/usecases/auditSequencer.ts';

const imageSchema = z.object({
  eventKey: z.object({ S: z.string().min(1) }),
  record: z.object({ S: z.string().min(2) }),
  digest: z.object({ S: z.string().regex(/^[0-9a-f]{64}$/) }),
});
const streamRecordSchema = z.object({
  eventSource: z.literal('aws:dynamodb'),
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    Keys: z.object({ eventKey: z.object({ S: z.string().min(1) }) }),
    NewImage: imageSchema.optional(),
    OldImage: imageSchema.optional(),
  }),
});
const streamSchema = z.object({ Records: z.array(streamRecordSchema) });
const actionSchema = z.strictObject({ action: z.enum(['checkpoint', 'migrate', 'sweep']) });

export type SequencerRequest =
  | DynamoDBStreamEvent
  | { action?: 'checkpoint' | 'migrate' | 'sweep' };
export type CheckpointResponse = { size: number; root: string; note: string };

const writtenOf = (image: z.infer<typeof imageSchema>): WrittenEvent => ({
  eventKey: image.eventKey.S,
  record: image.record.S,
  digest: image.digest.S,
});

type Handled =
  | { kind: 'stream'; sequenced: number; size: number; findings: number }
  | { kind: 'migrate'; imported: number; size: number }
  | { kind: 'sweep'; sequenced: number; size: number }
  | ({ kind: 'checkpoint'; signed: boolean } & CheckpointResponse);

/** What the sequencer does with one invocation, without Lambda's logging and metrics. */
export function sequencerRequests(sequencer: AuditSequencer, alarm: AuditAlarm) {
  return async (event: SequencerRequest): Promise<Handled> => {
    if ('Records' in event) {
      const { Records } = streamSchema.parse(event);
      const inserted = Records.flatMap(({ eventName, dynamodb }) =>
        eventName === 'INSERT' && dynamodb.NewImage ? [writtenOf(dynamodb.NewImage)] : [],
      );
      const findings = sequencer.changes(
        Records.filter(({ eventName }) => eventName !== 'INSERT').map(({ dynamodb }) => ({
          eventKey: dynamodb.Keys.eventKey.S,
          before: dynamodb.OldImage?.record.S,
          after: dynamodb.NewImage?.record.S,
        })),
      );
      const outcome = await sequencer.sequence(inserted);
      findings.push(...outcome.findings);
      if (findings.length > 0) alarm.raise(findings);
      return {
        kind: 'stream',
        sequenced: outcome.sequenced,
        size: outcome.size,
        findings: findings.length,
      };
    }
    const { action } = actionSchema.parse({ action: event.action ?? 'checkpoint' });
    if (action === 'migrate') return { kind: 'migrate', ...(await sequencer.migrate()) };
    if (action === 'sweep') {
      const outcome = await sequencer.sweep();
      if (outcome.findings.length > 0) alarm.raise(outcome.findings);
      return { kind: 'sweep', sequenced: outcome.sequenced, size: outcome.size };
    }
    const checkpoint = await sequencer.checkpoint();
    return {
      kind: 'checkpoint',
      signed: checkpoint.signed,
      size: checkpoint.size,
      root: Buffer.from(checkpoint.root).toString('base64'),
      note: checkpoint.note,
    };
  };
}

/** The answer an invocation returns (the export reads a checkpoint's). */
export function answerOf(handled: Handled): Record<string, unknown> {
  const { kind: _kind, ...answer } = handled;
  if (handled.kind === 'checkpoint') {
    const { size, root, note } = handled;
    return { size, root, note } satisfies CheckpointResponse;
  }
  return answer;
}

export function auditSequencerHandler(sequencer: AuditSequencer, alarm: AuditAlarm) {
  const handle = sequencerRequests(sequencer, alarm);
  return middy<SequencerRequest>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async (event) => {
      const handled = await handle(event);
      if (handled.kind === 'stream') {
        metrics.addMetric('AuditEventsSequenced', MetricUnit.Count, handled.sequenced);
        logger.info('audit events sequenced', answerOf(handled));
      } else if (handled.kind === 'checkpoint') {
        if (handled.signed) metrics.addMetric('AuditCheckpointsSigned', MetricUnit.Count, 1);
      } else {
        logger.info(`audit ${handled.kind} done`, answerOf(handled));
      }
      return answerOf(handled);
    });
}

const composed = await composeAuditSequencer(readConfig());
export const handler = auditSequencerHandler(
  new AuditSequencer(composed.dependencies),
  composed.alarm,
);
