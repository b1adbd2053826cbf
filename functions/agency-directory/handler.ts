/**
 * GET /v1/agencies — the agency directory, versioned and paged, for any authenticated caller
 * (API.md, Oversight). Organisations only: nothing personal, so nothing to audit or decrypt.
 */
import { DynamoDbAgencyDirectory } from '#shared/adapters/dynamodb/agencyDirectory.ts';
import { platformOf } from '#shared/composition/platform.ts';
import { readConfig } from '#shared/config.ts';
import { roles } from '#shared/definitions/routes.ts';
import { readEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { pageQuerySchema } from '#shared/http/schemas/agencies.ts';
import type { AgencyDirectoryListing } from '#shared/ports/agencyDirectory.ts';

export function agencyDirectoryHandler(directory: AgencyDirectoryListing) {
  return readEndpoint({ roles }).handler(async (event) => {
    const query = pageQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw validationProblem(query.error);
    return json(200, await directory.page(query.data));
  });
}

const config = readConfig();
const { documents } = platformOf(config);
export const handler = agencyDirectoryHandler(
  new DynamoDbAgencyDirectory(documents, config.tables.agencyDirectory),
);
