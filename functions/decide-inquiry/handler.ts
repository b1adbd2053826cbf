/**
 * The decision on an inquiry (API.md, POST /v1/inquiries/{id}/decision): an official of the
 * organisation the application is addressed to approves or refuses it. An approval is signed
 * here, under the approval key that only this function holds (DESIGN.md invariant 10); this
 * function invokes no other and never sees a result.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeDecideInquiry } from '#shared/composition/decideInquiry.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { byRouteKey, mutatingJsonEndpoint } from '#shared/http/endpoint.ts';
import { type ApiEvent, json } from '#shared/http/middlewares.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import { inquiryDecisionSchema, inquiryIdSchema } from '#shared/http/schemas/inquiry.ts';
import { metrics } from '#shared/observability.ts';
import { DecideInquiry } from '#shared/usecases/inquiryDecisions.ts';

const MAX_BODY_BYTES = 16 * 1024;

export function decideInquiryHandler(
  decideInquiry: DecideInquiry,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  return byRouteKey({
    'POST /v1/inquiries/{id}/decision': mutatingJsonEndpoint({
      roles: agencyRoles,
      maxBodyBytes: MAX_BODY_BYTES,
      idempotency,
      config,
    }).handler(async (event: ApiEvent) => {
      // Anything that is not an inquiry ID is simply not found.
      const id = inquiryIdSchema.safeParse(event.pathParameters?.id);
      if (!id.success) throw problems.notFound();
      const decision = inquiryDecisionSchema.safeParse(event.jsonBody);
      if (!decision.success) throw validationProblem(decision.error);
      const view = await decideInquiry.execute(id.data, decision.data, {
        subject: event.caller.subject,
        role: event.caller.role,
        org: event.caller.organisation,
      });
      metrics.addMetric(
        view.status === 'approved' ? 'InquiriesApproved' : 'InquiriesRefused',
        MetricUnit.Count,
        1,
      );
      return json(200, view);
    }),
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeDecideInquiry(config);
export const handler = decideInquiryHandler(new DecideInquiry(dependencies), idempotency, config);
