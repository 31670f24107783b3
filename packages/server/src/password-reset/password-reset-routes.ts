// POST /password/forgot and /password/reset: ask for a reset link (202 whatever the address), and spend one.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { mailedTokenSchema } from '../email/mailed-token.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { requestPasswordReset, resetPassword } from './password-reset.js';

/** Mounted while ACCOUNT_EMAILS is on (off: 404, and the OpenAPI document leaves the routes out). */
export function passwordResetRoutes(config: ResolvedConfig): RouteGroup {
  return {
    name: 'password-reset',
    description: 'Forgotten password: a mailed link sets a new one',
    mount: 'auth',
    prefix: '/password',
    routes: config.email.enabled
      ? [
          route({
            method: 'post',
            path: '/forgot',
            operationId: 'requestPasswordReset',
            summary: 'Mail a password reset link to {email}; 202 whatever the address',
            description:
              'The answer is the same 202, with no body, whether an account has this email or not; only accounts get a ' +
              'mail (social-only accounts too: the link sets their first password). A newer link supersedes older ones. ' +
              'Limits: MAIL_MAX_PER_EMAIL and MAIL_MAX_PER_IP per MAIL_WINDOW, then 429 rate_limited with Retry-After.',
            auth: 'none',
            body: z.strictObject({ email: z.email().max(254) }),
            ok: { status: 202, description: 'Accepted; a mail goes out if an account has this email' },
            errors: ['rate_limited'],
            handler: async (c, body) => {
              await requestPasswordReset(c.get('core'), body.email, clientIp(c));
              return c.body(null, 202);
            },
          }),
          route({
            method: 'post',
            path: '/reset',
            operationId: 'resetPassword',
            summary: 'Spend a reset link: set the new password, verify the email, sign out every session',
            description:
              'The new password passes the password policy. A notice goes to the address. The link dies when used, when a ' +
              'newer one is sent, when the password or email changes, and after PASSWORD_RESET_TTL.',
            auth: 'none',
            body: z.strictObject({
              token: mailedTokenSchema,
              new_password: z.string().min(config.passwordMinLength).max(config.passwordMaxLength),
            }),
            ok: { status: 204, description: 'Password set; every session of the user is revoked' },
            errors: [
              ['invalid_token', 400],
              ['token_expired', 400],
            ],
            handler: async (c, body) => {
              await resetPassword(c.get('core'), { token: body.token, newPassword: body.new_password }, clientInfo(c));
              return c.body(null, 204);
            },
          }),
        ]
      : [],
  };
}
