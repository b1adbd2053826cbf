/** POST /v1/records — an agency submits a record; the response carries the sealing decision. */

import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeIngestRecord } from '#shared/composition/ingestRecord.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/definitions/routes.ts';
import { mutatingJsonEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { recordSubmissionSchema } from '#shared/http/schemas/recordSubmission.ts';
import { logger, metrics } from '#shared/observability.ts';
import { IngestRecord } from '#shared/usecases/ingestRecord.ts';

export const MAX_BODY_BYTES = 64 * 1024;

export function ingestRecordHandler(
  ingestRecord: IngestRecord,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  return mutatingJsonEndpoint({
    roles: agencyRoles,
    maxBodyBytes: MAX_BODY_BYTES,
    idempotency,
    config,
  }).handler(async (event) => {
    const parsed = recordSubmissionSchema.safeParse(event.jsonBody);
    if (!parsed.success) throw validationProblem(parsed.error);

    const result = await ingestRecord.execute(parsed.data, event.caller);

    metrics.addMetric(result.created ? 'RecordsIngested' : 'RecordsReplayed', MetricUnit.Count, 1);
    logger.info('record ingested', {
      recordId: result.recordId,
      created: result.created,
      reviewFlagCount: result.reviewFlags.length,
    });
    // This record's own decision only: never anything about the person's other records.
    return json(201, {
      recordId: result.recordId,
      sealed: result.sealed,
      basis: result.basis,
      reviewFlags: result.reviewFlags,
      containsSealedInformation: result.containsSealedInformation,
    });
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeIngestRecord(config);
export const handler = ingestRecordHandler(new IngestRecord(dependencies), idempotency, config);
