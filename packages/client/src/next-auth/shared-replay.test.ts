// The shared replay store against a real Redis: each createSharedReplay() with its own connection plays one instance.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TokenSet } from '../adapters/auth-adapter.js';
import { connectTestRedis, type TestRedis } from '../../../server/src/test/test-redis.js';
import { AuthError } from '../errors.js';
import { globalTimers } from '../timers.js';
import { sha256 } from './replay-cache.js';
import { createSealer } from './sealed-value.js';
import { createSharedReplay, type ReplayRedis, type SharedReplayOptions } from './shared-replay.js';

const prefix = `test:shared-replay:${randomUUID()}:`;
const connections: TestRedis[] = [];
const connect = () => {
  const redis = connectTestRedis();
  connections.push(redis);
  return redis;
};
const admin = connect();

afterAll(async () => {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length) await admin.del(...keys);
  await Promise.all(connections.map((redis) => redis.quit()));
});

type Pair = TokenSet<{ id: string }>;
const sealer = createSealer(() => 'shared-replay-test-secret-0123456789', 'test');
const silent = { error() {} };

/** One instance: its own connection, the same Redis and prefix. */
function instance(options: Partial<SharedReplayOptions> = {}, logger: Pick<Console, 'error'> = silent) {
  return createSharedReplay<{ id: string }>(
    { redis: connect(), keyPrefix: prefix, lockTtl: 5_000, pollInterval: 10, ...options },
    { ttl: 30_000, sealer, timers: globalTimers, logger },
  );
}

const pair = (name: string): Pair => ({ accessToken: `at-${name}`, expiresAt: 1, user: { id: 'u1' }, refreshToken: `rt-${name}` });
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An exchange that counts its calls and answers after `ms`. */
function exchanger(result: () => Pair, ms = 100) {
  const exchange = vi.fn(async () => {
    await delay(ms);
    return result();
  });
  return exchange;
}

