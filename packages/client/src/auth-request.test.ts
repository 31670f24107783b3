import { afterEach, describe, expect, it, vi } from 'vitest';
import { tessera } from './adapters/tessera.js';
import { createAuthRequest } from './auth-request.js';
import { AuthError } from './errors.js';
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

  it("prints a development server's cookie diagnosis once per page load, however many answers carry it", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const problem = (message: string) => ({
        code: 'invalid_token',
        detail: 'No refresh token: send the cookie or {"refresh_token"}',
        cookie_diagnostic: { likely_cause: 'samesite_blocks_cross_site', explanation: '…', fix: '…', message },
      });
      const first = requester(async () => Response.json(problem('Tessera: the browser did not send the refresh cookie…'), { status: 401 }));
      // A second client of the same page: the page has been told already.
      const second = requester(async () => Response.json(problem('another'), { status: 401 }));
      const plain = requester(async () => Response.json({ code: 'invalid_token', detail: 'x' }, { status: 401 }));
      await expect(plain({ path: '/auth/refresh', body: {} })).rejects.toMatchObject({ code: 'invalid_token' });
      expect(warn).not.toHaveBeenCalled();
      for (const call of [first, first, second]) {
        await expect(call({ path: '/auth/refresh', body: {} })).rejects.toMatchObject({ code: 'invalid_token', status: 401 });
      }
      expect(warn.mock.calls).toEqual([['Tessera: the browser did not send the refresh cookie…']]);
    } finally {
      warn.mockRestore();
    }
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

  it('exposes the fields of a validation_failed problem, typed, on the AuthError', async () => {
    const errors = [
      { path: 'name', message: 'Must be at most 150 characters' },
      { path: 'password', message: 'Password is one of the most common passwords: choose another' },
    ];
    const call = requester(async () => Response.json({ code: 'validation_failed', detail: 'name: …', errors }, { status: 400 }));
    const error: unknown = await call({ path: '/auth/register', body: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).errors).toEqual(errors);
  });

  it('keeps only well-formed field errors, and none when the problem has no errors array', async () => {
    const answer = (body: unknown) =>
      requester(async () => Response.json(body, { status: 400 }))({ path: '/x' }).catch((e: AuthError) => e.errors);
    await expect(answer({ code: 'validation_failed' })).resolves.toBeUndefined();
    await expect(answer({ code: 'validation_failed', errors: 'email: bad' })).resolves.toBeUndefined();
    await expect(answer({ code: 'validation_failed', errors: [null, { path: 1, message: 'x' }] })).resolves.toBeUndefined();
    await expect(
      answer({
        code: 'validation_failed',
        errors: [{ path: 'email', message: 'Not an email address', extra: true }, { message: 'no path' }],
      }),
      // Kept as the server sent them (members beyond path and message included): copying them would cost bytes.
    ).resolves.toEqual([{ path: 'email', message: 'Not an email address', extra: true }]);
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
