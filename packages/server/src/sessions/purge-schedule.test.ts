import { afterEach, describe, expect, it, vi } from 'vitest';
import { schedulePurge } from './purge-schedule.js';

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };

describe('schedulePurge', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.clearAllMocks();
  });

  it('purges after the first delay and then on every interval, until stopped', async () => {
    vi.useFakeTimers();
    const purge = vi.fn(async () => ({ sessions: 3, legacyTokens: 0 }));
    const schedule = schedulePurge(purge, { logger, firstAfterMs: 1_000, everyMs: 10_000 });
    await vi.advanceTimersByTimeAsync(999);
    expect(purge).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(purge).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith('purged ended sessions', { sessions: 3, legacyTokens: 0 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(purge).toHaveBeenCalledTimes(3);
    schedule.stop();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(purge).toHaveBeenCalledTimes(3);
  });

  it('logs a failed purge and keeps the schedule', async () => {
    vi.useFakeTimers();
    const purge = vi.fn().mockRejectedValueOnce(new Error('database away')).mockResolvedValue({ sessions: 0, legacyTokens: 0 });
    const schedule = schedulePurge(purge, { logger, firstAfterMs: 1_000, everyMs: 1_000 });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(logger.warn).toHaveBeenCalledWith('session purge failed; trying again later', { error: 'database away' });
    expect(purge).toHaveBeenCalledTimes(2);
    expect(logger.info).not.toHaveBeenCalled();
    schedule.stop();
  });
});
