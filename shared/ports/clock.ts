/** Port: the time, injected so tests can fix it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that runs on from another starting point: `offsetMs` ahead of the machine's (behind,
 * when negative). The local stack's `NOW` (API.md, Running locally) — chosen only by the local
 * configuration (shared/composition/clock.ts).
 */
export function shiftedClock(offsetMs: number): Clock {
  return { now: () => new Date(Date.now() + offsetMs) };
}
