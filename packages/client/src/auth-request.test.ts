import { afterEach, describe, expect, it, vi } from 'vitest';
import { tessera } from './adapters/tessera.js';
import { createAuthRequest } from './auth-request.js';
import type { Fetch } from './fetch.js';
import { globalTimers } from './timers.js';

const requester = (fetch: Fetch, requestTimeout = 1_000) =>
  createAuthRequest({ baseUrl: 'https://api.test', adapter: tessera(), fetch, timers: globalTimers, requestTimeout });

afterEach(() => void vi.useRealTimers());

describe('createAuthRequest', () => {
  it('posts JSON with credentials and the bearer token, and resolves the body', async () => {
    let seen: RequestInit | undefined;
    const call = requester(async (_, init) => ((seen = init), Response.json({ ok: 1 })));
    await expect(call({ path: '/auth/logout-all', body: {} }, 'at')).resolves.toEqual({ ok: 1 });
    expect(seen).toMatchObject({ method: 'POST', credentials: 'include', body: '{}' });
    expect(seen?.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer at' });
  });

  it('resolves null for 204', async () => {
    await expect(requester(async () => new Response(null, { status: 204 }))({ path: '/x', body: {} })).resolves.toBeNull();
  });

  it('turns problem+json into an AuthError with code, status, detail and Retry-After', async () => {
    const call = requester(async () =>
      Response.json({ code: 'rate_limited', detail: 'Slow down' }, { status: 429, headers: { 'retry-after': '12' } }),
    );
    await expect(call({ path: '/auth/login', body: {} })).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      message: 'Slow down',
      retryAfter: 12,
    });
  });

  it('falls back on the status for answers without a code', async () => {
    await expect(requester(async () => new Response('<h1>Bad gateway</h1>', { status: 502 }))({ path: '/x' })).rejects.toMatchObject({
      code: 'internal_error',
    });
  });

  it('reports a transport failure and a timeout as network_error', async () => {
    await expect(requester(async () => Promise.reject(new TypeError('fetch failed')))({ path: '/x' })).rejects.toMatchObject({
      code: 'network_error',
    });
    const hung: Fetch = (_, init) =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const timedOut = expect(requester(hung, 10)({ path: '/x' })).rejects.toMatchObject({ code: 'network_error' });
    await vi.advanceTimersByTimeAsync(10);
    await timedOut;
  });
});
