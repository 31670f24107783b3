// What an administrator (the admin API or the CLI) does to an account, without HTTP: disable, enable, sign out
// everywhere, set email_verified. `actor` is the superuser's id, or `cli`.
import type { Core } from '../core.js';
import { TesseraError } from '../errors.js';
import { logSecurityEvent } from '../events/security-log.js';
import type { UserRow } from '../users/user-store.js';

const noSuchUser = () => new TesseraError('not_found', 'No such user');

/**
 * Sets disabled_at, then revokes every session through the same instant-revocation path as logout (ASVS 5.0 §7.4.2):
 * access tokens stop at the next guarded request, on every instance. The flag comes first: a sign-in racing with
 * this either sees it or has its session revoked (account/account-disabled.ts). Disabling a disabled account
 * revokes again and keeps the first time.
 */
export async function disableUser(core: Core, userId: string, actor: string): Promise<UserRow> {
  const at = core.config.now();
  const changed = await core.events.transaction(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ disabled_at: at, updated_at: at })
      .where('id', '=', userId)
      .where('disabled_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (row) await core.events.record(trx, { type: 'account.disabled', userId, detail: { actor } });
    return row;
  });
  const user = changed ?? (await core.users.findById(userId));
  if (!user) throw noSuchUser();
  await core.sessions.revokeAll(userId, 'admin');
  return user;
}

/** Lets the account sign in again; its revoked sessions stay revoked. */
export async function enableUser(core: Core, userId: string, actor: string): Promise<UserRow> {
  const changed = await core.events.transaction(async (trx) => {
    const row = await trx
      .updateTable('users')
      .set({ disabled_at: null, updated_at: core.config.now() })
      .where('id', '=', userId)
      .where('disabled_at', 'is not', null)
      .returningAll()
      .executeTakeFirst();
    if (row) await core.events.record(trx, { type: 'account.enabled', userId, detail: { actor } });
    return row;
  });
  const user = changed ?? (await core.users.findById(userId));
  if (!user) throw noSuchUser();
  return user;
}

/** Revokes every session of the user (they stay able to sign in again). */
export async function signOutUser(core: Core, userId: string, actor: string): Promise<number> {
  if (!(await core.users.findById(userId))) throw noSuchUser();
  return core.sessions.revokeAll(userId, 'admin', undefined, (revoked) => [
    { type: 'sessions.revoked_all', userId, detail: { sessions: revoked.length, by: 'admin', actor } },
  ]);
}

export async function setEmailVerified(core: Core, userId: string, verified: boolean, actor: string): Promise<UserRow> {
  const user = await core.db
    .updateTable('users')
    .set({ email_verified: verified ? 1 : 0, updated_at: core.config.now() })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  if (!user) throw noSuchUser();
  logSecurityEvent(core.config.logger, { event: 'admin_action', action: 'email_verified_set', actor, userId, emailVerified: verified });
  return user;
}
