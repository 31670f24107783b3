// Fixed-window attempt counters for the login and registration limits: in memory for one instance, Redis for
// several. An attempt is reserved (counted) before any password work, atomically against every limit it is under,
// so however many requests race, no more attempts than the limit are ever evaluated.
import type { Redis } from 'ioredis';

/** One counter an attempt must fit under: at most `limit` attempts per window of `windowSeconds`. */
export interface Limit {
  key: string;
  limit: number;
  windowSeconds: number;
}

export type Reservation = { ok: true } | { ok: false; retryAfter: number };

export interface FailureCounter {
  /** Attempts so far in the key's current window, and seconds until the window ends (0 when empty). */
  get(key: string): Promise<{ count: number; retryAfter: number }>;
  /**
   * When every key is under its limit, counts one attempt on each (a window starts with its first attempt) and
   * answers ok; otherwise counts nothing and answers the seconds until the fullest key frees. Atomic: check and
   * count are one step, in the process and in Redis.
   */
  reserve(limits: readonly Limit[]): Promise<Reservation>;
  /** Gives back one reserved attempt (a success, or an attempt that was never evaluated). */
  release(key: string): Promise<void>;
  reset(key: string): Promise<void>;
  close(): Promise<void>;
}

export function createMemoryFailureCounter(now: () => number): FailureCounter {
  const windows = new Map<string, { count: number; endsAt: number }>();
  let writes = 0;
  const sweep = () => {
    const t = now();
    for (const [key, w] of windows) if (w.endsAt <= t) windows.delete(key);
  };
  const current = (key: string) => {
    const w = windows.get(key);
    return w && w.endsAt > now() ? w : undefined;
  };
  return {
    async get(key) {
      const w = current(key);
      if (!w) return { count: 0, retryAfter: 0 };
      return { count: w.count, retryAfter: Math.ceil((w.endsAt - now()) / 1000) };
    },
    // No await between the check and the count: on one event loop that is atomic.
    async reserve(limits) {
      const t = now();
      let retryAfterMs = 0;
      for (const { key, limit } of limits) {
        const w = current(key);
        if (w && w.count >= limit) retryAfterMs = Math.max(retryAfterMs, w.endsAt - t);
      }
      if (retryAfterMs > 0) return { ok: false, retryAfter: Math.ceil(retryAfterMs / 1000) };
      if (++writes % 1000 === 0) sweep();
      for (const { key, windowSeconds } of limits) {
        const w = current(key);
        if (w) w.count++;
        else windows.set(key, { count: 1, endsAt: t + windowSeconds * 1000 });
      }
      return { ok: true };
    },
    async release(key) {
      const w = current(key);
      if (w && w.count > 0) w.count--;
    },
    async reset(key) {
      windows.delete(key);
    },
    async close() {
      windows.clear();
    },
  };
}

// KEYS: the counters; ARGV: limit and window (ms) of each, in pairs. One script, so no other client's INCR can land
// between the check and the count, whichever instance sent it. A key without an expiry (left by a crash between an
// INCR and a PEXPIRE in older versions) gets one rather than blocking forever.
const RESERVE = `
local wait = 0
for i, key in ipairs(KEYS) do
  local count = tonumber(redis.call('GET', key) or '0')
  if count >= tonumber(ARGV[2 * i - 1]) then
    local ttl = redis.call('PTTL', key)
    if ttl < 0 then
      redis.call('PEXPIRE', key, ARGV[2 * i])
      ttl = tonumber(ARGV[2 * i])
    end
    if ttl > wait then wait = ttl end
  end
end
if wait > 0 then return wait end
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
end
return 0
`;

// DECR only a live counter above zero: an expired one must not come back as -1 (a free attempt later).
const RELEASE = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then redis.call('DECR', KEYS[1]) end
return 0
`;

export function createRedisFailureCounter(redis: Redis, prefix = 'tessera:fail:'): FailureCounter {
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
    async reserve(limits) {
      const keys = limits.map(({ key }) => prefix + key);
      const args = limits.flatMap(({ limit, windowSeconds }) => [String(limit), String(windowSeconds * 1000)]);
      const waitMs = Number(await redis.eval(RESERVE, keys.length, ...keys, ...args));
      return waitMs > 0 ? { ok: false, retryAfter: Math.ceil(waitMs / 1000) } : { ok: true };
    },
    async release(key) {
      await redis.eval(RELEASE, 1, prefix + key);
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
