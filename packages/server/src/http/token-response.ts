// The token response of every sign-in and refresh (RFC 6749 §5.1): the access token in the body, the refresh token
// in the HttpOnly cookie for browsers or in the body for server-side clients.
import type { Context } from 'hono';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { decodeAmr } from '../reauth/amr.js';
import type { IssuedSession } from '../sessions/session-store.js';
import { userSchema } from '../users/user-schemas.js';
import type { Env } from './context.js';
import { setRefreshCookies } from './refresh-cookie.js';

export type Transport = 'cookie' | 'body';

/** `X-Token-Transport: body` asks for the refresh token in the body. */
function requestedTransport(c: Context<Env>): Transport {
  return c.req.header('x-token-transport')?.toLowerCase() === 'body' ? 'body' : 'cookie';
}

export async function tokenResponse(
  c: Context<Env>,
  { user, session, refresh }: IssuedSession,
  {
    status,
    transport = requestedTransport(c),
    extra: fields,
  }: {
    status: 200 | 201;
    transport?: Transport;
    /** Fields added to the body (`mfa_enrollment_required`). */
    extra?: Record<string, unknown>;
  },
): Promise<Response> {
  const core = c.get('core');
  const { config } = core;
  const publicUser = core.users.toPublic(user);
  const extra = config.claims ? await config.claims({ ...publicUser, is_superuser: user.is_superuser === 1 }) : undefined;
  const access = await core.accessTokens.sign({
    userId: user.id,
    sessionId: session.id,
    authenticatedAt: session.authenticated_at,
    amr: decodeAmr(session.amr),
    emailVerified: user.email_verified === 1,
    ...(extra ? { extra } : {}),
  });
  const body: Record<string, unknown> = {
    access_token: access.token,
    token_type: 'Bearer',
    expires_in: config.accessTokenTtl,
    expires_at: access.expiresAt,
    user: publicUser,
    ...fields,
  };
  // RFC 6749 §5.1: token responses must not be cached.
  c.header('Cache-Control', 'no-store');
  c.header('Pragma', 'no-cache');
  if (transport === 'body') {
    body.refresh_token = refresh.token;
    body.refresh_expires_at = refresh.expiresAt;
  } else {
    setRefreshCookies(c, config, refresh.token, refresh.expiresAt, config.now());
  }
  return c.json(body, status);
}

export function tokenResponseSchema(config: ResolvedConfig) {
  return z.object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().describe('seconds'),
    expires_at: z.number().int().describe('epoch milliseconds'),
    user: userSchema(config),
    refresh_token: z.string().optional().describe('only with X-Token-Transport: body'),
    refresh_expires_at: z.number().int().optional().describe('epoch milliseconds; only with X-Token-Transport: body'),
    mfa_enrollment_required: z
      .literal(true)
      .optional()
      .describe('MFA_REQUIRED=required (or the user flag) and no second factor yet: only enrolment routes accept this token'),
  });
}
