/** GET /v1/me/access-log — a citizen's own view of who inquired about them (API.md). */
import { composeAccessLog } from '#shared/composition/accessLog.ts';
import { readConfig } from '#shared/config.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { readEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { ReadAccessLog } from '#shared/usecases/accessLog.ts';

export function accessLogHandler(readAccessLog: ReadAccessLog) {
  return readEndpoint({ roles: ['citizen'] }).handler(async (event) => {
    const person = personConcerned(event.caller);
    const entries = await readAccessLog.execute({ subject: event.caller.subject, ...person });
    return json(200, { entries }, { 'cache-control': 'no-store' });
  });
}

export const handler = accessLogHandler(new ReadAccessLog(await composeAccessLog(readConfig())));
