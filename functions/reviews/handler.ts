/** GET /v1/reviews, POST /v1/reviews/{id}/decision — an organisation's reviews of its flagged records. */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import { composeReviews } from '#shared/composition/reviews.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { byRouteKey, mutatingJsonEndpoint, readEndpoint } from '#shared/http/endpoint.ts';
import { type ApiEvent, json } from '#shared/http/middlewares.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import {
  reviewDecisionSchema,
  reviewIdSchema,
  reviewListQuerySchema,
} from '#shared/http/schemas/review.ts';
import { metrics } from '#shared/observability.ts';
import { AgencyReviews } from '#shared/usecases/reviews.ts';

const officialOf = (event: ApiEvent) => ({
  subject: event.caller.subject,
  role: event.caller.role,
  org: event.caller.organisation,
});

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
}

export function reviewsHandler(
  reviews: AgencyReviews,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  return byRouteKey({
    'GET /v1/reviews': readEndpoint({ roles: agencyRoles }).handler(async (event) => {
      const query = parsed(reviewListQuerySchema, event.queryStringParameters ?? {});
      const page = await reviews.list(officialOf(event), query);
      const overdue = page.reviews.filter((review) => review.status === 'overdue').length;
      if (overdue > 0) metrics.addMetric('ReviewsOverdue', MetricUnit.Count, overdue);
      return json(200, page);
    }),
    'POST /v1/reviews/{id}/decision': mutatingJsonEndpoint({
      roles: agencyRoles,
      maxBodyBytes: 32 * 1024,
      idempotency,
      config,
    }).handler(async (event) => {
      const reviewId = reviewIdSchema.safeParse(event.pathParameters?.id);
      if (!reviewId.success) throw problems.notFound();
      const body = parsed(reviewDecisionSchema, event.jsonBody);
      return json(200, await reviews.decide(officialOf(event), reviewId.data, body));
    }),
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeReviews(config);
export const handler = reviewsHandler(new AgencyReviews(dependencies), idempotency, config);
