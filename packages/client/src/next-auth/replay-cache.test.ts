import { describe, expect, it } from 'vitest';
import { createReplayCache, sha256 } from './replay-cache.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('createReplayCache', () => {
  it('serves an entry until its ttl has passed, then forgets it', () => {
    const time = clock();
    const cache = createReplayCache<string>({ ttl: 30_000, now: time.now });
    cache.set('old', 'next');
    time.advance(29_999);
    expect(cache.get('old')).toBe('next');
    time.advance(1);
    expect(cache.get('old')).toBeUndefined();
  });

  it('holds at most maxEntries, dropping the oldest first', () => {
    const cache = createReplayCache<number>({ maxEntries: 3 });
    for (let i = 0; i < 5; i++) cache.set(`k${i}`, i);
    expect(['k0', 'k1', 'k2', 'k3', 'k4'].map((k) => cache.get(k))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it('prunes expired entries when adding, so a burst of one-off keys cannot pile up', () => {
    const time = clock();
    const cache = createReplayCache<number>({ ttl: 1_000, maxEntries: 10, now: time.now });
    for (let i = 0; i < 10; i++) cache.set(`a${i}`, i);
    time.advance(1_000);
    cache.set('fresh', 1);
    for (let i = 0; i < 9; i++) cache.set(`b${i}`, i);
    expect(cache.get('fresh')).toBe(1);
  });

  it('forget() drops the entries whose value matches', () => {
    const cache = createReplayCache<{ refreshToken: string }>();
    cache.set('a', { refreshToken: 'r1' });
    cache.set('b', { refreshToken: 'r2' });
    cache.forget((value) => value.refreshToken === 'r1');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toEqual({ refreshToken: 'r2' });
  });
});

describe('sha256', () => {
  it('is the hex SHA-256 (FIPS 180-4 test vector "abc")', async () => {
    expect(await sha256('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
