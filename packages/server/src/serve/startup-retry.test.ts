import { describe, expect, it } from 'vitest';
import { failureReason, retryDelay, withTimeout } from './startup-retry.js';

describe('retryDelay', () => {
  it('starts at 100 ms and doubles up to 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => retryDelay(failures))).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('stays at the cap however long the outage', () => {
    expect(retryDelay(10_000)).toBe(5000);
    expect(retryDelay(10_000, { initialMs: 100, maxMs: 500 })).toBe(500);
  });

  it('does not wait before a first attempt', () => {
    expect(retryDelay(0)).toBe(0);
  });
});

describe('failureReason', () => {
  it('is the first line of the message, without the stack', () => {
    const error = new Error('connect ECONNREFUSED 127.0.0.1:5432\nmore detail');
    expect(failureReason(error)).toBe('connect ECONNREFUSED 127.0.0.1:5432');
  });

  it('speaks for an AggregateError through its first cause', () => {
    const error = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('connect ECONNREFUSED 127.0.0.1:5432')], '');
    expect(failureReason(error)).toBe('connect ECONNREFUSED ::1:5432');
  });

  it('falls back to the error code when the message is empty', () => {
    expect(failureReason(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(failureReason('plain text')).toBe('plain text');
  });
});

describe('withTimeout', () => {
  it('passes a settled promise through and rejects one that does not settle in time', async () => {
    await expect(withTimeout(Promise.resolve(1), 1000, 'late')).resolves.toBe(1);
    await expect(withTimeout(new Promise(() => {}), 1, 'late')).rejects.toThrow('late');
  });
});
