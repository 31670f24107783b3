import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDatabaseOutage } from './database-outage.js';

const recordingLogger = () => {
  const lines: string[] = [];
  return {
    lines,
    logger: {
      info: (message: string) => void lines.push(`info ${message}`),
      warn: (message: string) => void lines.push(`warn ${message}`),
      error: (message: string) => void lines.push(`error ${message}`),
    },
  };
};

describe('createDatabaseOutage', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('logs an outage once however many requests fail, and once when a probe succeeds', async () => {
    const { lines, logger } = recordingLogger();
    let reachable = false;
    const probe = vi.fn(async () => {
      if (!reachable) throw new Error('connect ECONNREFUSED');
    });
    const outage = createDatabaseOutage({ probe, logger, probeIntervalMs: 100 });
    for (let i = 0; i < 50; i++) outage.failed(new Error('Connection terminated unexpectedly'));
    await vi.advanceTimersByTimeAsync(350);
    expect(outage.down).toBe(true);
    expect(probe).toHaveBeenCalledTimes(3);
    reachable = true;
    await vi.advanceTimersByTimeAsync(100);
    expect(outage.down).toBe(false);
    expect(lines).toEqual([
      'warn database unavailable; answering 503 service_unavailable until it is back',
      'info database available again',
    ]);

    // The next outage is a new one, logged again.
    reachable = false;
    outage.failed(new Error('read ECONNRESET'));
    expect(lines).toHaveLength(3);
    outage.close();
  });

  it('stops probing when closed during an outage', async () => {
    const probe = vi.fn(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    const outage = createDatabaseOutage({ probe, logger: recordingLogger().logger, probeIntervalMs: 100 });
    outage.failed(new Error('Connection terminated unexpectedly'));
    await vi.advanceTimersByTimeAsync(150);
    outage.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(probe).toHaveBeenCalledTimes(1);
  });
});
