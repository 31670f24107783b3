// @vitest-environment happy-dom
// Browser-only behaviour: auto start, and catching up after sleep or a lost connection.
import { describe, expect, it, vi } from 'vitest';
import { createAuthClient } from './auth-client.js';
import { createFakeTessera, TTL } from './test/fake-tessera.js';
import { BASE, openTab, previousVisit, signIn, until, useTestClock } from './test/harness.js';

useTestClock();

function setVisibility(state: DocumentVisibilityState): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('in a browser', () => {
  it('restores the session as soon as the client is created', async () => {
    const server = createFakeTessera();
    await previousVisit(server);
    const client = createAuthClient({ baseUrl: BASE, fetch: server.fetch, locks: null, channel: 'browser-autostart' });
    await until(() => client.getState().status === 'authenticated');
    client.destroy();
  });

  it('refreshes at once when the tab becomes visible with an expired token (after sleep)', async () => {
    const { client, server } = openTab();
    await signIn(client);
    setVisibility('hidden');
    vi.setSystemTime(Date.now() + TTL * 1000 + 3_600_000); // the laptop slept; the timer never fired
    setVisibility('visible');
    await until(() => server.count('/auth/refresh') === 1);
    await until(() => client.getState().expiresAt === Date.now() + TTL * 1000);
  });

  it('does nothing on visibility when the token is still fresh', async () => {
    const { client, server } = openTab();
    await signIn(client);
    setVisibility('visible');
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.count('/auth/refresh')).toBe(0);
  });

  it('retries at once when the browser comes back online', async () => {
    const { client, server } = openTab();
    await signIn(client);
    server.offline = true;
    vi.setSystemTime(Date.now() + TTL * 1000);
    await expect(client.getToken()).rejects.toMatchObject({ code: 'network_error' });
    server.offline = false;
    window.dispatchEvent(new Event('online'));
    await until(() => client.getState().error === null && client.getState().expiresAt! > Date.now());
  });

  it('stops listening once destroyed', async () => {
    const { client, server } = openTab();
    await signIn(client);
    client.destroy();
    vi.setSystemTime(Date.now() + TTL * 1000);
    setVisibility('visible');
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.count('/auth/refresh')).toBe(0);
  });
});
