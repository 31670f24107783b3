import { describe, expect, it } from 'vitest';
import { createTokenCache } from './token-cache.js';

describe('token cache', () => {
  it('hits only on the exact token string, even when signatures collide', () => {
    const cache = createTokenCache<{ exp: number; sub: string }>(10);
    cache.set('h.p1.sig', { exp: 1, sub: 'a' });
    expect(cache.get('h.p1.sig')).toEqual({ exp: 1, sub: 'a' });
    // Same signature segment, other payload: a forgery must never be served the cached claims.
    expect(cache.get('h.p2.sig')).toBeUndefined();
    expect(cache.get('h.p1.other')).toBeUndefined();
  });

  it('evicts the oldest entry past its bound and can be disabled', () => {
    const cache = createTokenCache<{ exp: number }>(2);
    cache.set('a.a.1', { exp: 1 });
    cache.set('a.a.2', { exp: 2 });
    cache.set('a.a.3', { exp: 3 });
    expect(cache.get('a.a.1')).toBeUndefined();
    expect(cache.get('a.a.3')).toEqual({ exp: 3 });
    const off = createTokenCache<{ exp: number }>(0);
    off.set('a.a.1', { exp: 1 });
    expect(off.get('a.a.1')).toBeUndefined();
  });
});
