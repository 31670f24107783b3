// Deleting an account (DELETE /auth/me, the admin API, `tessera users delete`): the application's beforeDelete hook
// first, then every session revoked through the revocation path (so every instance refuses their access tokens at
// once), then the user's row. Everything else that names the user goes with it: sessions (and their refresh tokens),
// identities, email tokens and factors reference users ON DELETE CASCADE, and the mail queued to their addresses is
// deleted here. account-deletion.test.ts reads every table of the database afterwards, so a table added later that
// keeps the user's id fails it.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import type { UserRow } from '../users/user-store.js';

/**
 * Deletes the user and all their data. `actor`: `self`, `cli`, or the deleting superuser's id. Throws `not_found`
 * for an unknown id, and whatever the beforeDelete hook throws (any error that is not a TesseraError becomes 403
 * `forbidden` with its message).
 */
export async function deleteAccount(core: Core, userId: string, actor: string): Promise<void> {
  const user = await core.users.findById(userId);
  if (!user) throw new TesseraError('not_found', 'No such user');
  await runBeforeDelete(core, user);
  // Revoked before the rows go: the revocation log tells the other instances; a deleted row would tell them nothing.
  await core.sessions.revokeAll(user.id, 'account_deleted');
  await core.sessions.revokeImpersonationsBy(user.id, 'account_deleted');
  await core.events.transaction(async (trx) => {
    // Recorded with the deletion; then every event keeps its facts but loses the user reference (issue 16). The
    // account.deleted webhook delivery written with it may carry the id.
    await core.events.record(trx, {
      type: 'account.deleted',
      userId: user.id,
      detail: actor === 'self' ? {} : { actor },
    });
    // The addresses in their own events' details (email.verified, email.changed, login.failed) name the user too, and
    // so does their id in other users' events (the admin_id of an impersonation, the actor of a disable).
    const kept = await trx
      .selectFrom('security_events')
      .select(['id', 'detail', 'user_id'])
      .where((eb) => eb.or([eb('user_id', '=', user.id), eb('detail', 'like', `%${user.id}%`)]))
      .execute();
    for (const row of kept) {
      const detail = withoutReferences(row.detail, user.id, row.user_id === user.id);
      if (detail !== row.detail) await trx.updateTable('security_events').set({ detail }).where('id', '=', row.id).execute();
    }
    await trx.updateTable('security_events').set({ user_id: null }).where('user_id', '=', user.id).execute();
    // Mail still queued (or kept after sending) to the account's address, or to the new address of a pending email
    // change: the outbox knows recipients, not users.
    const tokenEmails = await trx.selectFrom('email_tokens').select('email').where('user_id', '=', user.id).execute();
    const recipients = [...new Set([user.email, ...tokenEmails.map((row) => row.email)])];
    await trx.deleteFrom('mail_outbox').where('recipient', 'in', recipients).execute();
    await trx.deleteFrom('users').where('id', '=', user.id).execute();
  });
}

/** The detail JSON with the user's id (and, in their own events, every email address) replaced by "deleted". */
function withoutReferences(detail: string, userId: string, own: boolean): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return '{}';
  }
  if (!parsed || typeof parsed !== 'object') return '{}';
  const entries = Object.entries(parsed as Record<string, unknown>).map(([key, value]) => [
    key,
    typeof value === 'string' && (value === userId || (own && value.includes('@'))) ? 'deleted' : value,
  ]);
  const scrubbed = JSON.stringify(Object.fromEntries(entries));
  return scrubbed === JSON.stringify(parsed) ? detail : scrubbed;
}

async function runBeforeDelete(core: Core, user: UserRow): Promise<void> {
  const hook = core.config.hooks.beforeDelete;
  if (!hook) return;
  try {
    await hook({ ...core.users.toPublic(user), is_superuser: user.is_superuser === 1 });
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new TesseraError('forbidden', `The application refused to delete this account: ${reason}`, { cause: error });
  }
}
