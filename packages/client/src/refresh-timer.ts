// The one pending refresh timer of a client: scheduling again replaces it.
import type { Timers } from './timers.js';

// setTimeout fires at once for delays above 2^31-1 ms.
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Returns `schedule(delay)`: run `fire` in `delay` ms (negative: at once), or, for null, not at all.
 * @example const schedule = createRefreshTimer(timers, refresh); schedule(refreshAt(session, margin) - now());
 */
export function createRefreshTimer(timers: Timers, fire: () => void): (delay: number | null) => void {
  let timer: unknown;
  return (delay) => {
    timers.clearTimeout(timer);
    timer = delay === null ? undefined : timers.setTimeout(fire, Math.min(Math.max(delay, 0), MAX_DELAY));
  };
}
