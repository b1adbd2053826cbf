/** GET /v1/notices, POST /v1/notices/{id}/acknowledgement — an agency's notices (IM arts. 11–13). */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { composeNotices } from '#shared/composition/oversight.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { byRouteKey, mutatingJsonEndpoint, readEndpoint } from '#shared/http/endpoint.ts';
import { type ApiEvent, json } from '#shared/http/middlewares.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import { listPageQuerySchema } from '#shared/http/schemas/paging.ts';
import { metrics } from '#shared/observability.ts';
import { AgencyNotices } from '#shared/usecases/oversight.ts';

const officialOf = (event: ApiEvent) => ({
  subject: event.caller.subject,
  role: event.caller.role,
  org: event.caller.organisation,
});

export function noticesHandler(
  notices: AgencyNotices,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  return byRouteKey({
    'GET /v1/notices': readEndpoint({ roles: agencyRoles }).handler(async (event) => {
      const query = listPageQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw validationProblem(query.error);
      const page = await notices.list(officialOf(event), query.data);
      const overdue = page.notices.filter((view) => view.status === 'overdue').length;
      if (overdue > 0) metrics.addMetric('NoticesOverdue', MetricUnit.Count, overdue);
      return json(200, page);
    }),
    'POST /v1/notices/{id}/acknowledgement': mutatingJsonEndpoint({
      roles: agencyRoles,
      maxBodyBytes: 1024,
      idempotency,
      config,
    }).handler(async (event) => {
      const noticeId = event.pathParameters?.id;
      if (!noticeId || !/^[A-Za-z0-9_-]{16,64}$/.test(noticeId)) throw problems.notFound();
      return json(200, await notices.acknowledge(officialOf(event), noticeId));
    }),
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeNotices(config);
export const handler = noticesHandler(new AgencyNotices(dependencies), idempotency, config);
