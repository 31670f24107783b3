// POST /email/change, /email/change/confirm and /email/change/revert: parse, call email-change.ts, answer.
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import type { Core } from '../core.js';
import { mailedTokenSchema } from '../email/mailed-token.js';
import { TesseraError } from '../errors.js';
import { clientInfo, clientIp } from '../http/client-info.js';
import { route, type RouteGroup } from '../http/route.js';
import { assertRecentAuth } from '../reauth/recent-auth.js';
import { userSchema } from '../users/user-schemas.js';
import { confirmEmailChange, requestEmailChange, revertEmailChange } from './email-change.js';

const tokenBody = z.strictObject({ token: mailedTokenSchema });

/** ACCOUNT_EMAILS=off: the flows that send mail are not there. */
function assertAccountEmails(core: Core): void {
  if (!core.config.email.enabled) throw new TesseraError('not_found', 'Account emails are turned off (ACCOUNT_EMAILS=off)');
}

export function emailChangeRoutes(config: ResolvedConfig): RouteGroup {
  const user = userSchema(config);
  return {
    name: 'email change',
    description: 'Change the account email: confirmed from the new address, revertible from the old one',
    mount: 'auth',
    prefix: '/email/change',
    routes: [
      route({
        method: 'post',
        path: '',
        operationId: 'changeEmail',
        summary: 'Ask to change the email; a confirmation goes to the new address, a notice with a revert link to the old one',
        description:
          'Needs a recent authentication (REAUTH_MAX_AGE, else 401 reauthentication_required). Answers 202 whether or ' +
          'not the new address belongs to another account; the confirmation then answers 409 email_taken.',
        auth: 'bearer',
        body: z.strictObject({ new_email: z.email().max(254) }),
        ok: { status: 202, description: 'Mails queued' },
        errors: ['reauthentication_required', 'rate_limited', 'not_found'],
        handler: async (c, body) => {
          const core = c.get('core');
          assertAccountEmails(core);
          const claims = c.get('claims');
          assertRecentAuth(core, claims);
          await requestEmailChange(core, { userId: claims.sub, ip: clientIp(c) }, body.new_email);
          return c.body(null, 202);
        },
      }),
      route({
        method: 'post',
        path: '/confirm',
        operationId: 'confirmEmailChange',
        summary: 'Confirm the change with the link mailed to the new address',
        auth: 'none',
        body: tokenBody,
        ok: { status: 200, schema: user, description: 'The user with the new email, verified' },
        errors: [['invalid_token', 400], ['token_expired', 400], 'email_taken', 'not_found'],
        handler: async (c, body) => {
          const core = c.get('core');
          assertAccountEmails(core);
          return c.json(core.users.toPublic(await confirmEmailChange(core, clientInfo(c), body.token)));
        },
      }),
      route({
        method: 'post',
        path: '/revert',
        operationId: 'revertEmailChange',
        summary: 'Undo a change with the link mailed to the old address; every session is revoked',
        description:
          'Restores the old address (verified), cancels a change not yet confirmed, removes the password (set a new ' +
          'one with a password reset, or sign in by email) and revokes every session of the account.',
        auth: 'none',
        body: tokenBody,
        ok: { status: 200, schema: user, description: 'The user with the old email restored' },
        errors: [['invalid_token', 400], ['token_expired', 400], 'email_taken', 'not_found'],
        handler: async (c, body) => {
          const core = c.get('core');
          assertAccountEmails(core);
          return c.json(core.users.toPublic(await revertEmailChange(core, clientInfo(c), body.token)));
        },
      }),
    ],
  };
}
