// @vitest-environment happy-dom
// Issue 13 item 4: a signed-out page load makes no failing request. The server's session hint cookie says whether a
// session may exist; on a page of the API's host without it, start() does not ask the server.
import { afterEach, describe, expect, it } from 'vitest';
import { tessera } from './adapters/tessera.js';
import { BASE, openTab, previousVisit, useTestClock } from './test/harness.js';

useTestClock();

/** Puts this document at `url`, with `cookies` (`name=value` each) readable by its scripts. */
function pageAt(url: string, ...cookies: string[]): void {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(url);
  for (const cookie of cookies) document.cookie = `${cookie}; path=/`;
}

afterEach(() => {
  for (const cookie of document.cookie.split('; ')) document.cookie = `${cookie.split('=')[0]}=; max-age=0; path=/`;
});

describe('the session hint', () => {
  it('starts signed out without a request on a page of the API host without the hint (another port counts too)', async () => {
    pageAt('https://api.test:3000/posts', 'theme=dark');
    const { client, server } = openTab();
    await previousVisit(server); // a refresh cookie would be there, but the server says no session: it is not asked
    await client.start();
    expect(client.getState()).toMatchObject({ status: 'unauthenticated', user: null, error: null });
    expect(server.count('/auth/refresh')).toBe(0);
    await expect(client.getToken()).resolves.toBeNull();
  });

  it('restores the session when the hint is there', async () => {
    pageAt(`${BASE}/app/`, 'theme=dark', 'tessera_session=1');
    const { client, server } = openTab();
    await previousVisit(server);
    await client.start();
    expect(client.getState().status).toBe('authenticated');
    expect(server.count('/auth/refresh')).toBe(1);
  });

  it('reads the name the adapter is given, and always asks with sessionHint: false', async () => {
    pageAt(`${BASE}/app/`, 'shop_session=1');
    const named = openTab({ adapter: tessera({ sessionHint: 'shop_session' }) });
    await previousVisit(named.server);
    await named.client.start();
    expect(named.client.getState().status).toBe('authenticated');

    pageAt(`${BASE}/app/`);
    const off = openTab({ adapter: tessera({ sessionHint: false }) });
    await previousVisit(off.server);
    await off.client.start();
    expect(off.client.getState().status).toBe('authenticated');
  });

  it('always asks from a page on another host, which cannot see a host-only hint of the API', async () => {
    pageAt('https://app.example/posts');
    const { client, server } = openTab();
    await previousVisit(server);
    await client.start();
    expect(client.getState().status).toBe('authenticated');
    expect(server.count('/auth/refresh')).toBe(1);
  });
});
