/**
 * The unit files share their worker's modules (vitest.config.ts, the `unit` project): a file
 * that changes process-wide state which another file reads fails itself, here, rather than
 * some later file by chance. Watched: zod's error map (the OpenID4VCI libraries set theirs
 * when they load; the wallet modules set it back) and the time zone.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import * as z from 'zod';

let timeZone: string | undefined;
beforeAll(() => {
  timeZone = process.env.TZ;
  expect(z.config().customError, "zod's error map as a file started").toBeUndefined();
});
afterAll(() => {
  expect(z.config().customError, "zod's error map as the file ended").toBeUndefined();
  expect(process.env.TZ, 'the time zone as the file ended').toBe(timeZone);
});
