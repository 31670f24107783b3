// Issue 14 item 2: the runtime diagnosis of a refresh without its cookie, over the deployment shapes of the doctor's
// table, each as a browser's request would show it (Origin, Sec-Fetch-Site, the URL the server sees).
import { describe, expect, it } from 'vitest';
import { resolveConfig, type TesseraOptions } from '../config/index.js';
import type { MissingCookieCause } from './cookie-diagnostic.js';
import { diagnoseMissingCookie, type RefreshRequestShape } from './diagnose-missing-cookie.js';

interface Shape {
  name: string;
  /** The page's origin (the request's Origin). */
  app: string;
  /** The URL the server sees for POST /auth/refresh. */
  api: string;
  /** What the browser sends: Chromium sends Sec-Fetch-Site only to https and localhost. */
  fetchSite?: 'same-origin' | 'same-site' | 'cross-site';
  headers?: RefreshRequestShape['headers'];
  cookie?: TesseraOptions['cookie'];
  expected: MissingCookieCause | undefined;
}

const table: Shape[] = [
  {
    name: 'localhost ports (the demo): same site, nothing to say to a signed-out visitor',
    app: 'http://localhost:3000',
    api: 'http://localhost:4000/auth/refresh',
    fetchSite: 'same-site',
    expected: undefined,
  },
  {
    name: 'the app opened on 127.0.0.1 while the API is on localhost',
    app: 'http://127.0.0.1:3000',
    api: 'http://localhost:4000/auth/refresh',
    fetchSite: 'cross-site',
    expected: 'samesite_blocks_cross_site',
  },
  {
    name: 'app and API subdomains of one site over https',
    app: 'https://app.example.com',
    api: 'https://api.example.com/auth/refresh',
    fetchSite: 'same-site',
    expected: undefined,
  },
  {
    name: 'the API mounted in the app (one origin)',
    app: 'https://example.com',
    api: 'https://example.com/auth/refresh',
    fetchSite: 'same-origin',
    expected: undefined,
  },
  {
    name: 'two unrelated domains with the default SameSite=Lax',
    app: 'https://shop.example',
    api: 'https://auth.example.net/auth/refresh',
    fetchSite: 'cross-site',
    expected: 'samesite_blocks_cross_site',
  },
  {
    name: 'two unrelated domains with SameSite=None; Secure',
    app: 'https://shop.example',
    api: 'https://auth.example.net/auth/refresh',
    fetchSite: 'cross-site',
    cookie: { sameSite: 'none' },
    expected: 'third_party_cookies',
  },
  {
    name: 'two apps of a hosting platform (a public suffix)',
    app: 'https://shop.vercel.app',
    api: 'https://shop-api.vercel.app/auth/refresh',
    fetchSite: 'cross-site',
    expected: 'samesite_blocks_cross_site',
  },
  {
    name: 'a public suffix the doctor does not know: the browser says cross-site, and it is believed',
    app: 'https://shop.platform.example',
    api: 'https://shop-api.platform.example/auth/refresh',
    fetchSite: 'cross-site',
    expected: 'samesite_blocks_cross_site',
  },
  {
    name: 'http in production with the Secure cookie (no Sec-Fetch-Site over http)',
    app: 'http://app.example.com',
    api: 'http://api.example.com/auth/refresh',
    expected: 'secure_cookie_over_http',
  },
  {
    name: 'a LAN address in development with the Secure cookie',
    app: 'http://192.168.1.20:3000',
    api: 'http://192.168.1.20:4000/auth/refresh',
    expected: 'secure_cookie_over_http',
  },
  {
    name: 'https ended at a proxy that says so (X-Forwarded-Proto)',
    app: 'https://app.example.com',
    api: 'http://api.example.com/auth/refresh',
    headers: { 'x-forwarded-proto': 'https' },
    expected: undefined,
  },
  {
    name: 'https ended at a proxy that does not say so: Sec-Fetch-Site proves the browser used https',
    app: 'https://app.example.com',
    api: 'http://10.0.0.5:4000/auth/refresh',
    fetchSite: 'same-site',
    headers: { 'x-forwarded-host': 'api.example.com' },
    expected: undefined,
  },
  {
    name: 'https ended at a silent proxy, and a browser without Sec-Fetch-Site: an https page cannot have called http',
    app: 'https://app.example.com',
    api: 'http://api.example.com/auth/refresh',
    expected: undefined,
  },
  {
    name: 'a cookie domain that does not cover the API',
    app: 'https://app.example.com',
    api: 'https://api.example.com/auth/refresh',
    fetchSite: 'same-site',
    cookie: { domain: 'example.org' },
    expected: 'cookie_domain_mismatch',
  },
  {
    name: 'a proxy serving the auth routes under another path: the hint came, the refresh cookie (Path=/auth) did not',
    app: 'https://app.example.com',
    api: 'https://app.example.com/auth/refresh',
    fetchSite: 'same-origin',
    headers: { cookie: 'theme=dark; tessera_session=1' },
    expected: 'cookie_path_mismatch',
  },
  {
    name: 'the hint without a __Host- refresh cookie (Path=/): nothing the request can explain',
    app: 'https://app.example.com',
    api: 'https://app.example.com/auth/refresh',
    fetchSite: 'same-origin',
    cookie: { name: '__Host-refresh' },
    headers: { cookie: 'tessera_session=1' },
    expected: undefined,
  },
  {
    name: 'a server-side caller (no Origin, no Referer), whatever the shape',
    app: '',
    api: 'http://192.168.1.20:4000/auth/refresh',
    expected: undefined,
  },
];

