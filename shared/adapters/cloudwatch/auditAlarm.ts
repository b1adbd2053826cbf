import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../../observability.ts';
import type { AuditAlarm, TamperFinding } from '../../ports/auditTree.ts';

/** The metric the stack alarms on (infra/constructs/monitoring.ts) at the first finding. */
export const AUDIT_TAMPER_METRIC = 'AuditEntriesTampered';

/**
 * Raises the alarm on entries changed after they were written or sequenced: the metric at
 * once (published now, not at the end of the invocation), and an error log naming the event
 * keys and indexes — event IDs name records and blind indexes, never a person.
 */
export class MetricAuditAlarm implements AuditAlarm {
  raise(findings: readonly TamperFinding[]): void {
    if (findings.length === 0) return;
    metrics.addMetric(AUDIT_TAMPER_METRIC, MetricUnit.Count, findings.length);
    metrics.publishStoredMetrics();
    logger.error('audit entries changed after they were written', { findings: [...findings] });
  }
}
