// A new account, its user.registered event, its verification mail and (unless the verification is required first)
// its first session, in one transaction: each exists if and only if the account does. The application's
// beforeRegister hook may refuse it first (nothing is written), and afterRegister runs after commit.
import type { Core } from '../core.js';
import type { SignInMethod } from '../events/security-event.js';
import type { AmrValue } from '../reauth/amr.js';
import type { IssuedSession } from '../sessions/session-store.js';
import { normalizeEmail } from '../users/normalize-email.js';
import { createUserStore, type NewUser, type UserRow } from '../users/user-store.js';
import { verificationMail } from './verification-mail.js';

export interface AccountOrigin {
  client: { ip: string | null; userAgent: string | null };
  method: SignInMethod;
  /** With how the user proved themselves, a session starts with the account; without, none does. */
  amr?: readonly AmrValue[];
}

/** Inserts the user; unless EMAIL_VERIFICATION=off (or the address is verified already), mails a verification link. */
export async function createAccount(
  core: Core,
  user: NewUser,
  registration: AccountOrigin,
): Promise<{ user: UserRow; started: Omit<IssuedSession, 'user'> | undefined }> {
  await core.hooks.beforeRegister({
    email: normalizeEmail(user.email),
    name: user.name ?? null,
    method: 'password',
    custom: { ...user.custom },
  });
  const mails = core.config.email.verification !== 'off' && !user.emailVerified;
  const { client } = registration;
  const created = await core.events.transaction(async (trx) => {
    const row = await createUserStore(trx, core.config).insert(user);
    if (mails) await core.mail.enqueue(trx, await verificationMail(core, trx, row));
    const started = registration.amr ? await core.sessions.start(row.id, client, registration.amr, trx) : undefined;
    // The registration is the account's first sign-in: its device is known from here on (no new-device mail for it).
    await core.events.record(trx, {
      type: 'user.registered',
      userId: row.id,
      sessionId: started?.session.id ?? null,
      ip: client.ip,
      userAgent: client.userAgent,
      detail: { method: registration.method },
    });
    return { user: row, started };
  });
  if (mails) core.mail.wake();
  await core.hooks.afterRegister(core.users.toPublic(created.user));
  return created;
}
