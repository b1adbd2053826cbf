/** GET /v1/oversight/summary — the supervisor's overview, counted from states alone. */
import { composeOversightSummary } from '#shared/composition/oversight.ts';
import { readConfig } from '#shared/config.ts';
import { readEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { SummariseOversight } from '#shared/usecases/oversightSummary.ts';

export function oversightSummaryHandler(summarise: SummariseOversight) {
  return readEndpoint({ roles: ['supervisor'] }).handler(async (event) =>
    json(
      200,
      await summarise.execute({ subject: event.caller.subject, org: event.caller.organisation }),
      { 'cache-control': 'no-store' },
    ),
  );
}

export const handler = oversightSummaryHandler(
  new SummariseOversight(await composeOversightSummary(readConfig())),
);
