import { describe, expect, it, vi } from 'vitest';
import { createRefreshTimer } from './refresh-timer.js';
import { createManualTimers } from './test/manual-timers.js';

describe('createRefreshTimer', () => {
  it('fires once after the scheduled delay', () => {
    const timers = createManualTimers();
    const fire = vi.fn();
    createRefreshTimer(timers, fire)(5_000);
    expect(timers.pending()).toEqual([5_000]);
    timers.fire();
    expect(fire).toHaveBeenCalledTimes(1);
  });

  it('replaces the pending timer when scheduled again', () => {
    const timers = createManualTimers();
    const schedule = createRefreshTimer(timers, () => {});
    schedule(5_000);
    schedule(9_000);
    expect(timers.pending()).toEqual([9_000]);
  });

  it('cancels the pending timer when scheduled with null', () => {
    const timers = createManualTimers();
    const schedule = createRefreshTimer(timers, () => {});
    schedule(5_000);
    schedule(null);
    expect(timers.pending()).toEqual([]);
  });

  it('fires at once for a delay already past', () => {
    const timers = createManualTimers();
    createRefreshTimer(timers, () => {})(-3_000);
    expect(timers.pending()).toEqual([0]);
  });

  it('caps a long delay at what setTimeout can wait without firing at once', () => {
    const timers = createManualTimers();
    createRefreshTimer(timers, () => {})(2 ** 40);
    expect(timers.pending()).toEqual([2 ** 31 - 1]);
  });
});
