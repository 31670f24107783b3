// Forgot and reset: what the routes call. A reset spends the token, stores the new password, marks the address
// verified (the user just proved the mailbox) and writes the notice in one transaction; then every session ends.
import type { Core } from '../core.js';
import { assertNewPassword } from '../credentials/new-password.js';
import type { EmailTokenPurpose } from '../db/schema.js';
import type { ClientInfo } from '../http/client-info.js';
import type { UserRow } from '../users/user-store.js';

/** The same work for every address, known or not: the limits, then one request row (see mail-outbox.ts). */
export async function requestPasswordReset(core: Core, email: string, ip: string): Promise<void> {
  await core.mailThrottle.reserve(email, ip);
  await core.mail.request('password_reset', email);
}

export async function resetPassword(core: Core, input: { token: string; newPassword: string }, client: ClientInfo): Promise<void> {
  // The token is judged before the password, so the policy's answers are no oracle without a live link, and a
  // refused password leaves the link usable for a second try.
  const holder = await tokenHolder(core, 'password_reset', input.token);
  await assertNewPassword(core.config, 'new_password', input.newPassword, { email: holder.email, name: holder.name });
  // Hashed outside the transaction: on SQLite a transaction holds the only connection, and argon2 takes a while.
  const passwordHash = await core.hasher.hash(input.newPassword);
  const user = await core.events.transaction(async (trx) => {
    // Spent here for real: a password change or a newer link since the check above makes it invalid_token.
    const { user } = await core.emailTokens.consume(trx, 'password_reset', input.token);
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, email_verified: 1, updated_at: core.config.now() })
      .where('id', '=', user.id)
      .execute();
    // The event writes the owner's notice too (events/notifications.ts), so it goes out if and only if this commits.
    await core.events.record(trx, { type: 'password.reset', userId: user.id, ip: client.ip, userAgent: client.userAgent, detail: {} });
    return user;
  });
  // Whoever knew the old password (the reason for a reset, often) is signed out now, access tokens included.
  await core.sessions.revokeAll(user.id, 'password_reset');
}

/** Who a token belongs to, checked exactly as `consume` checks it, without spending it (the transaction rolls back). */
async function tokenHolder(core: Core, purpose: EmailTokenPurpose, token: string): Promise<UserRow> {
  let holder: UserRow | undefined;
  await core.db
    .transaction()
    .execute(async (trx) => {
      holder = (await core.emailTokens.consume(trx, purpose, token)).user;
      throw ROLLBACK;
    })
    .catch((error: unknown) => {
      if (error !== ROLLBACK) throw error;
    });
  return holder!;
}

const ROLLBACK = new Error('rollback: the token was only checked');
