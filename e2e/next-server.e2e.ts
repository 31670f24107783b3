// The server-rendered section (@tessera/next) in a real browser: a signed-out direct visit is sent to sign-in; a
// signed-in user stays signed in across three access token expiries, each refreshed once (by the SDK's timer in an
// open tab, or by proxy.ts when the tab was closed, the SDK's restore then costing no rotation); a sign-out in another
// tab sends this one to sign-in.
import type { Page, Response } from 'playwright-core';
import { decodeJwt } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { screenshot, sleep, uniqueEmail, useBrowserContexts } from './support/browser.js';
import { PASSWORD } from './support/direct-flows.js';

const { webUrl, apiUrl } = inject('stack');
const context = useBrowserContexts();

/** The value a response sets for `name`, if it sets one (an empty value clears it). */
async function setCookie(response: Response, name: string): Promise<string | undefined> {
  for (const { name: header, value } of await response.headersArray()) {
    if (header.toLowerCase() !== 'set-cookie') continue;
    for (const line of value.split('\n')) if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).split(';')[0];
  }
  return undefined;
}

/** The access token the profile page was rendered with (its id and expiry, epoch seconds). */
async function renderedToken(page: Page): Promise<{ jti: string; exp: number }> {
  const token = page.getByTestId('server-token');
  return { jti: (await token.getAttribute('data-jti'))!, exp: Number(await token.getAttribute('data-exp')) };
}

const isRefresh = (response: Response) => new URL(response.url()).pathname === '/auth/refresh';

describe('server-rendered section (@tessera/next)', () => {
  it('redirects signed-out visits, keeps the user across three expiries with one refresh each, and follows a sign-out in another tab', async () => {
    const ctx = await context();
    // Every refresh token value the browser was given, with the access tokens delivered alongside it: a token
    // refreshed twice (proxy and SDK both) would show one refresh token with two access tokens.
    const issued = new Map<string, Set<string>>();
    // The access tokens' ids, in the order the SDK's refreshes (through the route handler) delivered them.
    const sdkRefreshed: string[] = [];
    const pending: Promise<void>[] = [];
    ctx.on('response', (response) => {
      pending.push(
        (async () => {
          const refresh = await setCookie(response, 'refresh_token');
          const access = await setCookie(response, 'tessera_access');
          if (refresh && access) issued.set(refresh, (issued.get(refresh) ?? new Set()).add(access));
          if (refresh && access && isRefresh(response)) sdkRefreshed.push(decodeJwt(access).jti!);
        })().catch(() => {}),
      );
    });

    const email = uniqueEmail('server');
    const registered = await fetch(`${apiUrl}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(registered.status).toBe(201);

    // A direct visit, signed out: proxy.ts sends it to sign-in with the way back.
    let page = await ctx.newPage();
    await page.goto(`${webUrl}/server/profile`);
    await page.waitForURL(`${webUrl}/server/login?next=%2Fserver%2Fprofile`);
    await screenshot(page, 'server-login');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${webUrl}/server/profile`);
    expect(await page.getByTestId('server-email').textContent()).toBe(email);

    for (const expiry of [1, 2, 3]) {
      const before = await renderedToken(page);
      let refreshed: string;
      if (expiry === 2) {
        // The tab is closed past the token's expiry: the next visit's proxy.ts refreshes, before the page renders.
        await page.close();
        await sleep(Math.max(0, before.exp * 1000 - Date.now()) + 300);
        page = await ctx.newPage();
        const restore = page.waitForResponse(isRefresh);
        const document = await page.goto(`${webUrl}/server/profile`);
        refreshed = (await setCookie(document!, 'tessera_access'))!;
        expect(refreshed, 'proxy.ts refreshed the expired token').toBeDefined();
        expect(await setCookie(document!, 'refresh_token')).toBeDefined();
        // The SDK's restore on load is answered from the fresh cookie: no second rotation.
        const restored = await restore;
        expect(restored.status()).toBe(200);
        expect(await setCookie(restored, 'refresh_token')).toBeUndefined();
      } else {
        // The tab stays open: the SDK refreshes before expiry (through the route handler, which sets the access
        // cookie), so the next page request finds a fresh cookie and proxy.ts does not refresh.
        const sdkRefresh = await page.waitForResponse(
          async (response) => isRefresh(response) && !!(await setCookie(response, 'refresh_token')),
        );
        refreshed = (await setCookie(sdkRefresh, 'tessera_access'))!;
        const document = await page.goto(`${webUrl}/server/profile`);
        expect(await setCookie(document!, 'refresh_token'), 'proxy.ts did not refresh again').toBeUndefined();
      }
      const after = await renderedToken(page);
      expect(after.jti).not.toBe(before.jti);
      // The Server Component rendered the token of this expiry's one refresh, or, with the tab open, of the SDK's next
      // one: at load average 35, the page request outlasted the next refresh timer (each token is still refreshed
      // once: the check of `issued` below).
      const jti = decodeJwt(refreshed).jti!;
      if (after.jti !== jti) {
        await Promise.all(pending);
        expect(expiry, 'proxy.ts rendered the token it refreshed').not.toBe(2);
        expect(sdkRefreshed.slice(sdkRefreshed.indexOf(jti) + 1), 'a later SDK refresh').toContain(after.jti);
        console.log(`expiry ${expiry}: the SDK refreshed again before the page request was answered`);
      }
      expect(await page.getByTestId('server-email').textContent()).toBe(email);
      await expect.poll(() => page.getByTestId('sdk-status').getAttribute('data-status')).toBe('authenticated');
    }
    await screenshot(page, 'server-profile');

    // Sign-out in another tab: this one's SDK hears of it and reloads; proxy.ts sends it to sign-in.
    const other = await ctx.newPage();
    await other.goto(`${webUrl}/server/profile`);
    await expect.poll(() => other.getByTestId('sdk-status').getAttribute('data-status')).toBe('authenticated');
    await other.getByTestId('server-sign-out').click();
    // Its own SDK signs out first and reloads the page, which proxy.ts sends to sign-in too.
    await other.waitForURL(/\/server\/login/);
    await page.waitForURL(`${webUrl}/server/login?next=%2Fserver%2Fprofile`);
    expect((await ctx.cookies(webUrl)).map((cookie) => cookie.name)).not.toContain('refresh_token');

    await Promise.all(pending);
    for (const [refresh, accesses] of issued) expect(accesses.size, `refresh token ${refresh.slice(0, 8)}… issued once`).toBe(1);
    expect(issued.size).toBeGreaterThanOrEqual(4);
  });
});