function run(shape: Shape) {
  const app = shape.app ? new URL(shape.app).origin : undefined;
  const config = resolveConfig({ cookie: shape.cookie ?? {}, corsAllowedOrigins: app ? [app] : [] }, {});
  const headers = { origin: app, 'sec-fetch-site': shape.fetchSite, ...shape.headers };
  return diagnoseMissingCookie({ url: shape.api, headers }, config);
}

describe('why a refresh came without its cookie', () => {
  it.each(table)('$name', (shape) => {
    expect(run(shape)?.likely_cause).toBe(shape.expected);
  });

  it('says it in plain words with the fix, reusing the doctor’s', () => {
    const diagnosis = run(table[1]!);
    expect(diagnosis).toEqual({
      likely_cause: 'samesite_blocks_cross_site',
      explanation:
        "The refresh cookie is SameSite=Lax and the app is on another site: the browser never sends it with the app's requests, so the session cannot be restored after a reload.",
      fix: 'Use one host name for both: open the app at http://localhost:3000 (127.0.0.1 and localhost are different sites to a browser).',
      message: `Tessera: the browser did not send the refresh cookie, so the session cannot be restored. Likely cause (samesite_blocks_cross_site): ${diagnosis!.explanation} Fix: ${diagnosis!.fix}`,
    });
  });

  it('takes the page from the Referer when there is no Origin', () => {
    const diagnosis = diagnoseMissingCookie(
      {
        url: 'http://localhost:4000/auth/refresh',
        headers: { referer: 'http://127.0.0.1:3000/posts?page=2', 'sec-fetch-site': 'cross-site' },
      },
      resolveConfig({}, {}),
    );
    expect(diagnosis?.likely_cause).toBe('samesite_blocks_cross_site');
  });

  it('names the base path the refresh cookie is scoped to', () => {
    const config = resolveConfig({ basePath: '/api/auth' }, {});
    const diagnosis = diagnoseMissingCookie(
      { url: 'https://example.com/api/auth/refresh', headers: { origin: 'https://example.com', cookie: 'tessera_session=1' } },
      config,
    );
    expect(diagnosis?.explanation).toContain('Path=/api/auth');
  });
});
