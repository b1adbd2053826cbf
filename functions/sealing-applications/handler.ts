/**
 * Sealing applications (API.md, The person's own view): a person — or a guardian or agent
 * acting for them — asks the organisation that holds a record to seal it; the organisation's
 * officials list and decide them with reasons; the person sees each decision.
 */
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type * as z from 'zod';
import { composeSealingApplications } from '#shared/composition/sealingApplications.ts';
import { type Config, readConfig } from '#shared/config.ts';
import { agencyRoles } from '#shared/domain/agencies.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { byRouteKey, mutatingJsonEndpoint, readEndpoint } from '#shared/http/endpoint.ts';
import { type ApiEvent, json } from '#shared/http/middlewares.ts';
import { problems, validationProblem } from '#shared/http/problem.ts';
import { documentIdSchema } from '#shared/http/schemas/oversight.ts';
import {
  sealingApplicationDecisionSchema,
  sealingApplicationListQuerySchema,
  sealingApplicationSchema,
} from '#shared/http/schemas/sealingApplications.ts';
import { SealingApplications } from '#shared/usecases/sealingApplications.ts';

function parsed<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationProblem(result.error);
  return result.data;
}

const officialOf = (event: ApiEvent) => ({
  subject: event.caller.subject,
  role: event.caller.role,
  org: event.caller.organisation,
});

export function sealingApplicationsHandler(
  applications: SealingApplications,
  idempotency: BasePersistenceLayer,
  config: Config,
) {
  const mutating = (roles: readonly ApiEvent['caller']['role'][]) =>
    mutatingJsonEndpoint({ roles, maxBodyBytes: 48 * 1024, idempotency, config });
  const noStore = { 'cache-control': 'no-store' };

  return byRouteKey({
    'POST /v1/me/sealing-applications': mutating(['citizen']).handler(async (event) => {
      const person = personConcerned(event.caller);
      const body = parsed(sealingApplicationSchema, event.jsonBody);
      return json(
        201,
        await applications.apply({ subject: event.caller.subject, ...person }, body),
      );
    }),
    'GET /v1/me/sealing-applications': readEndpoint({ roles: ['citizen'] }).handler(
      async (event) => {
        const person = personConcerned(event.caller);
        const mine = await applications.listMine({ subject: event.caller.subject, ...person });
        return json(200, { applications: mine }, noStore);
      },
    ),
    'GET /v1/sealing-applications': readEndpoint({ roles: agencyRoles }).handler(async (event) => {
      const query = parsed(sealingApplicationListQuerySchema, event.queryStringParameters ?? {});
      return json(200, await applications.listForAgency(officialOf(event), query), noStore);
    }),
    'POST /v1/sealing-applications/{id}/decision': mutating(agencyRoles).handler(async (event) => {
      const id = documentIdSchema.safeParse(event.pathParameters?.id);
      if (!id.success) throw problems.notFound();
      const body = parsed(sealingApplicationDecisionSchema, event.jsonBody);
      return json(200, await applications.decide(officialOf(event), id.data, body));
    }),
  });
}

const config = readConfig();
const { dependencies, idempotency } = await composeSealingApplications(config);
export const handler = sealingApplicationsHandler(
  new SealingApplications(dependencies),
  idempotency,
  config,
);
