// Fixed-window failure counters for the login rate limit: in memory for one instance, Redis for several.
import type { Redis } from 'ioredis';

export interface FailureCounter {
  /** Failures so far in the current window, and seconds until the window ends (0 when empty). */
  get(key: string): Promise<{ count: number; retryAfter: number }>;
  /** Counts one failure; the window starts with the first. */
  add(key: string): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryFailureCounter(windowSeconds: number, now: () => number): FailureCounter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  let writes = 0;
  const sweep = () => {
    const t = now();
    for (const [key, w] of windows) if (w.endsAt <= t) windows.delete(key);
  };
  return {
    async get(key) {
      const w = windows.get(key);
      const t = now();
      if (!w || w.endsAt <= t) return { count: 0, retryAfter: 0 };
      return { count: w.count, retryAfter: Math.ceil((w.endsAt - t) / 1000) };
    },
    async add(key) {
      if (++writes % 1000 === 0) sweep();
      const t = now();
      const w = windows.get(key);
      if (!w || w.endsAt <= t) windows.set(key, { count: 1, endsAt: t + windowSeconds * 1000 });
      else w.count++;
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}

export function createRedisFailureCounter(redis: Redis, windowSeconds: number, prefix = 'tessera:fail:'): FailureCounter {
  return {
    async get(key) {
      const [count, ttl] = replies(
        await redis
          .multi()
          .get(prefix + key)
          .pttl(prefix + key)
          .exec(),
      ) as [string | null, number];
      const n = Number(count ?? 0);
      return { count: n, retryAfter: n > 0 && ttl > 0 ? Math.ceil(ttl / 1000) : 0 };
    },
    async add(key) {
      // INCR then set the expiry only if the key has none: the window starts at the first failure.
      replies(
        await redis
          .multi()
          .incr(prefix + key)
          .pexpire(prefix + key, windowSeconds * 1000, 'NX')
          .exec(),
      );
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
    async close() {
      await redis.quit();
    },
  };
}

/**
 * The replies of a MULTI, or the first error among them: ioredis resolves `exec()` with an [error, reply] pair per
 * command, so a failed command (a timeout, say) would otherwise read as an empty counter.
 */
function replies(results: Array<[Error | null, unknown]> | null): unknown[] {
  if (!results) throw new Error('Redis transaction aborted');
  for (const [error] of results) if (error) throw error;
  return results.map(([, reply]) => reply);
}
