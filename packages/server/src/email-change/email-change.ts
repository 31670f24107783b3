// Email change over the stores: the request mails a confirmation to the new address and a notice with a revert link
// to the old one (both written in one transaction), the confirmation moves the account to the new address, and the
// revert link puts the old address back and signs everyone out. No HTTP here; email-change-routes.ts calls these.
import type { Core } from '../core.js';
import type { UsersTable } from '../db/schema.js';
import { mailLink } from '../email/mailed-token.js';
import { TesseraError } from '../errors.js';
import { logSecurityEvent } from '../events/security-log.js';
import type { ClientInfo } from '../http/client-info.js';
import { normalizeEmail } from '../users/normalize-email.js';
import { isUniqueViolation } from '../users/user-store.js';

const minutes = (seconds: number) => Math.round(seconds / 60);

/**
 * Starts a change to `newEmail` for a user whose session authenticated recently (the route checks it).
 * Whether `newEmail` belongs to another account is deliberately not looked at: the requester gets the same 202 and
 * the same mails either way, and only the confirmation (opened from that mailbox) answers 409 `email_taken`.
 */
export async function requestEmailChange(core: Core, who: { userId: string; ip: string }, newEmail: string): Promise<void> {
  const { email: settings } = core.config;
  const user = await core.users.findById(who.userId);
  if (!user) throw new TesseraError('invalid_token', 'The user no longer exists');
  const target = normalizeEmail(newEmail);
  if (target === user.email) {
    throw new TesseraError('validation_failed', 'The new email is the current one', {
      errors: [{ path: 'new_email', message: 'is already the email of this account' }],
    });
  }
  // Counted on the address that receives the confirmation: a session cannot flood a stranger's mailbox.
  await core.mailThrottle.reserve(target, who.ip);
  await core.db.transaction().execute(async (trx) => {
    // Supersedes the previous pending change's confirmation: only the newest request can be confirmed.
    const confirm = await core.emailTokens.issue(trx, { user, purpose: 'email_change', email: target, ttlSeconds: settings.changeTtl });
    // Unbound and never superseded: it must outlive a password change and further email changes made by an attacker.
    const revert = await core.emailTokens.issue(trx, {
      user,
      purpose: 'email_change_revert',
      email: user.email,
      ttlSeconds: settings.revertTtl,
      unbound: true,
    });
    await core.mail.enqueue(trx, {
      kind: 'email_change_confirm',
      to: target,
      data: {
        email: user.email,
        newEmail: target,
        name: user.name,
        link: mailLink(settings, settings.paths.confirmEmailChange, confirm.token),
        validMinutes: minutes(settings.changeTtl),
      },
    });
    await core.mail.enqueue(trx, {
      kind: 'email_change_notice',
      to: user.email,
      data: {
        email: user.email,
        newEmail: target,
        name: user.name,
        link: mailLink(settings, settings.paths.revertEmailChange, revert.token),
        validMinutes: minutes(settings.revertTtl),
      },
    });
  });
  core.mail.wake();
  logSecurityEvent(core.config.logger, { event: 'email_change_requested', userId: user.id, ip: who.ip, newEmail: target });
}

const emailTaken = () => new TesseraError('email_taken', 'Another account uses this email; the change cannot be confirmed');

/** Spends the confirmation and moves the account to the new address, verified (opening the mail proved it). */
export async function confirmEmailChange(core: Core, client: ClientInfo, token: string): Promise<UsersTable> {
  return core.events.transaction(async (trx) => {
    const { row, user: current } = await core.emailTokens.consume(trx, 'email_change', token);
    const holder = await trx.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst();
    if (holder && holder.id !== current.id) throw emailTaken();
    try {
      await trx
        .updateTable('users')
        .set({ email: row.email, email_verified: 1, updated_at: core.config.now() })
        .where('id', '=', current.id)
        .execute();
    } catch (error) {
      // Registered between the check and the update: the unique index decides.
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    // No mail here: the request mailed the old address its notice with a revert link already.
    await core.events.record(trx, {
      type: 'email.changed',
      userId: current.id,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { from: current.email, to: row.email },
    });
    return trx.selectFrom('users').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow();
  });
}

/**
 * "This was not me": spends a revert link (unbound, so it works whatever happened to the account since) and, in one
 * transaction, puts the old address back (verified: the link was opened from it), kills a pending change's
 * confirmation and the revert links of later changes, and removes the password (whoever changed the email may have changed or known it: the owner
 * sets a new one through a password reset or signs in by email); then signs every session out.
 */
export async function revertEmailChange(core: Core, client: ClientInfo, token: string): Promise<UsersTable> {
  const user = await core.events.transaction(async (trx) => {
    const { row, user: current } = await core.emailTokens.consume(trx, 'email_change_revert', token);
    const holder = await trx.selectFrom('users').select('id').where('email', '=', row.email).executeTakeFirst();
    if (holder && holder.id !== current.id) {
      throw new TesseraError('email_taken', 'Another account registered this address since; contact support to recover the account');
    }
    // The pending change dies, and so do the revert links of later changes: they went to addresses the reverted
    // change brought in (an attacker's), and one of them would otherwise take the account back. Earlier links, to
    // the owner's earlier addresses, stay; so whichever link is used first, the oldest one still wins.
    await trx
      .updateTable('email_tokens')
      .set({ used_at: core.config.now() })
      .where('user_id', '=', current.id)
      .where('used_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('purpose', '=', 'email_change'),
          eb.and([eb('purpose', '=', 'email_change_revert'), eb('created_at', '>', row.created_at)]),
        ]),
      )
      .execute();
    try {
      await trx
        .updateTable('users')
        .set({ email: row.email, email_verified: 1, password_hash: null, updated_at: core.config.now() })
        .where('id', '=', current.id)
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
    await core.events.record(trx, {
      type: 'email.changed',
      userId: current.id,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { from: current.email, to: row.email, reverted: true },
    });
    return trx.selectFrom('users').selectAll().where('id', '=', current.id).executeTakeFirstOrThrow();
  });
  await core.sessions.revokeAll(user.id, 'email_change_reverted');
  return user;
}
