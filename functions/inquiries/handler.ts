/**
 * The inquiry routes (API.md, Inquiries): the legal-basis registry; applications by units
 * and judicial organs; what the addressed organisation reads to decide them; the notice's
 * acceptance; and the result, which this function never produces itself — it asks the letter
 * or the judicial disclosure function, each with its own keys. It cannot decide: approvals
 * are signed by the decision function, under a key this function cannot use.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type * as z from 'zod';
import { composeInquiries } from '#shared/composition/inquiries.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import type { Official } from '#shared/domain/inquiry/inquiry.ts';
import { byRouteKey, mutatingJsonEndpoint, readEndpoint } from '#shared/http/endpoint.ts';
import { type ApiEvent, json } from '#shared/http/middlewares.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import {
  inquiryAcknowledgementSchema,
  inquiryApplicationSchema,
  inquiryIdSchema,
  inquiryListQuerySchema,
} from '#shared/http/schemas/inquiry.ts';
import { logger, metrics } from '#shared/observability.ts';
import { Inquiries, legalBasisRegistry } from '#shared/usecases/inquiries.ts';

const inquirerRoles = ['unit', 'court', 'procuratorate', 'police'] as const;
const everyRole = [...agencyRoles, 'unit', 'citizen', 'supervisor'] as const;
const MAX_BODY_BYTES = 16 * 1024;

function officialOf(event: ApiEvent): Official {
  return { subject: event.caller.subject, role: event.caller.role, org: event.caller.organisation };
}

/** The `{id}` of the route; anything that is not an inquiry ID is simply not found. */
function inquiryIdOf(event: ApiEvent): string {
  const parsed = inquiryIdSchema.safeParse(event.pathParameters?.id);
  if (!parsed.success) throw problems.notFound();
  return parsed.data;
}

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
}

export function inquiriesHandler(
  inquiries: Inquiries,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  const mutating = (roles: readonly (typeof everyRole)[number][]) =>
    mutatingJsonEndpoint({ roles, maxBodyBytes: MAX_BODY_BYTES, idempotency, config });

  return byRouteKey({
    'GET /v1/legal-bases': readEndpoint({ roles: everyRole }).handler(async () =>
      json(200, legalBasisRegistry(), { 'cache-control': 'private, max-age=300' }),
    ),

    'POST /v1/inquiries': mutating(inquirerRoles).handler(async (event) => {
      const application = parsed(inquiryApplicationSchema, event.jsonBody);
      const view = await inquiries.apply(application, officialOf(event), {
        retryKey: event.idempotencyScope,
      });
      metrics.addMetric('InquiriesReceived', MetricUnit.Count, 1);
      logger.info('inquiry received', { inquiryId: view.inquiryId, legalBasis: view.legalBasis });
      return json(202, {
        inquiryId: view.inquiryId,
        status: view.status,
        decideBy: view.decideBy,
        calendar: view.calendar,
      });
    }),

    'GET /v1/inquiries': readEndpoint({ roles: agencyRoles }).handler(async (event) => {
      const query = parsed(inquiryListQuerySchema, event.queryStringParameters ?? {});
      const page = await inquiries.list(officialOf(event), query.status, {
        cursor: query.cursor,
        limit: query.limit,
      });
      const overdue = page.inquiries.filter((view) => view.overdue).length;
      if (overdue > 0) metrics.addMetric('InquiriesOverdue', MetricUnit.Count, overdue);
      return json(200, page);
    }),

    'GET /v1/inquiries/{id}': readEndpoint({ roles: [...inquirerRoles, ...agencyRoles] }).handler(
      async (event) => json(200, await inquiries.view(inquiryIdOf(event), officialOf(event))),
    ),

    'POST /v1/inquiries/{id}/acknowledgement': mutating(inquirerRoles).handler(async (event) => {
      parsed(inquiryAcknowledgementSchema, event.jsonBody);
      return json(200, await inquiries.acknowledge(inquiryIdOf(event), officialOf(event)));
    }),

    'GET /v1/inquiries/{id}/result': readEndpoint({ roles: inquirerRoles }).handler(
      async (event) => {
        const result = await inquiries.result(inquiryIdOf(event), officialOf(event));
        return {
          statusCode: result.statusCode,
          headers: {
            'content-type': result.contentType,
            'cache-control': 'no-store',
            ...(result.retryAfter !== undefined ? { 'retry-after': result.retryAfter } : {}),
          },
          body: result.body,
        };
      },
    ),
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeInquiries(config);
export const handler = inquiriesHandler(new Inquiries(dependencies), idempotency, config);
