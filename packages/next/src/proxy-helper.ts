// The proxy.ts (middleware.ts before Next 16) helper: the access cookie verified, an expired one refreshed at most
// once per request, the rotated cookies written onto the forwarded request (so this request's Server Components and
// route handlers read them, and do not refresh again) and onto the response (so the browser keeps them), and
// protected paths redirected to sign-in when nobody is signed in.
import { NextResponse, type NextRequest } from 'next/server.js';
import type { AccessClaims } from './access-claims.js';
import { applyToCookieHeader, readCookie, serializeCookie, type CookieChange } from './cookies.js';
import type { ResolvedOptions } from './options.js';
import { refreshedCookies, type Refresh } from './refresh.js';
import type { Verify } from './verifier.js';

export interface ProxyOptions {
  /**
   * Paths that need a signed-in user: a string covers itself and everything below it (`'/dashboard'` covers
   * `/dashboard/settings`), a RegExp is tested against the pathname. @default []
   */
  protect?: (string | RegExp)[];
  /** Where signed-out visitors of a protected path are sent (307). @default '/login' */
  signInPath?: string;
  /** The query parameter that carries the protected path and query to come back to. @default 'next' */
  returnToParam?: string;
  /**
   * Seconds before its expiry an access token is refreshed here, so the Server Components and API calls of this
   * request do not meet an expired token; at most a quarter of the token's lifetime. Smaller than the browser SDK's
   * margin, so an open tab refreshes first. @default 5
   */
  expiryMargin?: number;
}

/** The session as the proxy helper left it, for your own proxy logic. */
export interface ProxyResult {
  claims: AccessClaims | null;
  /** The response to return: a pass-through carrying the cookies, or the redirect to sign-in. */
  response: NextResponse;
}

export type ProxyHelper = ((request: NextRequest) => Promise<NextResponse>) & {
  /** The same, with the verified claims alongside the response. */
  run(request: NextRequest): Promise<ProxyResult>;
};

export function createProxyHelper(
  options: ResolvedOptions,
  verify: Verify,
  refresh: Refresh,
  proxyOptions: ProxyOptions = {},
): ProxyHelper {
  const protect = proxyOptions.protect ?? [];
  const signInPath = proxyOptions.signInPath ?? '/login';
  const returnToParam = proxyOptions.returnToParam ?? 'next';
  const margin = (proxyOptions.expiryMargin ?? 5) * 1000;

  const isProtected = (pathname: string) =>
    protect.some((rule) =>
      typeof rule === 'string' ? pathname === rule || pathname.startsWith(`${rule.replace(/\/$/, '')}/`) : rule.test(pathname),
    );

  async function run(request: NextRequest): Promise<ProxyResult> {
    const { pathname, search } = request.nextUrl;
    // The auth routes' own requests (the SDK's refresh among them) are the route handler's to answer.
    if (pathname === options.basePath || pathname.startsWith(`${options.basePath}/`))
      return { claims: null, response: NextResponse.next() };
    const cookie = request.headers.get('cookie');
    const token = readCookie(cookie, options.accessCookie);
    let claims = token ? await verify(token) : null;
    let changes: CookieChange[] = [];
    // A quarter of the token's lifetime at most, so a short-lived token is not refreshed at every request.
    if (!claims || claims.exp * 1000 - options.now() <= Math.min(margin, (claims.exp - claims.iat) * 250)) {
      const refreshToken = readCookie(cookie, options.refreshCookie);
      if (refreshToken) {
        const outcome = await refresh(refreshToken, request.headers);
        if (outcome.kind === 'refreshed') {
          changes = refreshedCookies(options, outcome);
          claims = await verify(outcome.accessToken);
        } else if (outcome.kind === 'signed_out') {
          changes = outcome.cookies;
          claims = null;
        }
      } else if (token && !claims) {
        // A forged or expired access cookie with nothing to refresh it: dropped, so it is not verified again.
        changes = [{ name: options.accessCookie, value: null, maxAge: 0, httpOnly: true }];
      }
    }
    let response: NextResponse;
    if (!claims && isProtected(pathname)) {
      const target = new URL(signInPath, request.nextUrl.origin);
      target.searchParams.set(returnToParam, pathname + search);
      response = NextResponse.redirect(target, 307);
    } else if (changes.length) {
      // The request first: Next forwards these headers to the route, so it sees the new cookies (next-auth #11853).
      const headers = new Headers(request.headers);
      headers.set('cookie', applyToCookieHeader(cookie, changes));
      response = NextResponse.next({ request: { headers } });
    } else {
      response = NextResponse.next();
    }
    for (const change of changes) response.headers.append('set-cookie', serializeCookie(change, options));
    return { claims, response };
  }

  const helper = (request: NextRequest) => run(request).then((result) => result.response);
  return Object.assign(helper, { run });
}
