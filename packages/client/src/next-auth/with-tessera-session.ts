// Middleware (middleware.ts, or proxy.ts in Next 16) that refreshes the session before pages render and persists it:
// the rotated cookie goes to the browser (response) AND to this request's Server Components and route handlers
// (forwarded request), so nothing downstream refreshes again with the old refresh token.
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server.js';
import type { CookieSession } from './cookie-session.js';
import type { SessionCookie } from './session-cookie.js';
import type { TesseraSession } from './session-token.js';

/** Your own middleware, called with the request already carrying the refreshed cookie, and the session (null: signed out). */
export type TesseraMiddleware<TUser> = (
  request: NextRequest,
  event: NextFetchEvent,
  session: TesseraSession<TUser> | null,
) => Response | NextResponse | null | undefined | void | Promise<Response | NextResponse | null | undefined | void>;

/**
 * @example
 * // middleware.ts
 * export default withTesseraSession(tesseraAuth.session, (req, _event, session) => {
 *   if (!session?.accessToken) return NextResponse.redirect(new URL('/login', req.url));
 * });
 * export const config = { matcher: ['/dashboard/:path*', '/api/posts/:path*'] };
 */
export function withTesseraSession<TUser>(session: CookieSession<TUser>, middleware?: TesseraMiddleware<TUser>) {
  return async (request: NextRequest, event: NextFetchEvent): Promise<Response> => {
    // The browser's headers go with the refresh (its user agent and address in the backend's events).
    const result = await session.refreshCookies(request.cookies, Object.fromEntries(request.headers));
    // The request first: RequestCookies rewrites the Cookie header that Next forwards below.
    for (const cookie of result?.cookies ?? []) {
      if (cookie.value) request.cookies.set(cookie.name, cookie.value);
      else request.cookies.delete(cookie.name);
    }
    const response =
      (await middleware?.(request, event, result?.session ?? null)) ??
      (result?.cookies.length ? NextResponse.next({ request: { headers: request.headers } }) : NextResponse.next());
    if (result?.cookies.length) {
      forwardCookieHeader(response, request);
      setCookies(response, result.cookies);
    }
    return response;
  };
}

/**
 * Next passes request header overrides downstream through `x-middleware-override-headers` and
 * `x-middleware-request-*` on a pass-through (next) or rewrite response; keep the caller's, add the cookie.
 */
function forwardCookieHeader(response: Response, request: NextRequest) {
  const { headers } = response;
  if (headers.get('x-middleware-next') !== '1' && !headers.has('x-middleware-rewrite')) return;
  const override = headers.get('x-middleware-override-headers');
  if (override === null) {
    // No overrides yet: Next would keep the original headers, so list them all with the new cookie among them.
    for (const [name, value] of request.headers) headers.set(`x-middleware-request-${name}`, value);
    headers.set('x-middleware-override-headers', [...request.headers.keys()].join(','));
    return;
  }
  const names = override.split(',').filter(Boolean);
  if (!names.includes('cookie')) headers.set('x-middleware-override-headers', [...names, 'cookie'].join(','));
  headers.set('x-middleware-request-cookie', request.headers.get('cookie') ?? '');
}

function setCookies(response: Response, cookies: SessionCookie[]) {
  if (response instanceof NextResponse) {
    for (const { name, value, options } of cookies) response.cookies.set(name, value, options);
    return;
  }
  // A plain Response (e.g. Response.json in middleware): serialise ourselves (RFC 6265 §4.1).
  for (const { name, value, options } of cookies) {
    const parts = [`${name}=${value}`, `Path=${options.path}`, 'HttpOnly', 'SameSite=Lax'];
    if (options.secure) parts.push('Secure');
    if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
    if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
    response.headers.append('set-cookie', parts.join('; '));
  }
}
