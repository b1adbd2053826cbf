/**
 * Powertools Logger and Metrics, one of each per process. Log lines carry request IDs,
 * codes and blind indexes only — never a name, national ID or record content
 * (DESIGN.md invariant 6; test/integration/no-personal-data.test.ts greps for them).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: 'sealed-records' });
export const metrics = new Metrics({ namespace: 'SealedRecords', serviceName: 'sealed-records' });
