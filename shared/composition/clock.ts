/**
 * The clock of a composition: the machine's, or — on the local stack started with `NOW` —
 * the same clock shifted to start there (API.md, Running locally). `readConfig` refuses the
 * shift with KEY_PROVIDER=kms, so a deployment always runs on real time.
 */
import type { Config } from '../config.ts';
import { type Clock, shiftedClock, systemClock } from '../ports/clock.ts';

export function clockOf(config: Config): Clock {
  const offset = config.localClockOffsetMs;
  return offset === undefined || offset === 0 ? systemClock : shiftedClock(offset);
}
