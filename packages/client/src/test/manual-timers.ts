// Timers driven by hand, for modules that take a `Timers`: nothing fires until the test says so.
import type { Timers } from '../timers.js';

export interface ManualTimers extends Timers {
  /** The delays of the timers still pending, in the order they were set. */
  pending(): number[];
  /** Fires every pending timer whose delay is at most `ms`. */
  fire(ms?: number): void;
}

export function createManualTimers(): ManualTimers {
  let next = 0;
  const timers = new Map<number, { callback: () => void; ms: number }>();
  return {
    setTimeout(callback, ms) {
      timers.set(++next, { callback, ms });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
    pending: () => [...timers.values()].map((t) => t.ms),
    fire(ms = Infinity) {
      for (const [handle, timer] of [...timers]) {
        if (timer.ms > ms) continue;
        timers.delete(handle);
        timer.callback();
      }
    },
  };
}
