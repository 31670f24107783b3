import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createClock } from '../test/clock.js';
import { createMemoryFailureCounter, createRedisFailureCounter, type FailureCounter, type Limit } from './failure-counter.js';
import { createLoginThrottle, loginLimits } from './login-throttle.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tessera-test:${process.pid}:${Date.now()}:`;
const limits = { perAccountAndIp: 3, perAccount: 5, perIp: 100, windowSeconds: 60 };
const one = (key: string, limit = 2): Limit[] => [{ key, limit, windowSeconds: 60 }];

const counters: Array<[string, () => FailureCounter]> = [
  ['memory', () => createMemoryFailureCounter(createClock().now)],
  ['redis', () => createRedisFailureCounter(new Redis(REDIS_URL), prefix)],
];

describe.each(counters)('%s failure counter', (_name, make) => {
  const counter = make();
  afterAll(() => counter.close());

  it('reserves up to the limit in a window, then refuses without counting, and resets', async () => {
    expect(await counter.get('k1')).toEqual({ count: 0, retryAfter: 0 });
    expect(await counter.reserve(one('k1'))).toEqual({ ok: true });
    expect(await counter.reserve(one('k1'))).toEqual({ ok: true });
    const refused = await counter.reserve(one('k1'));
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.retryAfter).toBeGreaterThan(0);
    const state = await counter.get('k1');
    expect(state.count).toBe(2);
    expect(state.retryAfter).toBeLessThanOrEqual(60);
    await counter.reset('k1');
    expect((await counter.get('k1')).count).toBe(0);
  });

  it('reserves on every key or on none', async () => {
    await counter.reserve(one('full', 1));
    expect(await counter.reserve([...one('free', 5), ...one('full', 1)])).toMatchObject({ ok: false });
    expect((await counter.get('free')).count).toBe(0);
  });

  it('gives one attempt back on release, never below zero', async () => {
    await counter.reserve(one('r'));
    await counter.release('r');
    await counter.release('r');
    expect((await counter.get('r')).count).toBe(0);
  });

  it('lets 40 concurrent reservations through exactly up to the limit', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, () => counter.reserve(one('race', 10))));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
  });

  it('throttles one account-and-address pair without locking the account for other addresses', async () => {
    const throttle = createLoginThrottle(counter, limits);
    for (let i = 0; i < 3; i++) await throttle.reserve('victim@example.com', '10.0.0.1');
    await expect(throttle.reserve(' Victim@Example.com ', '10.0.0.1')).rejects.toMatchObject({
      code: 'rate_limited',
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
    });
    await expect(throttle.reserve('victim@example.com', '10.0.0.2')).resolves.toBeDefined();
  });

  it('throttles an account for every address past its ceiling', async () => {
    const throttle = createLoginThrottle(counter, limits);
    for (let i = 0; i < 5; i++) await throttle.reserve('ceiling@example.com', `10.1.0.${i}`);
    await expect(throttle.reserve('ceiling@example.com', '10.1.0.99')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('throttles an IP that spreads guesses over many accounts', async () => {
    const throttle = createLoginThrottle(counter, { ...limits, perIp: 5 });
    for (let i = 0; i < 5; i++) await throttle.reserve(`user${i}@example.com`, '192.0.2.9');
    await expect(throttle.reserve('fresh@example.com', '192.0.2.9')).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('starts the pair over on a success and gives the account and address their attempt back', async () => {
    const throttle = createLoginThrottle(counter, limits);
    const keys = loginLimits('ok@example.com', '10.2.0.1', limits).map((l) => l.key);
    await throttle.reserve('ok@example.com', '10.2.0.1');
    await (await throttle.reserve('ok@example.com', '10.2.0.1')).succeeded();
    expect((await counter.get(keys[0]!)).count).toBe(0);
    expect((await counter.get(keys[1]!)).count).toBe(1);
    expect((await counter.get(keys[2]!)).count).toBe(1);
  });
});

describe('shared Redis counter', () => {
  it('is seen by several instances at once, and 100 racing reservations from two of them pass exactly the limit', async () => {
    const a = createRedisFailureCounter(new Redis(REDIS_URL), prefix);
    const b = createRedisFailureCounter(new Redis(REDIS_URL), prefix);
    try {
      const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).reserve(one('shared', 10))));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      expect((await a.get('shared')).count).toBe(10);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('memory counter window', () => {
  it('forgets attempts when the window ends', async () => {
    const clock = createClock();
    const counter = createMemoryFailureCounter(clock.now);
    await counter.reserve(one('k'));
    clock.advance(60_001);
    expect(await counter.get('k')).toEqual({ count: 0, retryAfter: 0 });
  });
});
