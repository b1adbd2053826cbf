/**
 * One batch of the bulk-import state machine (a Step Functions distributed map over an
 * import file in S3, docs/bulk-import.md): lines of the file, each a `POST /v1/records` body,
 * ingested through the same pipeline and use case as `npm run import`. The answer — counts
 * and rejects by line number and code, never content — is what the map writes to S3.
 *
 * A line that cannot be imported for a reason not its own (a dependency kept failing) fails
 * the whole batch; the state machine retries it, and the lines already stored come back
 * "already present" (idempotent by natural key), so a retried batch creates nothing twice.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { composeBulkImport } from '#shared/composition/bulkImport.ts';
import { readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import {
  type LineRejection,
  lineTooLong,
  MAX_RECORD_LINE_BYTES,
  parseRecordValue,
  type RejectEntry,
  rejectionOf,
} from '#shared/http/recordLines.ts';
import { singleLineText } from '#shared/http/schemas/text.ts';
import { logger, metrics } from '#shared/observability.ts';
import {
  BATCH_LINES_IN_FLIGHT,
  countOutcome,
  emptyImportCounts,
  type ImportCounts,
  type ImportItem,
  ImportRecords,
} from '#shared/usecases/importRecords.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';

/** What the distributed map hands over: `ItemSelector` items and the `ItemBatcher` input. */
const batchSchema = z.strictObject({
  Items: z
    .array(z.strictObject({ line: z.number().int().min(1), record: z.unknown() }))
    .min(1)
    .max(1000),
  // From the import file's object key, where IAM let only that agency's operator write; the
  // same limits as the token claims of `POST /v1/records` (shared/http/caller.ts).
  BatchInput: z.strictObject({
    role: z.enum(agencyRoles),
    org: singleLineText({ max: 100 }),
    sub: singleLineText({ max: 255 }),
  }),
});

export type BatchResult = ImportCounts & { rejects: RejectEntry[] };

export function bulkImportHandler(ingestRecord: IngestRecord) {
  const pipeline = new ImportRecords<LineRejection>({
    ingest: (submission, submitter) => ingestRecord.execute(submission, submitter),
    rejectionOf,
    concurrency: BATCH_LINES_IN_FLIGHT,
    // Short: the state machine retries the batch with its own backoff.
    attempts: 3,
  });

  return middy<unknown, BatchResult>()
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics))
    .handler(async (event) => {
      // A malformed batch is a wiring fault, not an agency's: it fails, loudly.
      const batch = batchSchema.parse(event);
      const items: ImportItem<LineRejection>[] = batch.Items.map(({ line, record }) =>
        Buffer.byteLength(JSON.stringify(record) ?? '') > MAX_RECORD_LINE_BYTES
          ? { line, rejection: lineTooLong() }
          : { line, ...parseRecordValue(record) },
      );
      const submitter = {
        subject: batch.BatchInput.sub,
        role: batch.BatchInput.role,
        organisation: batch.BatchInput.org,
      };
      const result: BatchResult = { ...emptyImportCounts(), rejects: [] };
      for await (const outcome of pipeline.run(items, submitter)) {
        countOutcome(result, outcome);
        if (outcome.kind === 'rejected') {
          result.rejects.push({ line: outcome.line, ...outcome.rejection });
        }
      }
      metrics.addMetric('ImportLines', MetricUnit.Count, result.records);
      metrics.addMetric('ImportLinesRejected', MetricUnit.Count, result.rejected);
      metrics.addMetric('RecordsIngested', MetricUnit.Count, result.sealed + result.notSealed);
      logger.info('import batch', {
        firstLine: batch.Items[0]?.line,
        records: result.records,
        sealed: result.sealed,
        notSealed: result.notSealed,
        alreadyPresent: result.alreadyPresent,
        rejected: result.rejected,
      });
      return result;
    });
}

export const handler = bulkImportHandler(new IngestRecord(await composeBulkImport(readConfig())));
