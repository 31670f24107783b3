// Refresh (rotation), logout, logout everywhere, and the user's session list with revoke.
import type { Context } from 'hono';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { diagnoseMissingCookie } from '../doctor/diagnose-missing-cookie.js';
import { verificationRequired } from '../email-verification/verification-gate.js';
import { TesseraError } from '../errors.js';
import { clientInfo } from '../http/client-info.js';
import type { Env } from '../http/context.js';
import { assertSameSiteRequest } from '../http/csrf.js';
import { readCookies, setRefreshCookies } from '../http/refresh-cookie.js';
import { pathParam, route, type RouteGroup } from '../http/route.js';
import { tokenResponse, tokenResponseSchema, type Transport } from '../http/token-response.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';

const RECENT = 'Needs a recent authentication (REAUTH_MAX_AGE, else 401 reauthentication_required).';

const refreshBody = z.strictObject({ refresh_token: z.string().min(1).max(512).optional() });

const sessionList = z.object({
  sessions: z.array(
    z.object({
      id: z.string(),
      created_at: z.string(),
      last_used_at: z.string(),
      user_agent: z.string().nullable(),
      ip: z.string().nullable(),
      current: z.boolean(),
    }),
  ),
});

const REFRESH_DESCRIPTION =
  'Send the refresh cookie (browsers; JSON content type and an allowed Origin required) or {"refresh_token"} in the body (server-side clients).';

/** The refresh token of /refresh and /logout: from the body (answered in the body) or the cookie (answered in a cookie). */
function presentedRefreshToken(c: Context<Env>, body: z.output<typeof refreshBody>): { token: string | undefined; transport: Transport } {
  if (body.refresh_token) return { token: body.refresh_token, transport: 'body' };
  const { config } = c.get('core');
  const cookies = readCookies(c.req.header('cookie'), config.cookie.name);
  // Cookie tossing: a sibling subdomain (or a page on a sub-path) can plant a second cookie of the same name, which
  // browsers send first or second by their own rules. Which one is the user's cannot be told, so neither is used.
  // The cookie is not cleared either: that would remove only ours and leave the planted one to be used alone.
  if (cookies.length > 1) {
    throw new TesseraError(
      'ambiguous_refresh_cookie',
      `${cookies.length} "${config.cookie.name}" cookies were sent; clear this site's cookies and sign in again`,
    );
  }
  const cookie = cookies[0] || undefined;
  if (cookie) assertSameSiteRequest(c.req.raw, config.corsAllowedOrigins);
  return { token: cookie, transport: 'cookie' };
}

/**
 * The 401 of a refresh that carried no token, neither in the body nor in the cookie. Outside production
 * (COOKIE_DIAGNOSTICS), it says why a browser's request likely came without the cookie: the most common failure of a
 * cookie-based session is one the browser silently drops or keeps back, and status and code cannot say which setting
 * is to blame.
 */
function noRefreshToken(c: Context<Env>): TesseraError {
  const { config } = c.get('core');
  const header = (name: string) => c.req.header(name);
  const cookieDiagnostic = config.cookieDiagnostics
    ? diagnoseMissingCookie(
        {
          url: c.req.url,
          headers: {
            origin: header('origin'),
            referer: header('referer'),
            'sec-fetch-site': header('sec-fetch-site'),
            'x-forwarded-proto': header('x-forwarded-proto'),
            'x-forwarded-host': header('x-forwarded-host'),
            cookie: header('cookie'),
          },
        },
        config,
      )
    : undefined;
  return new TesseraError('invalid_token', 'No refresh token: send the cookie or {"refresh_token"}', { cookieDiagnostic });
}

