import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTabSync, type TabSync } from './tab-sync.js';
import { createFakeLocks } from './test/fake-locks.js';
import { globalTimers } from './timers.js';

const opened: Array<TabSync<unknown>> = [];
function open<M>(name: string, onMessage: (data: unknown) => void = () => {}, locks = createFakeLocks(), lockTimeout = 50): TabSync<M> {
  const sync = createTabSync<M>(name, onMessage, { locks, lockTimeout, timers: globalTimers });
  opened.push(sync);
  return sync;
}
// Fake setTimeout only: the lock timeout and the tasks' waits pass when a test says so; BroadcastChannel stays real.
beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
  for (const sync of opened.splice(0)) sync.close();
  vi.useRealTimers();
});

describe('createTabSync', () => {
  it('delivers a message to the other clients on the channel, not to the sender', async () => {
    const a = vi.fn();
    const tabA = open('sync-test-1', a);
    const b = new Promise((resolve) => open('sync-test-1', resolve));
    tabA.post({ hello: 1 });
    await expect(b).resolves.toEqual({ hello: 1 });
    expect(a).not.toHaveBeenCalled();
  });

  it('runs lock holders one after the other', async () => {
    const locks = createFakeLocks();
    const tabA = open('sync-test-2', undefined, locks);
    const tabB = open('sync-test-2', undefined, locks);
    const order: string[] = [];
    const task = (name: string) => async () => {
      order.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 5));
      order.push(`${name} out`);
    };
    const both = Promise.all([tabA.withLock(task('a')), tabB.withLock(task('b'))]);
    // Two 5 ms holds, well inside the 50 ms lock timeout.
    await vi.advanceTimersByTimeAsync(10);
    await both;
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out']);
  });

  it('steals a lock that a crashed tab never released instead of hanging', async () => {
    const locks = createFakeLocks();
    locks.hold('sync-test-3');
    const tab = open('sync-test-3', undefined, locks, 20);
    const result = tab.withLock(async () => 'refreshed');
    await vi.advanceTimersByTimeAsync(20);
    await expect(result).resolves.toBe('refreshed');
    expect(locks.steals).toBe(1);
  });

  it('does not run a task twice when the task itself fails', async () => {
    const tab = open('sync-test-4');
    const task = vi.fn(async () => {
      throw new Error('refused');
    });
    await expect(tab.withLock(task)).rejects.toThrow('refused');
    expect(task).toHaveBeenCalledTimes(1);
  });

  it('runs the task directly when Web Locks are absent', async () => {
    const sync = createTabSync('sync-test-5', () => {}, { locks: null, lockTimeout: 10, timers: globalTimers });
    opened.push(sync);
    await expect(sync.withLock(async () => 42)).resolves.toBe(42);
  });

  it('ignores posts after close', () => {
    const sync = open('sync-test-6');
    sync.close();
    expect(() => sync.post('late')).not.toThrow();
  });
});
