import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createClock } from '../test/clock.js';
import { createMemoryFailureCounter, createRedisFailureCounter, type FailureCounter } from './failure-counter.js';
import { createLoginThrottle } from './login-throttle.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tessera-test:${process.pid}:${Date.now()}:`;

const counters: Array<[string, () => FailureCounter]> = [
  ['memory', () => createMemoryFailureCounter(60, createClock().now)],
  ['redis', () => createRedisFailureCounter(new Redis(REDIS_URL), 60, prefix)],
];

describe.each(counters)('%s failure counter', (_name, make) => {
  const counter = make();
  afterAll(() => counter.close());

  it('counts failures in a window and resets', async () => {
    expect(await counter.get('k1')).toEqual({ count: 0, retryAfter: 0 });
    await counter.add('k1');
    await counter.add('k1');
    const state = await counter.get('k1');
    expect(state.count).toBe(2);
    expect(state.retryAfter).toBeGreaterThan(0);
    expect(state.retryAfter).toBeLessThanOrEqual(60);
    await counter.reset('k1');
    expect((await counter.get('k1')).count).toBe(0);
  });

  it('throttles an account after its limit without touching other accounts', async () => {
    const throttle = createLoginThrottle(counter, { perAccount: 3, perIp: 100 });
    for (let i = 0; i < 3; i++) await throttle.recordFailure('victim@example.com', '10.0.0.1');
    await expect(throttle.check('Victim@Example.com', '10.0.0.2')).rejects.toMatchObject({
      code: 'rate_limited',
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
    });
    await expect(throttle.check('other@example.com', '10.0.0.1')).resolves.toBeUndefined();
  });

  it('throttles an IP that spreads guesses over many accounts', async () => {
    const throttle = createLoginThrottle(counter, { perAccount: 100, perIp: 5 });
    for (let i = 0; i < 5; i++) await throttle.recordFailure(`user${i}@example.com`, '192.0.2.9');
    await expect(throttle.check('fresh@example.com', '192.0.2.9')).rejects.toMatchObject({ code: 'rate_limited' });
  });
});

describe('shared Redis counter', () => {
  it('is seen by several instances at once', async () => {
    const a = createRedisFailureCounter(new Redis(REDIS_URL), 60, prefix);
    const b = createRedisFailureCounter(new Redis(REDIS_URL), 60, prefix);
    try {
      await a.add('shared');
      await b.add('shared');
      expect((await a.get('shared')).count).toBe(2);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('memory counter window', () => {
  it('forgets failures when the window ends', async () => {
    const clock = createClock();
    const counter = createMemoryFailureCounter(60, clock.now);
    await counter.add('k');
    clock.advance(60_001);
    expect(await counter.get('k')).toEqual({ count: 0, retryAfter: 0 });
  });
});
