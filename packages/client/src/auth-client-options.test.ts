import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from './auth-client-options.js';
import { globalTimers } from './timers.js';

afterEach(() => void vi.unstubAllGlobals());

describe('resolveOptions', () => {
  it('fills in the documented defaults', () => {
    const resolved = resolveOptions({ baseUrl: 'https://api.example.com' });
    expect(resolved).toMatchObject({
      refreshMargin: 60_000,
      timers: globalTimers,
      channel: 'tessera:https://api.example.com',
      lockTimeout: 10_000,
      requestTimeout: 15_000,
      retryDelay: 1_000,
      maxRetryDelay: 60_000,
      peerTimeout: 1_000,
      apiOrigins: [],
    });
    expect(resolved.adapter.refresh(undefined)).toEqual({ path: '/auth/refresh', body: {} });
  });

  it('keeps the default of an option given as undefined, and takes every option given', () => {
    const fetch = async () => new Response();
    const resolved = resolveOptions({ baseUrl: 'https://api.example.com', refreshMargin: undefined, fetch, channel: 'shop', locks: null });
    expect(resolved).toMatchObject({ refreshMargin: 60_000, channel: 'shop', locks: null });
    expect(resolved.fetch).toBe(fetch);
  });

  it('defaults autoStart and locks off without document and navigator (servers)', () => {
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('navigator', undefined);
    expect(resolveOptions({ baseUrl: '' })).toMatchObject({ autoStart: false, locks: null });
  });

  it('defaults autoStart on and locks to navigator.locks in browsers', () => {
    const locks = { request: async () => undefined as never };
    vi.stubGlobal('document', {});
    vi.stubGlobal('navigator', { locks });
    expect(resolveOptions({ baseUrl: '' })).toMatchObject({ autoStart: true, locks });
  });

  it('defaults locks off on servers even where navigator.locks exists (Node 24: one lock manager per process)', () => {
    const locks = { request: async () => undefined as never };
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('navigator', { locks });
    expect(resolveOptions({ baseUrl: '' })).toMatchObject({ autoStart: false, locks: null });
    // An explicit lock still applies there.
    expect(resolveOptions({ baseUrl: '', locks }).locks).toBe(locks);
  });

  it('keeps an explicit locks: null over navigator.locks', () => {
    vi.stubGlobal('document', {});
    vi.stubGlobal('navigator', { locks: { request: async () => undefined as never } });
    expect(resolveOptions({ baseUrl: '', locks: null }).locks).toBeNull();
  });
});
