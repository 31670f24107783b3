// A new account and its verification mail in one transaction: the mail goes out if and only if the account exists.
import type { Core } from '../core.js';
import { normalizeEmail } from '../users/normalize-email.js';
import { createUserStore, type NewUser, type UserRow } from '../users/user-store.js';
import { verificationMail } from './verification-mail.js';

/**
 * Inserts the user; unless EMAIL_VERIFICATION=off (or the address is verified already), mails a verification link.
 * The application's beforeRegister hook may refuse first (nothing is written), and afterRegister runs after commit.
 */
export async function createAccount(core: Core, user: NewUser): Promise<UserRow> {
  await core.hooks.beforeRegister({
    email: normalizeEmail(user.email),
    name: user.name ?? null,
    method: 'password',
    custom: { ...user.custom },
  });
  let created: UserRow;
  if (core.config.email.verification === 'off' || user.emailVerified) created = await core.users.insert(user);
  else {
    created = await core.db.transaction().execute(async (trx) => {
      const row = await createUserStore(trx, core.config).insert(user);
      await core.mail.enqueue(trx, await verificationMail(core, trx, row));
      return row;
    });
    core.mail.wake();
  }
  await core.hooks.afterRegister(core.users.toPublic(created));
  return created;
}
