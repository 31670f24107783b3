// An in-memory Web Locks manager (exclusive mode, ifAvailable, signal, steal) standing in for navigator.locks across "tabs".
import type { Locks } from '../tab-sync.js';

export interface FakeLocks extends Locks {
  /** Take the lock and never give it back, like a tab that froze mid-refresh. */
  hold(name: string): void;
  /** How many requests were granted by stealing. */
  steals: number;
  /** How many requests had to queue. */
  queued: number;
}

const LOCK = { name: 'fake' };

export function createFakeLocks(): FakeLocks {
  const tails = new Map<string, Promise<unknown>>();
  const busy = new Map<string, number>();
  const track = <T>(name: string, run: Promise<T>) => {
    busy.set(name, (busy.get(name) ?? 0) + 1);
    void run.finally(() => busy.set(name, (busy.get(name) ?? 1) - 1)).catch(() => {});
    return run;
  };
  const locks: FakeLocks = {
    steals: 0,
    queued: 0,
    hold(name) {
      busy.set(name, (busy.get(name) ?? 0) + 1);
      tails.set(name, new Promise(() => {}));
    },
    request(name, options, callback) {
      if (options.steal) {
        locks.steals++;
        const run = track(name, callback(LOCK));
        tails.set(
          name,
          run.catch(() => {}),
        );
        return run;
      }
      const previous = tails.get(name) ?? Promise.resolve();
      if (options.ifAvailable && busy.get(name)) return callback(null);
      if (busy.get(name)) locks.queued++;
      let aborted = false;
      const granted = new Promise<void>((resolve, reject) => {
        options.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        });
        void previous.then(() => !aborted && resolve());
      });
      busy.set(name, (busy.get(name) ?? 0) + 1);
      const run = granted.then(() => callback(LOCK));
      void run.finally(() => busy.set(name, (busy.get(name) ?? 1) - 1)).catch(() => {});
      // The next request waits for the holder ahead and for this one, whether it ran or gave up.
      tails.set(
        name,
        previous.then(() => run.catch(() => {})),
      );
      return run;
    },
  };
  return locks;
}
