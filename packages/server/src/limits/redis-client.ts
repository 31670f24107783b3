// The Redis connection behind the shared login limiter, set up to fail fast: while Redis is down or hung, the
// limiter counts in the process (redis-fallback-counter.ts) instead of holding logins up.
import type { Redis, RedisOptions } from 'ioredis';

/**
 * Only so that commands to a hung Redis do not stay queued forever: whether Redis is away, and a login counts in the
 * process instead, is decided by redis-fallback-counter.ts (a slow command, then an unanswered PING), not by this.
 */
const REDIS_COMMAND_TIMEOUT_MS = 5_000;

const redisOptions: RedisOptions = {
  // ioredis queues commands while disconnected and answers them after a reconnect; a login would wait for that.
  // Off, a command fails at once and the login falls back to the in-process counter.
  enableOfflineQueue: false,
  // A command in flight when the connection drops fails rather than being retried on the next connection, and is
  // not sent again later: its failure was already counted in the process.
  maxRetriesPerRequest: 0,
  autoResendUnfulfilledCommands: false,
  // A Redis that accepts connections but does not answer (overloaded, or a network dropping packets).
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  connectTimeout: 1_000,
  // Reconnect forever, at most half a second apart, so counting moves back to Redis soon after it returns. The
  // default also reconnects forever, but backs off to 2 s.
  retryStrategy: (attempt) => Math.min(attempt * 50, 500),
};

/** Connects in the background; resolves once the first attempt has succeeded or failed (at most `connectTimeout`). */
export async function createRedisClient(url: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, redisOptions);
  // Without an 'error' listener ioredis prints "[ioredis] Unhandled error event" with a stack for every failed
  // reconnect. The failures that matter surface where commands fail, in the fallback counter, which logs once.
  redis.on('error', ignore);
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done).off('error', done).off('close', done);
      resolve();
    };
    const timer = setTimeout(done, redisOptions.connectTimeout);
    redis.once('ready', done).once('error', done).once('close', done);
  });
  return redis;
}

function ignore(): void {}
