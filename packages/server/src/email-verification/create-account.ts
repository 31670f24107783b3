// A new account and its verification mail in one transaction: the mail goes out if and only if the account exists.
import type { Core } from '../core.js';
import { createUserStore, type NewUser, type UserRow } from '../users/user-store.js';
import { verificationMail } from './verification-mail.js';

/** Inserts the user; unless EMAIL_VERIFICATION=off (or the address is verified already), mails a verification link. */
export async function createAccount(core: Core, user: NewUser): Promise<UserRow> {
  if (core.config.email.verification === 'off' || user.emailVerified) return core.users.insert(user);
  const created = await core.db.transaction().execute(async (trx) => {
    const row = await createUserStore(trx, core.config).insert(user);
    await core.mail.enqueue(trx, await verificationMail(core, trx, row));
    return row;
  });
  core.mail.wake();
  return created;
}