describe('createSharedReplay', () => {
  it('an ioredis client fits ReplayRedis as is', () => {
    const client: ReplayRedis = admin;
    expect(typeof client.set).toBe('function');
  });

  it('two instances rotating one token at once run one exchange and both get its pair', async () => {
    const [a, b] = [instance(), instance()];
    const key = await sha256('rt-concurrent');
    const exchangeA = exchanger(() => pair('from-a'));
    const exchangeB = exchanger(() => pair('from-b'));
    const [fromA, fromB] = await Promise.all([a.rotate(key, exchangeA), b.rotate(key, exchangeB)]);
    expect(exchangeA.mock.calls.length + exchangeB.mock.calls.length).toBe(1);
    expect(fromB).toEqual(fromA);
  });

  it('a later rotation of the same token, on another instance, gets the stored pair without exchanging', async () => {
    const [a, b] = [instance(), instance()];
    const key = await sha256('rt-late');
    const first = await a.rotate(
      key,
      exchanger(() => pair('next')),
    );
    const late = exchanger(() => pair('second'));
    expect(await b.rotate(key, late)).toEqual(first);
    expect(late).not.toHaveBeenCalled();
  });

  it('stores only hashes as keys and encrypted values: no token is readable in Redis, and the lock is released', async () => {
    const keyPrefix = `${prefix}visible:`;
    await instance({ keyPrefix }).rotate(
      await sha256('rt-old-secret'),
      exchanger(() => ({ ...pair('x'), refreshToken: 'rt-new-secret' })),
    );
    const keys = await admin.keys(`${keyPrefix}*`);
    expect(keys.map((k) => k.slice(keyPrefix.length)).sort()).toEqual([
      `rotation:${await sha256('rt-old-secret')}`,
      `successor:${await sha256('rt-new-secret')}`,
    ]);
    for (const key of keys) expect(await admin.get(key)).not.toMatch(/rt-|at-x/);
  });

  it('a failed exchange releases the lock, so a waiting instance exchanges at once instead of waiting out the lock', async () => {
    // A lock that outlives the test's timeout: waiting it out fails the test, whatever the machine's load.
    const [a, b] = [instance({ lockTtl: 60_000 }), instance({ lockTtl: 60_000 })];
    const key = await sha256('rt-holder-fails');
    const failing = vi.fn(async () => {
      await delay(100);
      throw new AuthError('network_error');
    });
    const holder = a.rotate(key, failing);
    await vi.waitFor(() => expect(failing).toHaveBeenCalled(), { timeout: 10_000 }); // a holds the lock now
    const waiter = exchanger(() => pair('retried'), 10);
    const [held, waited] = await Promise.allSettled([holder, b.rotate(key, waiter)]);
    expect(held.status).toBe('rejected');
    expect(waited).toEqual({ status: 'fulfilled', value: pair('retried') });
    expect(waiter).toHaveBeenCalledTimes(1);
  });

  it('a waiter gives up after lockTtl with network_error (not a refusal) while the holder is still busy', async () => {
    const key = await sha256('rt-slow-holder');
    let finish = (_: Pair) => {};
    const slow = vi.fn(() => new Promise<Pair>((resolve) => (finish = resolve)));
    const holder = instance().rotate(key, slow);
    await vi.waitFor(() => expect(slow).toHaveBeenCalled(), { timeout: 10_000 }); // the holder has the lock
    const started = Date.now();
    const waiting = instance({ lockTtl: 200 }).rotate(
      key,
      exchanger(() => pair('never')),
    );
    await expect(waiting).rejects.toMatchObject({ code: 'network_error' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    finish(pair('slow'));
    expect(await holder).toEqual(pair('slow'));
  });

  it('takes over from a holder that died: its lock expires and a waiter exchanges', async () => {
    const key = await sha256('rt-dead-holder');
    await admin.set(`${prefix}lock:${key}`, 'crashed-instance', 'PX', 150, 'NX');
    const exchange = exchanger(() => pair('after-crash'), 0);
    expect(await instance().rotate(key, exchange)).toEqual(pair('after-crash'));
    expect(exchange).toHaveBeenCalledTimes(1);
  });

  it('forget() evicts the rotation that produced a signed-out refresh token, on every instance', async () => {
    const [a, b] = [instance(), instance()];
    const key = await sha256('rt-before-sign-out');
    await a.rotate(
      key,
      exchanger(() => pair('signed-out'), 0),
    );
    await a.forget('rt-signed-out');
    const again = exchanger(() => pair('asked-again'), 0);
    expect(await b.rotate(key, again)).toEqual(pair('asked-again'));
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('forget() also evicts the rotation from the signed-out token, and marks it signed out on every instance', async () => {
    const [a, b] = [instance(), instance()];
    const key = await sha256('rt-signing-out');
    await a.rotate(
      key,
      exchanger(() => pair('from-signed-out'), 0),
    );
    expect(await b.signedOut(key)).toBe(false);
    await b.forget('rt-signing-out');
    expect(await a.signedOut(key)).toBe(true);
    const again = exchanger(() => pair('not-served'), 0);
    expect(await a.rotate(key, again)).toEqual(pair('not-served'));
    expect(again).toHaveBeenCalledTimes(1);
  });

  it('refreshes without coordination, and logs, when Redis fails', async () => {
    const down = new Error('connect ECONNREFUSED');
    const broken: ReplayRedis = { set: () => Promise.reject(down), get: () => Promise.reject(down), del: () => Promise.reject(down) };
    const logger = { error: vi.fn() };
    const store = createSharedReplay<{ id: string }>(
      { redis: broken, keyPrefix: prefix, lockTtl: 5_000, pollInterval: 10 },
      { ttl: 30_000, sealer, timers: globalTimers, logger },
    );
    expect(
      await store.rotate(
        await sha256('rt-no-redis'),
        exchanger(() => pair('alone'), 0),
      ),
    ).toEqual(pair('alone'));
    expect(logger.error).toHaveBeenCalledWith(expect.stringContaining('shared replay store failed'), down);
    await expect(store.forget('rt-alone')).resolves.toBeUndefined();
    await expect(store.signedOut(await sha256('rt-alone'))).resolves.toBe(false);
  });
});
