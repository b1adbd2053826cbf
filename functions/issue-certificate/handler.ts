/**
 * POST /v1/certificates — a citizen's own certificate of no criminal record, as a
 * verifiable credential. The subject is the token's verified national ID, never the body.
 */

import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeIssueCertificate } from '#shared/composition/issueCertificate.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { mutatingJsonEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { certificateRequestSchema } from '#shared/http/schemas/certificateRequest.ts';
import { logger, metrics } from '#shared/observability.ts';
import { IssueCertificate } from '#shared/usecases/issueCertificate.ts';

export function issueCertificateHandler(
  issueCertificate: IssueCertificate,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  return mutatingJsonEndpoint({
    roles: ['citizen'],
    maxBodyBytes: 4 * 1024,
    idempotency,
    config,
  }).handler(async (event) => {
    // The token's own person, or the person a guardian or agent acts for.
    const { nationalId, name, agent } = personConcerned(event.caller);
    const parsed = certificateRequestSchema.safeParse(event.jsonBody);
    if (!parsed.success) throw validationProblem(parsed.error);

    const issued = await issueCertificate.execute({ nationalId, name }, parsed.data, {
      actor: {
        subject: event.caller.subject,
        role: event.caller.role,
        organisation: event.caller.organisation,
      },
      retryKey: event.idempotencyScope,
      ...(agent ? { agent } : {}),
    });

    metrics.addMetric('CertificatesIssued', MetricUnit.Count, 1);
    logger.info('certificate issued', { certificateId: issued.certificateId });
    return json(201, issued);
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeIssueCertificate(config);
export const handler = issueCertificateHandler(
  new IssueCertificate(dependencies),
  idempotency,
  config,
);
