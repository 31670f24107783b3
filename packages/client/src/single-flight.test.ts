import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.js';

describe('singleFlight', () => {
  it('shares one pending call between concurrent callers', async () => {
    let runs = 0;
    const once = singleFlight(async () => ++runs);
    const results = await Promise.all(Array.from({ length: 100 }, () => once()));
    expect(runs).toBe(1);
    expect(new Set(results)).toEqual(new Set([1]));
  });

  it('runs again once the previous call settled', async () => {
    let runs = 0;
    const once = singleFlight(async () => ++runs);
    await once();
    await expect(once()).resolves.toBe(2);
  });

  it('hands the same rejection to every waiter and recovers after it', async () => {
    let fail = true;
    const once = singleFlight(async () => {
      if (fail) throw new Error('down');
      return 'ok';
    });
    const results = await Promise.allSettled([once(), once()]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    await expect(once()).resolves.toBe('ok');
  });
});
