// The verification mail: issued with a fresh token, either at registration (in the transaction that creates the
// account) or at send time for a "mail me a link" request (the outbox's handler looks the address up then).
import type { Kysely } from 'kysely';
import type { Database, UsersTable } from '../db/schema.js';
import type { OutgoingMail } from '../email/mail-outbox.js';
import { tokenMail, type MailHandlerDeps } from '../email/mailed-token.js';

/** Issues a verify_email token for `user` in `executor` (superseding older ones) and returns the mail carrying it. */
export function verificationMail(
  core: Pick<MailHandlerDeps, 'config' | 'emailTokens'>,
  executor: Kysely<Database>,
  user: Pick<UsersTable, 'id' | 'email' | 'password_hash' | 'name'>,
): Promise<OutgoingMail> {
  const { email } = core.config;
  return tokenMail(core, executor, {
    user,
    kind: 'verify_email',
    purpose: 'verify_email',
    path: email.paths.verifyEmail,
    ttlSeconds: email.verificationTtl,
  });
}

/**
 * Registers the handler of `verify_email` requests (POST /auth/email/verify/request): unknown and verified addresses
 * get nothing, and so does every address under EMAIL_VERIFICATION=off; the answer was the same 202 for all of them.
 */
export function registerVerificationMail(core: MailHandlerDeps): void {
  core.mail.onRequest('verify_email', async (address) => {
    if (core.config.email.verification === 'off') return undefined;
    const user = await core.users.findByEmail(address);
    if (!user || user.email_verified === 1) return undefined;
    return core.db.transaction().execute((trx) => verificationMail(core, trx, user));
  });
}
