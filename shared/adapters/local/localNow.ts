/**
 * `NOW` for the local stack and its token tool (API.md, Running locally): an ISO 8601
 * date-time with its offset (`2026-12-29T10:00:00+08:00`, or `Z`) at which the local clock
 * starts. Read only by `npm start` and `npm run token`, never by a function in AWS.
 */

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export class InvalidNowError extends Error {
  override name = 'InvalidNowError';
}

/** The instant `NOW` names; undefined when it is absent or empty. Throws `InvalidNowError`. */
export function localNow(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const value = env.NOW;
  if (value === undefined || value === '') return undefined;
  const instant = new Date(value);
  if (!DATE_TIME.test(value) || !Number.isFinite(instant.getTime())) {
    throw new InvalidNowError(
      'NOW must be an ISO 8601 date-time with an offset, e.g. 2026-12-29T10:00:00+08:00',
    );
  }
  return instant;
}
