// The shared login limiter that outlives Redis: counts in Redis while it answers, in the process while it does not
// (each instance then limits on its own, which still stops a guessing script), and in Redis again once it is back.
// A login never fails because the limiter's store did. A slow Redis is not an outage: falling back on one slow
// command made the limit per instance for anyone able to load the server (issue 9's flake check: 30 of 100 guesses
// evaluated by two instances instead of 10), so only a refused connection or an unanswered PING moves counting here.
import { performance } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import type { Logger } from '../config/index.js';
import { createMemoryFailureCounter, createRedisFailureCounter, type FailureCounter } from './failure-counter.js';

/** A command slower than this makes the counter ask, with a PING, whether Redis is there at all. */
const SLOW_COMMAND_MS = 200;
/** A PING unanswered this long means Redis is away (hung, or a network dropping packets). */
const PING_TIMEOUT_MS = 1_000;
const LATE = Symbol('late');

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
    first(redis.ping(), PING_TIMEOUT_MS)
      .then(
        (answer) => answer !== LATE,
        () => false,
      )
      .then((up) => {
        if (closed) return;
        if (!up) return scheduleProbe();
        if (since === undefined) return;
        logger.info('Redis available again; login limits are counted in Redis', { outageMs: Math.round(performance.now() - since) });
        since = undefined;
        onRedis = true;
      });
  };

  redis.on('error', fallBack);
  redis.on('close', () => fallBack(new Error('Redis connection closed')));
  // Back sooner than the next probe; the PING still decides.
  redis.on('ready', () => {
    if (since !== undefined && !closed) check();
  });
  if (!onRedis) fallBack(new Error(`Redis not connected (${redis.status})`));

  /** Redis when it is up; the in-process counter when it is not or when this very call finds it away. */
  async function run<T>(work: (counter: FailureCounter) => Promise<T>): Promise<T> {
    if (onRedis) {
      try {
        return await answered(work(shared));
      } catch (error) {
        fallBack(error);
      }
    }
    return work(local);
  }

  /**
   * The reply to `command`, however slow, unless Redis is away. A late reply may still be the count of record (the
   * script may have run), so it is worth waiting for while Redis answers at all: a PING sent after it on the same
   * connection is answered after it (Redis answers a connection's commands in order), so an answered PING means the
   * command's reply is in or on its way. Connection errors reject at once (no offline queue).
   */
  async function answered<T>(command: Promise<T>): Promise<T> {
    if ((await first(command, SLOW_COMMAND_MS)) === LATE) {
      command.catch(ignore); // abandoned if the PING goes unanswered; its failure was handled by falling back
      if ((await first(redis.ping(), PING_TIMEOUT_MS)) === LATE) {
        throw new Error(`Redis answered neither a command within ${SLOW_COMMAND_MS} ms nor a PING within ${PING_TIMEOUT_MS} ms`);
      }
    }
    return command;
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

/** How many times a deadline is moved because this process, not Redis, was late. */
const MAX_EXTENSIONS = 4;

/**
 * `promise`'s value, or LATE once `ms` have passed. Decided after the I/O already due has been read (setImmediate runs
 * after the poll phase): on a busy event loop a timer can fire while the reply sits unread in the socket. A timer that
 * fires well after its time says this process was starved (CPU load), not that Redis was slow: the reply then gets
 * another `ms`, a few times at most, so loading the server does not turn a slow Redis into per-instance limits.
 */
async function first<T>(promise: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  const late = new Promise<typeof LATE>((resolve) => {
    const arm = (extensions: number) => {
      const due = performance.now() + ms;
      timer = setTimeout(
        () =>
          setImmediate(() => {
            if (settled) return;
            const starved = performance.now() - due > ms / 2;
            if (starved && extensions < MAX_EXTENSIONS) arm(extensions + 1);
            else resolve(LATE);
          }),
        ms,
      );
    };
    arm(0);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    settled = true;
    clearTimeout(timer);
  }
}

function ignore(): void {}
