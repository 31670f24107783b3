// Tessera's auth routes served under the Next.js app's own origin (`app/auth/[...tessera]/route.ts`), relayed to the
// upstream Tessera. The refresh cookie and its hint come back as first-party cookies of the app (Path=/, so the proxy
// helper sees them on page requests), and every token answer also sets the HttpOnly access cookie that the proxy
// helper and getSession() read.
import { clientHeaders } from './client-address.js';
import { parseSetCookie, readCookie, readCookies, serializeCookie, type CookieChange } from './cookies.js';
import type { ResolvedOptions } from './options.js';
import { accessCookie, parseObject, refreshedCookies, secondsLeft, type Refresh } from './refresh.js';
import type { UserLookup } from './user-lookup.js';
import type { Verify } from './verifier.js';

// What the browser may tell Tessera. Cookies are reduced to the refresh cookie; address headers are never passed on
// as sent (client-address.ts); X-Token-Transport is not passed, so the refresh token never reaches page scripts.
const FORWARDED_HEADERS = ['accept', 'accept-language', 'authorization', 'content-type', 'origin', 'sec-fetch-site', 'user-agent'];
// Hop-by-hop or invalidated by re-sending the decoded body (RFC 9110 §7.6.1, §8.4, §8.6).
const DROPPED_RESPONSE_HEADERS = new Set([
  'set-cookie',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
]);

export type RouteHandler = (request: Request) => Promise<Response>;

export function createRouteHandler(options: ResolvedOptions, verify: Verify, lookupUser: UserLookup, refresh: Refresh): RouteHandler {
  return async (request) => {
    const url = new URL(request.url);
    // Anything else (a cross-site request, a planted second cookie) is relayed, for Tessera to refuse.
    const refreshToken =
      request.method === 'POST' && url.pathname === `${options.basePath}/refresh` && browserRefreshToken(options, request);
    if (refreshToken)
      return (
        (await currentTokenAnswer(options, request, verify, lookupUser)) ?? (await sharedRefresh(options, request, refreshToken, refresh))
      );
    return relay(options, request, url);
  };
}

/**
 * The refresh cookie of a browser refresh the route handler may answer itself: a same-origin JSON request, the
 * conditions Tessera sets on a cookie refresh (csrf.ts), with the cookie sent once (readCookie: no planted twin).
 */
function browserRefreshToken(options: ResolvedOptions, request: Request): string | null {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return null;
  if (!isSameOrigin(request)) return null;
  return readCookie(request.headers.get('cookie'), options.refreshCookie) ?? null;
}

/**
 * The SDK's real refresh, through the same single flight as the proxy helper's (refresh.ts): when a page request and
 * the SDK's timer present one refresh token together, Tessera is asked once and both get the same tokens. Relayed as
 * it came, the two reached Tessera, whose lost-answer rule then issued a second access token for one refresh token
 * (the e2e check of one rotation per expiry failed so at load average 15).
 */
async function sharedRefresh(options: ResolvedOptions, request: Request, refreshToken: string, refresh: Refresh): Promise<Response> {
  const outcome = await refresh(refreshToken, request.headers);
  const headers = new Headers({ 'cache-control': 'no-store', pragma: 'no-cache' });
  if (outcome.kind !== 'refreshed') {
    const { answer } = outcome;
    if (!answer) return upstreamUnavailable();
    for (const name of ['content-type', 'retry-after', 'www-authenticate']) {
      const value = answer.headers.get(name);
      if (value !== null) headers.set(name, value);
    }
    if (outcome.kind === 'signed_out') for (const change of outcome.cookies) headers.append('set-cookie', serializeCookie(change, options));
    return new Response(answer.body, { status: answer.status, headers });
  }
  // A flight settled a few seconds ago is answered again: the lifetime left, not the one Tessera gave then.
  for (const change of refreshedCookies(options, outcome)) headers.append('set-cookie', serializeCookie(change, options));
  return Response.json({ ...outcome.answer, expires_in: secondsLeft(options, outcome.expiresAt) }, { headers });
}

function upstreamUnavailable(): Response {
  return Response.json(
    { type: 'about:blank', title: 'Bad Gateway', status: 502, code: 'upstream_unavailable', detail: 'The auth server did not answer' },
    { status: 502, headers: { 'content-type': 'application/problem+json' } },
  );
}

