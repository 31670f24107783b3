// Waiting for another tab's news: its refresh result, after queueing behind its lock.
import type { Timers } from './timers.js';

export interface PeerWait {
  /** Resolves at the next `wake()`, or after `ms`. */
  wait(ms: number): Promise<void>;
  /** Called when a session (or a sign-out) is installed: ends every wait. */
  wake(): void;
}

export function createPeerWait(timers: Timers): PeerWait {
  const waiters: Array<() => void> = [];
  return {
    wait: (ms) =>
      new Promise((resolve) => {
        waiters.push(resolve);
        timers.setTimeout(resolve, ms);
      }),
    wake() {
      for (const resolve of waiters.splice(0)) resolve();
    },
  };
}
