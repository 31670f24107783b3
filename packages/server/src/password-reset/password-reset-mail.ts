// The handler of `password_reset` requests: at send time, the address is looked up and, for an account, a reset
// token is issued and mailed. Unknown addresses get nothing; their HTTP answer was the same 202.
import { mailLink } from '../email/mailed-token.js';
import type { MailHandlerDeps } from '../email-verification/verification-mail.js';

export function registerPasswordResetMail(core: MailHandlerDeps): void {
  core.mail.onRequest('password_reset', async (address) => {
    const user = await core.users.findByEmail(address);
    // A social-only account (no password) gets one too: the reset is how it sets a password.
    if (!user) return undefined;
    const { email } = core.config;
    const { token } = await core.db
      .transaction()
      .execute((trx) => core.emailTokens.issue(trx, { user, purpose: 'password_reset', ttlSeconds: email.passwordResetTtl }));
    return {
      kind: 'password_reset',
      to: user.email,
      data: {
        email: user.email,
        name: user.name,
        link: mailLink(email, email.paths.resetPassword, token),
        validMinutes: Math.round(email.passwordResetTtl / 60),
      },
    };
  });
}
