// Issue 14 item 2 in Chromium: the app on 127.0.0.1, the API on localhost (two sites to a browser) with the default
// SameSite=Lax refresh cookie. The browser keeps the cookie from the API's cross-site requests, so a reload cannot
// restore the session; the development server says why, and the SDK prints it to the console once per page load, even
// with two clients on the page. The client is bundled from source with esbuild, as an app's bundler would.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM } from '../../../e2e/support/chromium.js';
import { createTestServer, type TestServer } from '../../server/src/test/test-server.js';

const PAGE = `<!doctype html><meta charset="utf-8"><title>cookie diagnostic</title><script type="module">
import { createAuthClient } from '/client.js';
const query = new URLSearchParams(location.search);
window.auth = createAuthClient({ baseUrl: query.get('api') });
// A second client of the same page (another part of the app): the page is told once all the same.
if (query.has('two')) window.other = createAuthClient({ baseUrl: query.get('api'), channel: 'other' });
</script>`;

let api: TestServer;
let front: Server;
let app: string;
let browser: Browser;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'error',
  });
  const client = bundle.outputFiles[0]!.text;
  front = createServer((req, res) => {
    if (req.url?.startsWith('/client.js')) return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(client);
    res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  app = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  [api, browser] = await Promise.all([
    createTestServer('sqlite', { corsAllowedOrigins: [app] }, { NODE_ENV: 'development' }),
    chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
  await new Promise((resolve) => front?.close(resolve));
});

type Window = { auth: { getState(): { status: string }; register(input: unknown): Promise<unknown> }; other?: Window['auth'] };

it('prints why the browser kept the refresh cookie back, once per page load', async () => {
  const apiUrl = api.url.replace('127.0.0.1', 'localhost');
  const context = await browser.newContext();
  const page = await context.newPage();
  const warnings: string[] = [];
  page.on('console', (message) => void (message.type() === 'warning' && warnings.push(message.text())));
  const refreshes: Array<{ status: number; cookie: string | undefined }> = [];
  page.on('response', async (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/auth/refresh') {
      refreshes.push({ status: response.status(), cookie: (await request.allHeaders()).cookie });
    }
  });
  const settled = (name: 'auth' | 'other') =>
    page.waitForFunction((n) => (window as unknown as Window)[n]?.getState().status === 'unauthenticated', name);

  await page.goto(`${app}/?api=${encodeURIComponent(apiUrl)}`);
  await settled('auth');
  // Signed in from the page: the API answers with the refresh cookie, which this cross-site page cannot use.
  await page.evaluate(
    (email) => (window as unknown as Window).auth.register({ email, password: 'correct horse battery staple' }),
    `diagnostic-${Date.now()}@example.com`,
  );
  warnings.length = 0;
  refreshes.length = 0;

  await page.goto(`${app}/?two&api=${encodeURIComponent(apiUrl)}`);
  await Promise.all([settled('auth'), settled('other')]);
  await expect.poll(() => refreshes.length).toBe(2);
  // Both restores went without the cookie, and both answers carried the diagnosis; the page printed it once.
  expect(refreshes).toEqual([
    { status: 401, cookie: undefined },
    { status: 401, cookie: undefined },
  ]);
  const port = new URL(app).port;
  expect(warnings).toEqual([
    'Tessera: the browser did not send the refresh cookie, so the session cannot be restored. Likely cause ' +
      "(samesite_blocks_cross_site): The refresh cookie is SameSite=Lax and the app is on another site: the browser never sends it with the app's " +
      'requests, so the session cannot be restored after a reload. Fix: Use one host name for both: open the app at ' +
      `http://localhost:${port} (127.0.0.1 and localhost are different sites to a browser).`,
  ]);
  await context.close();
});
