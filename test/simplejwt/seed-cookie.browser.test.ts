// Seed 001's cookie backend in Chromium: three tabs of one profile on a front end at another origin of the same site
// (the seed's www/api subdomains; here two ports of 127.0.0.1), the built client (packages/client/dist: `npm run build`
// first, as `npm test` does) with simplejwt({ transport: 'cookie' }), across several 3-second access-token expiries.
// The browser keeps the HttpOnly cookie, Web Locks and BroadcastChannel are real: no sign-out, one refresh per token.
import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from '../../e2e/support/chromium.js';
import { SEED_COOKIE_PATHS as P, startSimpleJwtBackend, type SimpleJwtBackend } from './simplejwt-backend.js';

const ACCESS_SECONDS = 3;
const PASSWORD = 'correct horse battery staple';
const DIST = fileURLToPath(new URL('../../packages/client/dist/', import.meta.url));

/** The front end: the client as an app would configure it for seed 001, and a log of what each tab went through. */
const PAGE = `<!doctype html><meta charset="utf-8"><title>seed 001</title><script type="module">
import { createAuthClient } from '/client/index.js';
import { simplejwt } from '/client/adapters/simplejwt.js';
const api = new URLSearchParams(location.search).get('api');
const auth = createAuthClient({
  baseUrl: api,
  adapter: simplejwt({
    transport: 'cookie',
    tokenPath: '${P.login}',
    refreshPath: '${P.refresh}',
    blacklistPath: '${P.logout}',
    userPath: '${P.me}',
    fields: { access: 'access_token', expiry: 'access_token_expiry' },
  }),
});
window.auth = auth;
window.statuses = [];
window.calls = [];
auth.subscribe((s) => window.statuses.push(s.status));
// The app at work: a protected call every 300 ms once signed in.
setInterval(async () => {
  if (auth.getState().status !== 'authenticated') return;
  const response = await auth.fetch('${P.posts}').catch(() => null);
  window.calls.push(response ? response.status : 'network');
}, 300);
</script>`;

let backend: SimpleJwtBackend;
let front: Server;
let frontUrl: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'adapters/simplejwt.js'))) throw new Error('packages/client/dist is missing: run `npm run build` first');
  front = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    const file = normalize(join(DIST, path.replace(/^\/client\//, '')));
    if (!path.startsWith('/client/') || !file.startsWith(DIST) || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/javascript' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  frontUrl = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  [backend, browser] = await Promise.all([
    startSimpleJwtBackend({ views: 'seed-cookie', accessSeconds: ACCESS_SECONDS, allowedOrigin: frontUrl }),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await backend?.close();
  await new Promise((resolve) => front?.close(resolve));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('seed 001 in Chromium', () => {
  it('three tabs across three expiries: no sign-out, one refresh per access token, all calls answered', { timeout: 90_000 }, async () => {
    const { username } = await backend.createUser('tabs', PASSWORD);
    const context = await browser.newContext();
    const refreshes: { at: number; status: number }[] = [];
    context.on('response', (response) => {
      const request = response.request();
      if (new URL(request.url()).pathname === P.refresh && request.method() === 'POST') {
        refreshes.push({ at: Date.now(), status: response.status() });
      }
    });
    const tabs: Page[] = [];
    for (let i = 0; i < 3; i++) {
      const page = await context.newPage();
      await page.goto(`${frontUrl}/?api=${encodeURIComponent(backend.url)}`);
      // A first visit: each tab's restore finds no cookie and settles signed out.
      await page.waitForFunction(
        () => (window as unknown as { auth: { getState(): { status: string } } }).auth.getState().status === 'unauthenticated',
      );
      tabs.push(page);
    }
    expect(refreshes.map((r) => r.status)).toEqual([401, 401, 401]);
    refreshes.length = 0;

    await tabs[0]!.evaluate(
      ([u, p]) => (window as unknown as { auth: { login(c: unknown): Promise<unknown> } }).auth.login({ username: u, password: p }),
      [username, PASSWORD] as const,
    );
    const loggedInAt = Date.now();
    // The other tabs adopt the login once /api/me/ vouches for its token.
    for (const page of tabs.slice(1)) {
      await page.waitForFunction(
        () => (window as unknown as { auth: { getState(): { status: string } } }).auth.getState().status === 'authenticated',
      );
    }
    const cookies = await context.cookies(backend.url);
    expect(cookies.map((c) => ({ name: c.name, httpOnly: c.httpOnly, sameSite: c.sameSite }))).toEqual([
      { name: P.cookie, httpOnly: true, sameSite: 'Lax' },
    ]);
    // Scripts cannot read it.
    expect(await tabs[1]!.evaluate(() => document.cookie)).toBe('');

    await sleep(3 * ACCESS_SECONDS * 1_000 + 500);

    const seen = await Promise.all(
      tabs.map((page) =>
        page.evaluate(() => {
          const w = window as unknown as { statuses: string[]; calls: unknown[]; auth: { getState(): { status: string } } };
          return { status: w.auth.getState().status, statuses: w.statuses, calls: w.calls };
        }),
      ),
    );
    for (const tab of seen) {
      expect(tab.status).toBe('authenticated');
      // Once signed in, never signed out again.
      expect(tab.statuses.slice(tab.statuses.indexOf('authenticated'))).not.toContain('unauthenticated');
      expect(tab.calls.length).toBeGreaterThan(10);
      expect(new Set(tab.calls)).toEqual(new Set([200]));
    }
    // Each token is refreshed halfway through its 3 s (the margin is capped at half a short lifetime): in 9.5 s at
    // least three refreshes, all accepted; one per token, so never two within the same token's first half-life.
    const elapsed = Date.now() - loggedInAt;
    expect(refreshes.every((r) => r.status === 200)).toBe(true);
    expect(refreshes.length).toBeGreaterThanOrEqual(3);
    expect(refreshes.length).toBeLessThanOrEqual(Math.ceil(elapsed / 1_000));
    const gaps = refreshes.slice(1).map((r, i) => r.at - refreshes[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThan(700);
    // Django's log agrees: every refresh it answered was a 200 (a second tab spending a rotated cookie gets 401). The
    // tabs go on refreshing meanwhile, and Django logs an answer before sending it: its log holds every refresh the
    // browser has seen so far, and may hold one more that is still on its way.
    const seenByBrowser = refreshes.length;
    const answered = (await backend.requests({ path: P.refresh })).slice(3);
    expect(answered.map((r) => r.status)).toEqual(answered.map(() => 200));
    expect(answered.length).toBeGreaterThanOrEqual(seenByBrowser);

    // Sign out in one tab: every tab follows, and the cookie is gone.
    await tabs[2]!.evaluate(() => (window as unknown as { auth: { logout(): Promise<void> } }).auth.logout());
    for (const page of tabs) {
      await page.waitForFunction(
        () => (window as unknown as { auth: { getState(): { status: string } } }).auth.getState().status === 'unauthenticated',
      );
    }
    expect(await context.cookies(backend.url)).toEqual([]);
    await context.close();
  });
});
