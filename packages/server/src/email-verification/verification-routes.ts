// POST /email/verify/request and /email/verify: ask for a verification link (Bearer, or {email}), and spend one.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import { TesseraError } from '../errors.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import type { AccessClaims } from '../tokens/access-token.js';
import { userSchema } from '../users/user-schemas.js';
import { mailedTokenSchema } from '../email/mailed-token.js';
import { requestVerification, verifyEmail } from './verify-email.js';

/**
 * Mounted while ACCOUNT_EMAILS is on and EMAIL_VERIFICATION is optional or required; with `off` the routes answer
 * 404 (and the OpenAPI document leaves them out), as nothing here would ever be mailed.
 */
export function emailVerificationRoutes(config: ResolvedConfig): RouteGroup {
  const on = config.email.enabled && config.email.verification !== 'off';
  return {
    name: 'email-verification',
    description: 'Proving the account email (EMAIL_VERIFICATION)',
    mount: 'auth',
    prefix: '/email/verify',
    routes: on
      ? [
          route({
            method: 'post',
            path: '/request',
            operationId: 'requestEmailVerification',
            summary: 'Mail a verification link to the signed-in user (Bearer) or to {email}; 202 whatever the address',
            description:
              'The answer is the same 202, with no body, for unknown, unverified and verified addresses: only unverified ' +
              'accounts get a mail. A newer link supersedes older ones. Limits: MAIL_MAX_PER_EMAIL and MAIL_MAX_PER_IP per ' +
              'MAIL_WINDOW, then 429 rate_limited with Retry-After for every address alike.',
            auth: 'bearer-optional',
            body: z.strictObject({ email: z.email().max(254).optional() }),
            ok: { status: 202, description: 'Accepted; a mail goes out if the address belongs to an unverified account' },
            errors: ['rate_limited'],
            handler: async (c, body) => {
              const core = c.get('core');
              const claims = c.get('claims') as AccessClaims | undefined;
              let email = body.email;
              if (claims) {
                const user = await core.users.findById(claims.sub);
                if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
                email = user.email;
              }
              if (!email)
                throw new TesseraError('validation_failed', 'email: send {"email"} or a Bearer token', {
                  errors: [{ path: 'email', message: 'Required without a Bearer token' }],
                });
              await requestVerification(core, email, clientIp(c));
              return c.body(null, 202);
            },
          }),
          route({
            method: 'post',
            path: '',
            operationId: 'verifyEmail',
            summary: 'Spend a verification link: the account email becomes verified',
            description: 'Access tokens carry email_verified: true from the next refresh on.',
            auth: 'none',
            body: z.strictObject({ token: mailedTokenSchema }),
            ok: { status: 200, schema: userSchema(config), description: 'The user, with email_verified: true' },
            errors: [
              ['invalid_token', 400],
              ['token_expired', 400],
            ],
            handler: async (c, body) => {
              const core = c.get('core');
              return c.json(core.users.toPublic(await verifyEmail(core, body.token, clientInfo(c))));
            },
          }),
        ]
      : [],
  };
}
