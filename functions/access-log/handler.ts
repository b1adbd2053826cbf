/** GET /v1/me/access-log — a citizen's own view of who inquired about them (API.md). */
import { composeAccessLog } from '#shared/composition/accessLog.ts';
import { readConfig } from '#shared/config.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { readEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { validationProblem } from '#shared/http/problem.ts';
import { listPageQuerySchema } from '#shared/http/schemas/paging.ts';
import { ReadAccessLog } from '#shared/usecases/accessLog.ts';

export function accessLogHandler(readAccessLog: ReadAccessLog) {
  return readEndpoint({ roles: ['citizen'] }).handler(async (event) => {
    const person = personConcerned(event.caller);
    const query = listPageQuerySchema.safeParse(event.queryStringParameters ?? {});
    if (!query.success) throw validationProblem(query.error);
    const page = await readAccessLog.execute(
      { subject: event.caller.subject, ...person },
      query.data,
    );
    return json(200, page, { 'cache-control': 'no-store' });
  });
}

export const handler = accessLogHandler(new ReadAccessLog(await composeAccessLog(readConfig())));
