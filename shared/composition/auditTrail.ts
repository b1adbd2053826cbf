/**
 * What the audit export function is made of: its own event put, the tree to read, the
 * events to compare with the leaves, and the sequencer to ask for a checkpoint (Lambda in
 * AWS, in process locally). No key: only the sequencer signs.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { MetricAuditAlarm } from '../adapters/cloudwatch/auditAlarm.ts';
import { DynamoDbAuditEvents } from '../adapters/dynamodb/auditEvents.ts';
import { DynamoDbAuditTree } from '../adapters/dynamodb/auditTree.ts';
import { LambdaAuditSequencerClient } from '../adapters/lambda/lambdaAuditSequencer.ts';
import type { Config } from '../config.ts';
import { auditExportFunction } from '../definitions/functions.ts';
import { traced } from '../observability.ts';
import type { AuditSequencerClient } from '../ports/auditTree.ts';
import type { AuditTrailDependencies } from '../usecases/auditTrail.ts';
import { auditLog } from './audit.ts';
import { clockOf } from './clock.ts';
import { type Platform, type PlatformOverrides, platformOf } from './platform.ts';

async function sequencerClient(platform: Platform): Promise<AuditSequencerClient> {
  const { config, overrides } = platform;
  if (!config.auditSequencerFunction) {
    const { inProcessAuditSequencer } = await import(
      '../adapters/local/inProcessAuditSequencer.ts'
    );
    return inProcessAuditSequencer;
  }
  // Throttled while a stream batch runs (one sequencer at a time): retried, then a 503.
  const lambda =
    overrides.lambda ?? traced(new LambdaClient({ region: config.region, maxAttempts: 6 }));
  return new LambdaAuditSequencerClient(lambda, config.auditSequencerFunction);
}

export async function composeAuditTrail(
  config: Config,
  overrides: PlatformOverrides = {},
): Promise<AuditTrailDependencies> {
  const platform = platformOf(config, overrides);
  const { documents } = platform;
  return {
    audit: await auditLog(platform, auditExportFunction.name),
    tree: new DynamoDbAuditTree(documents, config.tables.auditTree),
    events: new DynamoDbAuditEvents(documents, config.tables.auditEvents),
    sequencer: await sequencerClient(platform),
    alarm: new MetricAuditAlarm(),
    clock: clockOf(config),
  };
}
