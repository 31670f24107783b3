// Issue 11, item 3: a Redis outage turned every login into 500 internal_error after up to 2.7 s and filled the log
// with "[ioredis] Unhandled error event". Through a TCP proxy to the real Redis: logins keep working, limited by the
// in-process counter, and counting moves back to Redis once it returns.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { expectProblem, PASSWORD, registerWithBody } from '../test/flows.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const REDIS_URL = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `tessera-test:${process.pid}:${randomBytes(4).toString('hex')}:`;

describe('logins through a Redis outage', () => {
  let redis: Redis;
  let proxy: TcpProxy;
  let server: TestServer | undefined;
  let lines: string[];
  let uncaught: unknown[];
  let consoleError: MockInstance;
  const onUncaught = (error: unknown) => void uncaught.push(error);
  const logger = {
    info: (message: string) => void lines.push(`info ${message}`),
    warn: (message: string) => void lines.push(`warn ${message}`),
    error: (message: string) => void lines.push(`error ${message}`),
  };

  beforeAll(() => {
    redis = new Redis(REDIS_URL.toString());
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });
  beforeEach(async () => {
    lines = [];
    uncaught = [];
    process.on('uncaughtException', onUncaught);
    consoleError = vi.spyOn(console, 'error');
    proxy = await startTcpProxy({ host: REDIS_URL.hostname, port: Number(REDIS_URL.port || 6379) });
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await proxy.close();
    process.off('uncaughtException', onUncaught);
    consoleError.mockRestore();
  });

  const start = () =>
    createTestServer('sqlite', {
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      redisKeyPrefix: prefix,
      loginMaxFailuresPerAccount: 3,
      logger,
    });
  const login = (email: string, password: string) => server!.request('/auth/login', { method: 'POST', json: { email, password } });
  const countInRedis = async (email: string) => Number((await redis.get(`${prefix}fail:acct:${email}`)) ?? 0);
  const linesMatching = (text: string) => lines.filter((line) => line.includes(text));

  /** Waits for the switch back to Redis (a PING every 250 ms decides) and returns how long it took. */
  async function timeBackOnRedis(): Promise<number> {
    const restored = performance.now();
    proxy.restore();
    await vi.waitFor(() => expect(linesMatching('Redis available again')).toHaveLength(1), { timeout: 5_000, interval: 10 });
    return Math.round(performance.now() - restored);
  }

  /** Nothing went unhandled: no uncaught exception, no ioredis complaint on the console, no error in the log. */
  function expectNothingUnhandled() {
    expect(uncaught).toEqual([]);
    expect(consoleError.mock.calls.flat().join(' ')).not.toContain('[ioredis]');
    expect(linesMatching('error ')).toEqual([]);
  }

  it('keeps logins working and throttled in the process while Redis is cut, and counts in Redis again once it is back', async () => {
    server = await start();
    const { email } = await registerWithBody(server);
    await expectProblem(await login(email, 'guess'), 401, 'invalid_credentials');
    expect(await countInRedis(email)).toBe(1);

    proxy.cut();
    const latencies: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      expect((await login(email, PASSWORD)).status).toBe(200);
      latencies.push(Math.round(performance.now() - started));
    }
    console.log(`logins while Redis is cut took ${latencies.join(', ')} ms`);

    // Wrong passwords are still counted, in the process, and the account is throttled at its limit.
    const victim = (await registerWithBody(server)).email;
    for (let i = 0; i < 3; i++) await expectProblem(await login(victim, 'guess'), 401, 'invalid_credentials');
    const blocked = await login(victim, PASSWORD);
    await expectProblem(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await countInRedis(victim)).toBe(0);
    // Ten logins through the outage, one warning.
    expect(linesMatching('Redis unavailable')).toHaveLength(1);

    console.log(`Redis restored: login limits counted in Redis again after ${await timeBackOnRedis()} ms`);
    const later = (await registerWithBody(server)).email;
    await expectProblem(await login(later, 'guess'), 401, 'invalid_credentials');
    expect(await countInRedis(later)).toBe(1);
    expect(linesMatching('Redis unavailable')).toHaveLength(1);
    expectNothingUnhandled();
  });

  it('starts while Redis is down, limits in the process, and moves to Redis when it comes up', async () => {
    proxy.cut();
    server = await start();
    const { email } = await registerWithBody(server);
    for (let i = 0; i < 3; i++) await expectProblem(await login(email, 'guess'), 401, 'invalid_credentials');
    await expectProblem(await login(email, PASSWORD), 429, 'rate_limited');
    expect(linesMatching('Redis unavailable')).toHaveLength(1);

    console.log(`Redis up after a start without it: counted in Redis after ${await timeBackOnRedis()} ms`);
    const later = (await registerWithBody(server)).email;
    await expectProblem(await login(later, 'guess'), 401, 'invalid_credentials');
    expect(await countInRedis(later)).toBe(1);
    expectNothingUnhandled();
  });
});
