// Asking for a verification link, and spending one: what the routes call, with no HTTP in sight.
import type { Core } from '../core.js';
import type { ClientInfo } from '../http/client-info.js';
import type { UserRow } from '../users/user-store.js';

/**
 * Counts the request against the mail limits, then writes a request row: the same work for unknown, unverified and
 * verified addresses, so neither the answer nor its timing tells them apart. The outbox's handler decides later.
 */
export async function requestVerification(core: Core, email: string, ip: string): Promise<void> {
  await core.mailThrottle.reserve(email, ip);
  await core.mail.request('verify_email', email);
}

/** Spends the token and marks the address verified, in one transaction; answers the updated user. */
export async function verifyEmail(core: Core, token: string, client: ClientInfo): Promise<UserRow> {
  return core.events.transaction(async (trx) => {
    const { user } = await core.emailTokens.consume(trx, 'verify_email', token);
    const at = core.config.now();
    await trx.updateTable('users').set({ email_verified: 1, updated_at: at }).where('id', '=', user.id).execute();
    await core.events.record(trx, {
      type: 'email.verified',
      userId: user.id,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { email: user.email },
    });
    return { ...user, email_verified: 1, updated_at: at };
  });
}
