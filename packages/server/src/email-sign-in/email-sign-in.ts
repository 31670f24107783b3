// Passwordless sign-in: a mail with a magic link and a 6-digit code, either of which starts a session. The request
// only writes a "mail me" row (same answer and work for every address); magic-link-mail.ts, run by the outbox's
// sender, looks the address up and issues the token.
import type { Core } from '../core.js';
import { mailedTokenError, TesseraError } from '../errors.js';
import type { ClientInfo } from '../http/client-info.js';
import { beginSignIn, type SignInStep } from '../mfa/sign-in-step.js';
import { normalizeEmail } from '../users/normalize-email.js';

/** POST /email/sign-in: counted by the mail limits for every address alike, then queued. */
export async function requestEmailSignIn(core: Core, email: string, ip: string): Promise<void> {
  const address = normalizeEmail(email);
  await core.mailThrottle.reserve(address, ip);
  await core.mail.request('magic_link', address);
}

export type EmailSignInProof = { token: string } | { email: string; code: string };

/**
 * Spends the link or the code and starts a session whose authentication time is now. Opening the mail proves the
 * address, so the email becomes verified (which is why this works under EMAIL_VERIFICATION=required).
 *
 * A code is 6 digits: guessable in principle. It dies after 5 wrong tries, a new one needs a mail (MAIL_MAX_PER_EMAIL
 * per MAIL_WINDOW), and code tries also count on the login throttle's counters (per account and address, per account,
 * per address), so a guesser meets the same lockout as a password guesser. A link is 256 random bits: not throttled.
 */
export async function verifyEmailSignIn(core: Core, proof: EmailSignInProof, client: ClientInfo): Promise<SignInStep> {
  let userId: string;
  let method: 'link' | 'code';
  if ('token' in proof) {
    method = 'link';
    userId = await core.db.transaction().execute(async (trx) => {
      const { row, user } = await core.emailTokens.consume(trx, 'magic_link', proof.token);
      await markVerified(trx, user.id, row.email);
      return user.id;
    });
  } else {
    method = 'code';
    const email = normalizeEmail(proof.email);
    const attempt = await core.throttle.reserve(email, client.ip);
    let spent;
    try {
      spent = await core.emailTokens.consumeCode('magic_link', email, proof.code);
    } catch (error) {
      if (error instanceof TesseraError && error.code === 'invalid_code') {
        // No account lookup for a wrong code: the answer and its work stay the same for every address.
        await core.events.record(core.db, {
          type: 'login.failed',
          userId: null,
          ip: client.ip,
          userAgent: client.userAgent,
          detail: { method: 'email_code', email },
        });
      } else await attempt.abandoned();
      throw error;
    }
    await attempt.succeeded();
    userId = spent.user.id;
    await markVerified(core.db, userId, spent.row.email);
  }
  const user = await core.users.findById(userId);
  if (!user) throw mailedTokenError('invalid_token', 'The account no longer exists');
  // A user with a second factor gets the MFA step: the mailed link is one factor, like a password.
  return beginSignIn(core, user, client, ['email'], { method: method === 'link' ? 'email_link' : 'email_code' });
}

/** Verified only while the account still has the address the mail went to. */
async function markVerified(executor: Core['db'], userId: string, email: string): Promise<void> {
  await executor.updateTable('users').set({ email_verified: 1 }).where('id', '=', userId).where('email', '=', email).execute();
}
