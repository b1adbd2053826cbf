/**
 * GET /v1/oversight/summary — the supervisor's overview, counted from states alone; and
 * GET /v1/agencies — the agency directory for any authenticated caller. Both read plain,
 * keyless data and hold no key; they share one function to keep the stack within
 * CloudFormation's resource limit.
 */
import { DynamoDbAgencyDirectory } from '#shared/adapters/dynamodb/agencyDirectory.ts';
import { composeOversightSummary } from '#shared/composition/oversight.ts';
import { platformOf } from '#shared/composition/platform.ts';
import { readConfig } from '#shared/config.ts';
import { roles } from '#shared/definitions/routes.ts';
import { byRouteKey, readEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { pageQuerySchema } from '#shared/http/schemas/agencies.ts';
import type { AgencyDirectoryListing } from '#shared/ports/agencyDirectory.ts';
import { SummariseOversight } from '#shared/usecases/oversightSummary.ts';

export function oversightSummaryHandler(
  summarise: SummariseOversight,
  directory: AgencyDirectoryListing,
) {
  return byRouteKey({
    'GET /v1/oversight/summary': readEndpoint({ roles: ['supervisor'] }).handler(async (event) =>
      json(
        200,
        await summarise.execute({ subject: event.caller.subject, org: event.caller.organisation }),
        { 'cache-control': 'no-store' },
      ),
    ),
    // Organisations only: nothing personal, so nothing to audit or decrypt.
    'GET /v1/agencies': readEndpoint({ roles }).handler(async (event) => {
      const query = pageQuerySchema.safeParse(event.queryStringParameters ?? {});
      if (!query.success) throw validationProblem(query.error);
      return json(200, await directory.page(query.data));
    }),
  });
}

const config = readConfig();
export const handler = oversightSummaryHandler(
  new SummariseOversight(await composeOversightSummary(config)),
  new DynamoDbAgencyDirectory(platformOf(config).documents, config.tables.agencyDirectory),
);