/**
 * A browser refresh answered with the access token the cookies already hold, when it is fresh (more than a quarter
 * of its lifetime left) and the user is known: the SDK's restore on each page load then costs no rotation, so an
 * access token is refreshed once per expiry whether the proxy helper or the SDK gets there first. The SDK's timer
 * fires with at most half of what it was given left, so within two such answers it asks when a quarter or less is
 * left, and that refresh is a real one (docs/next-server.md, "One refresh per expiry").
 */
async function currentTokenAnswer(
  options: ResolvedOptions,
  request: Request,
  verify: Verify,
  lookupUser: UserLookup,
): Promise<Response | null> {
  const token = readCookie(request.headers.get('cookie'), options.accessCookie);
  if (!token) return null;
  const claims = await verify(token);
  const now = options.now();
  if (!claims || claims.exp * 1000 - now <= ((claims.exp - claims.iat) * 1000) / 4) return null;
  const user = await lookupUser(token, claims);
  if (!user) return null;
  const expiresIn = Math.floor((claims.exp * 1000 - now) / 1000);
  return Response.json(
    { access_token: token, token_type: 'Bearer', expires_in: expiresIn, expires_at: claims.exp * 1000, user },
    // RFC 6749 §5.1: token responses must not be cached.
    { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } },
  );
}

/**
 * Whether the browser says the request comes from this app's pages: Sec-Fetch-Site (sent by current browsers), else
 * the Origin's host against the Host the browser addressed. Not `request.url`: Next builds it from the address it
 * listens on (`-H 127.0.0.1`), not from what the browser asked for (`localhost`).
 */
function isSameOrigin(request: Request): boolean {
  const { headers } = request;
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  const origin = headers.get('origin');
  if (origin === null) return true;
  const host = headers.get('x-forwarded-host')?.split(',')[0]?.trim() ?? headers.get('host') ?? new URL(request.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

async function relay(options: ResolvedOptions, request: Request, url: URL): Promise<Response> {
  const headers = new Headers(clientHeaders(request.headers, options.clientAddress));
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null && !headers.has(name)) headers.set(name, value);
  }
  // Every refresh cookie sent, so Tessera still refuses a planted twin (ambiguous_refresh_cookie).
  const refresh = readCookies(request.headers.get('cookie'), options.refreshCookie);
  if (refresh.length) headers.set('cookie', refresh.map((value) => `${options.refreshCookie}=${value}`).join('; '));
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let upstream: Response;
  try {
    upstream = await options.upstream(
      new Request(options.upstreamUrl(url.pathname + url.search), {
        method: request.method,
        headers,
        body: hasBody ? await request.arrayBuffer() : null,
        redirect: 'manual',
      }),
    );
  } catch {
    return upstreamUnavailable();
  }
  const out = new Headers();
  for (const [name, value] of upstream.headers) if (!DROPPED_RESPONSE_HEADERS.has(name)) out.append(name, value);
  const changes: CookieChange[] = [];
  for (const line of upstream.headers.getSetCookie()) {
    const cookie = parseSetCookie(line);
    if (cookie?.name === options.refreshCookie || cookie?.name === options.hintCookie) {
      const cleared = !cookie.value || cookie.maxAge === 0;
      changes.push({
        name: cookie.name,
        value: cleared ? null : cookie.value,
        maxAge: cookie.maxAge ?? 0,
        httpOnly: cookie.name === options.refreshCookie,
      });
      // Signed out on Tessera: the access cookie goes too, or the app would keep rendering the user until it expires.
      if (cleared && cookie.name === options.refreshCookie)
        changes.push({ name: options.accessCookie, value: null, maxAge: 0, httpOnly: true });
    } else {
      out.append('set-cookie', line);
    }
  }
  let body: BodyInit | null = upstream.body;
  if ((upstream.status === 200 || upstream.status === 201) && (upstream.headers.get('content-type') ?? '').includes('json')) {
    const text = await upstream.text();
    body = text;
    const answer = parseObject(text);
    if (typeof answer?.access_token === 'string' && typeof answer.expires_in === 'number') {
      changes.push(accessCookie(options, answer.access_token, answer.expires_in));
    }
  }
  for (const change of changes) out.append('set-cookie', serializeCookie(change, options));
  return new Response(request.method === 'HEAD' ? null : body, { status: upstream.status, statusText: upstream.statusText, headers: out });
}
