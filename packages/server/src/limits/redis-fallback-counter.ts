// The shared login limiter that outlives Redis: counts in Redis while it answers, in the process while it does not
// (each instance then limits on its own, which still stops a guessing script), and in Redis again once it is back.
// A login never fails because the limiter's store did.
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { Logger } from '../config/index.js';
import { createMemoryFailureCounter, createRedisFailureCounter, type FailureCounter } from './failure-counter.js';

export interface RedisFallbackCounterOptions {
  /** Made with `createRedisClient` (fails fast while Redis is down); this counter owns it and closes it. */
  redis: Redis;
  prefix: string;
  now: () => number;
  logger: Logger;
  /** How often a PING checks whether Redis is back, while it is away. @default 250 */
  probeIntervalMs?: number;
}

export interface RedisFallbackCounter extends FailureCounter {
  /** True while failures are counted in Redis. */
  readonly onRedis: boolean;
}

export function createRedisFallbackCounter(options: RedisFallbackCounterOptions): RedisFallbackCounter {
  const { redis, logger, probeIntervalMs = 250 } = options;
  const shared = createRedisFailureCounter(redis, options.prefix);
  const local = createMemoryFailureCounter(options.now);
  let onRedis = redis.status === 'ready';
  let since: number | undefined;
  let probe: NodeJS.Timeout | undefined;
  let closed = false;

  /** Every failure of an outage lands here; only the first is logged. */
  const fallBack = (error: unknown) => {
    if (closed) return;
    onRedis = false;
    if (since !== undefined) return;
    since = performance.now();
    logger.warn('Redis unavailable; login limits are counted in this process until it is back', {
      error: error instanceof Error ? error.message : String(error),
    });
    scheduleProbe();
  };

  const scheduleProbe = () => {
    clearTimeout(probe);
    probe = setTimeout(check, probeIntervalMs);
    // Shutting down during an outage need not wait for Redis.
    probe.unref();
  };

  // A PING rather than the 'ready' event: a connection can stay open to a Redis that no longer answers.
  const check = () => {
    redis.ping().then(
      () => {
        if (closed || since === undefined) return;
        logger.info('Redis available again; login limits are counted in Redis', { outageMs: Math.round(performance.now() - since) });
        since = undefined;
        onRedis = true;
      },
      () => {
        if (!closed) scheduleProbe();
      },
    );
  };

  redis.on('error', fallBack);
  redis.on('close', () => fallBack(new Error('Redis connection closed')));
  // Back sooner than the next probe; the PING still decides.
  redis.on('ready', () => {
    if (since !== undefined && !closed) check();
  });
  if (!onRedis) fallBack(new Error(`Redis not connected (${redis.status})`));

  /** Redis when it is up; the in-process counter when it is not or when this very call fails. */
  async function run<T>(work: (counter: FailureCounter) => Promise<T>): Promise<T> {
    if (onRedis) {
      try {
        return await work(shared);
      } catch (error) {
        fallBack(error);
      }
    }
    return work(local);
  }

  return {
    get onRedis() {
      return onRedis;
    },
    get: (key) => run((counter) => counter.get(key)),
    reserve: (limits) => run((counter) => counter.reserve(limits)),
    release: (key) => run((counter) => counter.release(key)),
    async reset(key) {
      // Also forget failures counted here during an earlier outage, so a later one does not start from them.
      await local.reset(key);
      await run((counter) => (counter === local ? Promise.resolve() : counter.reset(key)));
    },
    async close() {
      closed = true;
      clearTimeout(probe);
      await local.close();
      // QUIT is refused while disconnected (no offline queue); then just drop the connection attempts.
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
