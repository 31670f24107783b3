// The Redis that suites share (TEST_REDIS_URL), opened through the server's ioredis so that suites of other packages
// (the client's, which has no Redis dependency of its own) can use a real one too.
import { Redis } from 'ioredis';

export type { Redis as TestRedis } from 'ioredis';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A new connection; each one stands for a separate process. Close it with `quit()`. */
export function connectTestRedis(): Redis {
  return new Redis(TEST_REDIS_URL);
}
