// The handler of `password_reset` requests: at send time, the address is looked up and, for an account, a reset
// token is issued and mailed. Unknown addresses get nothing; their HTTP answer was the same 202.
import { tokenMail, type MailHandlerDeps } from '../email/mailed-token.js';

export function registerPasswordResetMail(core: MailHandlerDeps): void {
  core.mail.onRequest('password_reset', async (address) => {
    const user = await core.users.findByEmail(address);
    // A social-only account (no password) gets one too: the reset is how it sets a password.
    if (!user) return undefined;
    const { email } = core.config;
    return core.db.transaction().execute((trx) =>
      tokenMail(core, trx, {
        user,
        kind: 'password_reset',
        purpose: 'password_reset',
        path: email.paths.resetPassword,
        ttlSeconds: email.passwordResetTtl,
      }),
    );
  });
}
