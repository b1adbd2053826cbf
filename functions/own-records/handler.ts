/**
 * GET /v1/me/records — the person's own records and whether each is sealed, with the sealing
 * and unsealing notices (API.md, The person's own view). Never signed; never cached.
 */
import { composeOwnRecords } from '#shared/composition/ownRecords.ts';
import { readConfig } from '#shared/config.ts';
import { personConcerned } from '#shared/http/caller.ts';
import { readEndpoint } from '#shared/http/endpoint.ts';
import { json } from '#shared/http/middlewares.ts';
import { ReadOwnRecords } from '#shared/usecases/ownRecords.ts';

export function ownRecordsHandler(readOwnRecords: ReadOwnRecords) {
  return readEndpoint({ roles: ['citizen'] }).handler(async (event) => {
    // The token's own person, or the person a guardian or agent acts for.
    const person = personConcerned(event.caller);
    const answer = await readOwnRecords.execute({ subject: event.caller.subject, ...person });
    return json(200, answer, { 'cache-control': 'no-store' });
  });
}

export const handler = ownRecordsHandler(new ReadOwnRecords(await composeOwnRecords(readConfig())));
