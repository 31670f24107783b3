// POST /email/sign-in and /email/sign-in/verify: parse, call email-sign-in.ts, answer.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import type { Core } from '../core.js';
import { mailedTokenSchema } from '../email/mailed-token.js';
import { TesseraError } from '../errors.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { tokenResponseSchema } from '../http/token-response.js';
import { signInAnswerSchema } from '../mfa/mfa-schemas.js';
import { signInResponse } from '../mfa/sign-in-step.js';
import { requestEmailSignIn, verifyEmailSignIn } from './email-sign-in.js';

/** ACCOUNT_EMAILS=off: the flows that send mail are not there. */
function assertAccountEmails(core: Core): void {
  if (!core.config.email.enabled) throw new TesseraError('not_found', 'Account emails are turned off (ACCOUNT_EMAILS=off)');
}

export function emailSignInRoutes(config: ResolvedConfig): RouteGroup {
  return {
    name: 'email sign-in',
    description: 'Passwordless sign-in with a mailed link or 6-digit code',
    mount: 'auth',
    prefix: '/email/sign-in',
    routes: [
      route({
        method: 'post',
        path: '',
        operationId: 'requestEmailSignIn',
        summary: 'Mail a sign-in link and code to the address',
        description:
          'Always 202, whether or not an account has this address (no mail is sent when none does: email sign-in ' +
          'does not create accounts). Past MAIL_MAX_PER_EMAIL or MAIL_MAX_PER_IP every address gets 429 alike.',
        auth: 'none',
        body: z.strictObject({ email: z.email().max(254) }),
        ok: { status: 202, description: 'Queued' },
        errors: ['rate_limited', 'not_found'],
        handler: async (c, body) => {
          const core = c.get('core');
          assertAccountEmails(core);
          await requestEmailSignIn(core, body.email, clientIp(c));
          return c.body(null, 202);
        },
      }),
      route({
        method: 'post',
        path: '/verify',
        operationId: 'verifyEmailSignIn',
        summary: 'Sign in with the mailed link’s token, or with the email and its 6-digit code',
        description:
          'The email becomes verified. A code dies after 5 wrong tries; code tries also count on the login limits. A user ' +
          'with a second factor gets the MFA step (as POST /auth/login does) instead of tokens.',
        auth: 'none',
        tokenTransport: true,
        body: z.union([
          z.strictObject({ token: mailedTokenSchema }),
          z.strictObject({ email: z.string().min(1).max(254), code: z.string().min(1).max(12) }),
        ]),
        ok: { status: 200, schema: signInAnswerSchema(tokenResponseSchema(config)), description: 'Signed in, or the MFA step' },
        errors: [['invalid_token', 400], ['token_expired', 400], 'invalid_code', 'rate_limited', 'not_found', 'account_disabled'],
        handler: async (c, body) => {
          const core = c.get('core');
          assertAccountEmails(core);
          return signInResponse(c, await verifyEmailSignIn(core, body, clientInfo(c)));
        },
      }),
    ],
  };
}
