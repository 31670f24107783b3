// Two clients in one process, sharing a cookie jar, Web Locks and a BroadcastChannel, behave like two tabs.
import { describe, expect, it, vi } from 'vitest';
import { tessera } from './adapters/tessera.js';
import type { Fetch } from './fetch.js';
import { TTL, USER } from './test/fake-tessera.js';
import { BASE, MARGIN, openTab, previousVisit, signIn, until, useTestClock, type Tab } from './test/harness.js';

useTestClock();

/** Tab A signed in, tab B opened afterwards in the same browser and given A's session. */
async function twoSignedInTabs(options: Parameters<typeof openTab>[0] = {}): Promise<[Tab, Tab]> {
  const a = openTab(options);
  await signIn(a.client);
  const b = openTab(options, a);
  await b.client.start();
  await until(() => b.client.getState().status === 'authenticated');
  return [a, b];
}

describe('across tabs', () => {
  it('carries a sign-in in one tab to the other', async () => {
    const a = openTab();
    const b = openTab({}, a);
    await b.client.start();
    expect(b.client.getState().status).toBe('unauthenticated');
    await signIn(a.client);
    await until(() => b.client.getState().status === 'authenticated');
    // Adopted once the server vouched for the token: the user is the one the server answered.
    expect(b.client.getState().user).toMatchObject({ id: USER.id });
    await expect(b.client.getToken()).resolves.toBe('at-1');
    expect(a.server.count('/auth/me')).toBe(1);
  });

  it('carries a sign-out in one tab to the other', async () => {
    const [a, b] = await twoSignedInTabs();
    await a.client.logout();
    await until(() => b.client.getState().status === 'unauthenticated');
    await expect(b.client.getToken()).resolves.toBeNull();
  });

  it('carries a sign-out for session_revoked, seen by a request of one tab, to the other at once', async () => {
    const [a, b] = await twoSignedInTabs();
    const refreshes = a.server.count('/auth/refresh');
    a.server.revokedSessions.add('at-1');
    expect((await a.client.fetch('/api/data')).status).toBe(401);
    await until(() => b.client.getState().status === 'unauthenticated');
    expect(b.client.getState().error?.code).toBe('session_revoked');
    expect(a.server.count('/auth/refresh')).toBe(refreshes);
  });

  it('spends the refresh token once when both tabs refresh at the same moment', async () => {
    const [a, b] = await twoSignedInTabs();
    const before = a.server.count('/auth/refresh');
    let release = () => {};
    a.server.gate = new Promise((resolve) => (release = resolve)); // the first refresh is slow: the other tab queues
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN);
    await until(() => a.locks.queued === 1);
    release();
    const renewed = Date.now() + TTL * 1000;
    await until(() => a.client.getState().expiresAt === renewed && b.client.getState().expiresAt === renewed);
    expect(a.server.count('/auth/refresh') - before).toBe(1);
    expect(await a.client.getToken()).toBe(await b.client.getToken());
  });

  it('lets a tab that queued for the lock wait for the server to confirm the other tab’s news rather than refresh again', async () => {
    const browser = openTab();
    browser.client.destroy(); // only its backend, locks and channel are used
    // GET /auth/me, with which a tab checks another tab's news, answers slower than peerTimeout while held.
    let hold = false;
    let held = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // Only the checks of a token issued after `hold` (the sign-in's news may still be checked meanwhile).
    const known = new Set<string>();
    const slowCheck: Fetch = async (input, init) => {
      const token = new Headers(init?.headers).get('authorization')?.replace('Bearer ', '') ?? '';
      if (hold && String(input).endsWith('/auth/me') && !known.has(token)) {
        held++;
        await released;
      }
      return browser.server.fetch(input, init);
    };
    const a = openTab({ fetch: slowCheck }, browser);
    const b = openTab({ fetch: slowCheck }, browser);
    await signIn(a.client);
    await b.client.start();
    await until(() => a.client.getState().expiresAt === b.client.getState().expiresAt);
    for (const tab of [a, b]) known.add((await tab.client.getToken())!);
    const before = browser.server.count('/auth/refresh');
    hold = true;
    let proceed = () => {};
    browser.server.gate = new Promise((resolve) => (proceed = resolve)); // the first refresh is slow: the other tab queues
    await vi.advanceTimersByTimeAsync(TTL * 1000 - MARGIN);
    await until(() => browser.locks.queued === 1);
    proceed();
    await until(() => held === 1);
    await vi.advanceTimersByTimeAsync(5_000); // well past peerTimeout, the check still held
    expect(browser.server.count('/auth/refresh') - before).toBe(1);
    release();
    await until(() => a.client.getState().expiresAt === b.client.getState().expiresAt);
    expect(await a.client.getToken()).toBe(await b.client.getToken());
    expect(browser.server.count('/auth/refresh') - before).toBe(1);
  });

  // Issue 9's flake check: in the browser two tabs refreshed one token. The second tab's refresh started after the
  // first tab had released the lock (a late timer on a busy machine), while it was still checking the first tab's
  // news with the server: it found the lock free, did not wait, and spent the token again.
  it('lets a tab whose refresh finds the lock free wait for the check of another tab’s news rather than refresh again', async () => {
    const browser = openTab();
    browser.client.destroy(); // only its backend, locks and channel are used
    let hold = false;
    let held = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // Only the checks of a token issued after `hold` (the sign-in's news may still be checked meanwhile).
    const known = new Set<string>();
    const slowCheck: Fetch = async (input, init) => {
      const token = new Headers(init?.headers).get('authorization')?.replace('Bearer ', '') ?? '';
      if (hold && String(input).endsWith('/auth/me') && !known.has(token)) {
        held++;
        await released;
      }
      return browser.server.fetch(input, init);
    };
    const a = openTab({ fetch: slowCheck }, browser);
    const b = openTab({ fetch: slowCheck }, browser);
    await signIn(a.client);
    await b.client.start();
    await until(() => a.client.getState().expiresAt === b.client.getState().expiresAt);
    for (const tab of [a, b]) known.add((await tab.client.getToken())!);
    const before = browser.server.count('/auth/refresh');
    hold = true;
    // Both tokens are due; neither timer has fired (the clock moved, the timers did not): each refresh is asked for.
    vi.setSystemTime(Date.now() + TTL * 1000 - MARGIN);
    await a.client.getToken();
    expect(browser.server.count('/auth/refresh') - before).toBe(1);
    await until(() => held === 1); // tab B has the news and is checking it
    expect(browser.locks.queued).toBe(0);
    const token = b.client.getToken(); // the lock is free
    await vi.advanceTimersByTimeAsync(5_000); // well past peerTimeout
    expect(browser.server.count('/auth/refresh') - before).toBe(1);
    release();
    await expect(token).resolves.toBe(await a.client.getToken());
    expect(browser.server.count('/auth/refresh') - before).toBe(1);
    expect(browser.locks.queued).toBe(0);
  });

  it('keeps its own fresh token when an older session from another tab lands mid-refresh', async () => {
    const a = openTab();
    await signIn(a.client);
    vi.setSystemTime(Date.now() + TTL * 1000);
    // A token the server issued to this user in another tab (its own sign-in), whose news comes a moment late.
    const other = (await (
      await a.server.fetch(`${BASE}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
        body: JSON.stringify({ email: USER.email, password: 'secret' }),
      })
    ).json()) as { access_token: string };
    let release = () => {};
    a.server.gate = new Promise((resolve) => (release = resolve));
    const token = a.client.getToken();
    await until(() => a.server.count('/auth/refresh') === 1);
    // It arrives while our refresh is in flight.
    const otherTab = new BroadcastChannel(a.channel);
    const older = { accessToken: other.access_token, expiresAt: Date.now() + 1_000, user: USER };
    otherTab.postMessage({ type: 'session', session: older });
    await until(() => a.client.getState().expiresAt === older.expiresAt);
    otherTab.close();
    release();
    await expect(token).resolves.toBe('at-3');
    expect(a.client.getState().expiresAt).toBe(Date.now() + TTL * 1000);
  });

  it('lets a tab that queued for the lock use the other tab’s new token instead of spending its own refresh token', async () => {
    // In-memory refresh tokens never travel between tabs: each tab signed in by itself and holds its own.
    const adapter = tessera({ transport: 'body' });
    const a = openTab({ adapter });
    const b = openTab({ adapter }, a);
    await signIn(a.client);
    await signIn(b.client);
    const refreshes = a.server.count('/auth/refresh');
    vi.setSystemTime(Date.now() + TTL * 1000);
    const [tokenA, tokenB] = await Promise.all([a.client.getToken(), b.client.getToken()]);
    expect(tokenA).toBe(tokenB);
    expect(a.server.count('/auth/refresh') - refreshes).toBe(1);
    expect(b.client.getState().error).toBeNull();
  });

  it('does not hand a new tab the in-memory session of an open tab: the new tab starts signed out', async () => {
    const adapter = tessera({ transport: 'body' });
    const a = openTab({ adapter });
    await signIn(a.client);
    const b = openTab({ adapter }, a);
    await b.client.start();
    expect(b.client.getState()).toMatchObject({ status: 'unauthenticated', user: null });
  });

  it('leaves a new tab signed out when no tab holds an in-memory session', async () => {
    const { client } = openTab({ adapter: tessera({ transport: 'body' }) });
    const started = client.start();
    await vi.advanceTimersByTimeAsync(200);
    await started;
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', error: null });
  });

  it('signs every tab out with the reason when one tab finds its session revoked', async () => {
    const [a, b] = await twoSignedInTabs();
    a.server.revokeAll();
    vi.setSystemTime(Date.now() + TTL * 1000);
    await a.client.getToken();
    await until(() => b.client.getState().status === 'unauthenticated');
    expect(b.client.getState().error?.code).toBe('session_revoked');
  });

  it('does not hang on a lock a crashed tab never released: it steals it after lockTimeout', async () => {
    const a = openTab({ lockTimeout: 5_000 });
    await previousVisit(a.server);
    a.locks.hold(a.channel);
    const started = a.client.start();
    await vi.advanceTimersByTimeAsync(5_000 + 1_000); // lockTimeout, then peerTimeout for news of a holder that has none
    await started;
    expect(a.client.getState().status).toBe('authenticated');
    expect(a.locks.steals).toBe(1);
  });

  it('still converges without Web Locks, through the channel alone', async () => {
    const [a, b] = await twoSignedInTabs({ locks: null });
    await a.client.getUser();
    await until(() => b.client.getState().user?.name === 'Ada Lovelace');
  });

  it('restores once when StrictMode makes two clients in the same tab', async () => {
    const a = openTab();
    await previousVisit(a.server);
    const twin = openTab({}, a);
    await Promise.all([a.client.start(), twin.client.start()]);
    await until(() => twin.client.getState().status === 'authenticated');
    expect(a.client.getState().status).toBe('authenticated');
    expect(a.server.count('/auth/refresh')).toBe(1);
  });
});