export function sessionsRoutes(config: ResolvedConfig): RouteGroup {
  return {
    name: 'sessions',
    description: "Refresh with rotation, sign-out, and the user's sessions",
    mount: 'auth',
    routes: [
      route({
        method: 'post',
        path: '/refresh',
        operationId: 'refresh',
        summary: 'Exchange the refresh token (cookie or body) for new tokens; rotates it',
        description: REFRESH_DESCRIPTION,
        auth: 'refresh',
        body: refreshBody,
        ok: { status: 200, schema: tokenResponseSchema(config), description: 'New tokens' },
        errors: [
          'account_disabled',
          'invalid_token',
          'token_expired',
          'refresh_token_reused',
          'session_revoked',
          'ambiguous_refresh_cookie',
          ...(verificationRequired(config) ? (['email_unverified'] as const) : []),
        ],
        handler: async (c, body) => {
          const { token, transport } = presentedRefreshToken(c, body);
          try {
            if (!token) throw noRefreshToken(c);
            return await tokenResponse(c, await c.get('core').sessions.refresh(token, clientInfo(c)), { status: 200, transport });
          } catch (error) {
            // A refused cookie is cleared, so the browser stops sending a token that can never work again; a missing one
            // clears a stale hint, so the page stops asking.
            if (transport === 'cookie' && error instanceof TesseraError) setRefreshCookies(c, config, null);
            throw error;
          }
        },
      }),
      route({
        method: 'post',
        path: '/logout',
        operationId: 'logout',
        summary: 'Revoke the session of the refresh token and clear the cookie',
        description: REFRESH_DESCRIPTION,
        auth: 'refresh',
        body: refreshBody,
        ok: { status: 204, description: 'Signed out' },
        errors: ['ambiguous_refresh_cookie'],
        handler: async (c, body) => {
          const { sessions } = c.get('core');
          const { token, transport } = presentedRefreshToken(c, body);
          const session = token ? await sessions.findByRefreshToken(token) : undefined;
          if (session) {
            const { ip, userAgent } = clientInfo(c);
            await sessions.revoke(session.id, 'logout', undefined, () => [
              { type: 'session.logged_out', userId: session.user_id, sessionId: session.id, ip, userAgent, detail: {} },
            ]);
          }
          // Idempotent: an unknown or already revoked token still ends with no session and no cookie.
          if (transport === 'cookie') setRefreshCookies(c, config, null);
          return c.body(null, 204);
        },
      }),
      route({
        method: 'post',
        path: '/logout-all',
        operationId: 'logoutAll',
        summary: 'Revoke every session of the user',
        description: RECENT,
        auth: 'bearer',
        ok: { status: 204, description: 'All sessions revoked' },
        errors: ['reauthentication_required'],
        handler: async (c) => {
          const core = c.get('core');
          assertRecentAuth(core, c.get('claims'));
          const { sub, sid } = c.get('claims');
          const { ip, userAgent } = clientInfo(c);
          await core.sessions.revokeAll(sub, 'logout_all', undefined, (revoked) => [
            {
              type: 'sessions.revoked_all',
              userId: sub,
              sessionId: sid,
              ip,
              userAgent,
              detail: { sessions: revoked.length, by: 'user' },
            },
          ]);
          setRefreshCookies(c, config, null);
          return c.body(null, 204);
        },
      }),
      route({
        method: 'get',
        path: '/sessions',
        operationId: 'listSessions',
        summary: "List the user's active sessions",
        auth: 'bearer',
        ok: { status: 200, schema: sessionList, description: 'Sessions' },
        errors: [],
        handler: async (c) => {
          const claims = c.get('claims');
          const rows = await c.get('core').sessions.listActive(claims.sub);
          const iso = (ms: number) => new Date(ms).toISOString();
          return c.json({
            sessions: rows.map((s) => ({
              id: s.id,
              created_at: iso(s.created_at),
              last_used_at: iso(s.last_used_at),
              user_agent: s.user_agent,
              ip: s.ip,
              current: s.id === claims.sid,
            })),
          });
        },
      }),
      route({
        method: 'delete',
        path: '/sessions/:id',
        operationId: 'revokeSession',
        summary: 'Revoke one of your own sessions',
        description: `${RECENT} Ending the session the token belongs to (signing out, or ending an impersonation) needs none.`,
        auth: 'bearer',
        ok: { status: 204, description: 'Revoked' },
        errors: ['not_found', 'reauthentication_required'],
        handler: async (c) => {
          const core = c.get('core');
          const { sub, sid } = c.get('claims');
          // Another device's session is a sensitive change; one's own is a sign-out, which never is.
          if (pathParam(c, 'id') !== sid) assertRecentAuth(core, c.get('claims'));
          const { ip, userAgent } = clientInfo(c);
          // session_id is the session revoked, not the one asking (docs/events.md).
          const revoked = await core.sessions.revoke(pathParam(c, 'id'), 'revoked_by_user', sub, ([session]) => [
            { type: 'session.revoked', userId: sub, sessionId: session!.id, ip, userAgent, detail: { by: 'user' } },
          ]);
          if (!revoked) throw new TesseraError('not_found', 'No such active session');
          return c.body(null, 204);
        },
      }),
    ],
  };
}
