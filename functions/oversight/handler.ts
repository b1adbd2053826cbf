/**
 * Procuratorial supervision and complaints (API.md, Oversight and accountability): corrective
 * opinions with their replies and reviews; complaints of improper disclosure and their
 * resolutions.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type * as z from 'zod';
import { composeOversight } from '#shared/composition/oversight.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { byRouteKey, mutatingJsonEndpoint, readEndpoint } from '#shared/http/endpoint.ts';
import { type ApiEvent, json } from '#shared/http/middlewares.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import {
  complaintResolutionSchema,
  complaintResponseSchema,
  complaintSchema,
  documentIdSchema,
  opinionReplySchema,
  opinionReviewDecisionSchema,
  opinionReviewRequestSchema,
  opinionSchema,
} from '#shared/http/schemas/oversight.ts';
import { listPageQuerySchema } from '#shared/http/schemas/paging.ts';
import { Complaints, CorrectiveOpinions } from '#shared/usecases/oversight.ts';

const officialOf = (event: ApiEvent) => ({
  subject: event.caller.subject,
  role: event.caller.role,
  org: event.caller.organisation,
});

function bodyOf<T extends z.ZodType>(schema: T, event: ApiEvent): z.output<T> {
  const parsed = schema.safeParse(event.jsonBody);
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data;
}

function queryOf(event: ApiEvent) {
  const parsed = listPageQuerySchema.safeParse(event.queryStringParameters ?? {});
  if (!parsed.success) throw validationProblem(parsed.error);
  return parsed.data;
}

function idOf(event: ApiEvent): string {
  const parsed = documentIdSchema.safeParse(event.pathParameters?.id);
  if (!parsed.success) throw problems.notFound();
  return parsed.data;
}

export function oversightHandler(
  opinions: CorrectiveOpinions,
  complaints: Complaints,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  // An opinion may address an agency or a unit that misused a letter (RULES.md §6).
  const addressees = ['unit', ...agencyRoles] as const;
  const mutating = (roles: readonly ApiEvent['caller']['role'][]) =>
    mutatingJsonEndpoint({ roles, maxBodyBytes: 48 * 1024, idempotency, config });

  return byRouteKey({
    'POST /v1/opinions': mutating(['supervisor']).handler(async (event) =>
      json(201, await opinions.issue(officialOf(event), bodyOf(opinionSchema, event))),
    ),
    'GET /v1/opinions': readEndpoint({ roles: ['supervisor', 'unit', ...agencyRoles] }).handler(
      async (event) => json(200, await opinions.list(officialOf(event), queryOf(event))),
    ),
    'POST /v1/opinions/{id}/reply': mutating(addressees).handler(async (event) => {
      const { measures } = bodyOf(opinionReplySchema, event);
      return json(200, await opinions.reply(officialOf(event), idOf(event), measures));
    }),
    'POST /v1/opinions/{id}/review-request': mutating(addressees).handler(async (event) => {
      const { grounds } = bodyOf(opinionReviewRequestSchema, event);
      return json(200, await opinions.requestReview(officialOf(event), idOf(event), grounds));
    }),
    'POST /v1/opinions/{id}/review-decision': mutating(['supervisor']).handler(async (event) =>
      json(
        200,
        await opinions.decideReview(
          officialOf(event),
          idOf(event),
          bodyOf(opinionReviewDecisionSchema, event),
        ),
      ),
    ),
    'POST /v1/complaints': mutating(['citizen']).handler(async (event) => {
      // The person's own, or one a guardian or agent files for them.
      const { nationalId, agent } = personConcerned(event.caller);
      const filed = await complaints.file(
        { subject: event.caller.subject, nationalId, ...(agent ? { agent } : {}) },
        bodyOf(complaintSchema, event),
      );
      return json(201, filed);
    }),
    'GET /v1/complaints': readEndpoint({
      roles: ['citizen', 'supervisor', 'unit', ...agencyRoles],
    }).handler(async (event) => {
      const page = queryOf(event);
      return json(
        200,
        await complaints.list(
          {
            ...officialOf(event),
            nationalId:
              event.caller.role === 'citizen'
                ? personConcerned(event.caller).nationalId
                : undefined,
          },
          page,
        ),
      );
    }),
    'POST /v1/complaints/{id}/response': mutating(['unit', ...agencyRoles]).handler(
      async (event) => {
        const { response } = bodyOf(complaintResponseSchema, event);
        return json(200, await complaints.answer(officialOf(event), idOf(event), response));
      },
    ),
    'POST /v1/complaints/{id}/resolution': mutating(['supervisor', 'unit', ...agencyRoles]).handler(
      async (event) => {
        const { resolution } = bodyOf(complaintResolutionSchema, event);
        return json(200, await complaints.resolve(officialOf(event), idOf(event), resolution));
      },
    ),
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeOversight(config);
export const handler = oversightHandler(
  new CorrectiveOpinions(dependencies),
  new Complaints(dependencies),
  idempotency,
  config,
);
