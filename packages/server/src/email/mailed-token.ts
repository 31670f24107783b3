// A mailed token on its way out (the mail carrying it, whose link opens APP_URL + the kind's path + ?token=) and on its
// way back (the request body's field). Shared by every flow that mails a link.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { ResolvedConfig } from '../config/index.js';
import type { Database, EmailTokenPurpose, UsersTable } from '../db/schema.js';
import type { ResolvedEmailConfig } from './email-config.js';
import type { MailKind } from './email-options.js';
import type { EmailTokenStore } from './email-tokens.js';
import type { MailOutbox, OutgoingMail } from './mail-outbox.js';
import type { UserStore } from '../users/user-store.js';

/** `https://app.example.com/verify-email?token=…` for `path` = the configured page. */
export function mailLink(email: Pick<ResolvedEmailConfig, 'appUrl'>, path: string, token: string): string {
  return `${email.appUrl}${path}?token=${encodeURIComponent(token)}`;
}

/** A mailed token in a request body: 43 base64url characters; the bound stops junk early, the store checks the rest. */
export const mailedTokenSchema = z.string().min(1).max(128);

/** The parts of the core the outbox's request handlers use (named here, not imported: core.ts registers them). */
export interface MailHandlerDeps {
  config: ResolvedConfig;
  db: Kysely<Database>;
  users: UserStore;
  emailTokens: EmailTokenStore;
  mail: MailOutbox;
}

/**
 * Issues a token for `purpose` in `executor` (superseding the user's older ones) and returns the mail of `kind` that
 * carries its link (`path` under APP_URL), its code when `withCode`, and how long it is valid.
 */
export async function tokenMail(
  deps: Pick<MailHandlerDeps, 'config' | 'emailTokens'>,
  executor: Kysely<Database>,
  input: {
    user: Pick<UsersTable, 'id' | 'email' | 'password_hash' | 'name'>;
    kind: MailKind;
    purpose: EmailTokenPurpose;
    path: string;
    ttlSeconds: number;
    withCode?: boolean;
  },
): Promise<OutgoingMail> {
  const { user, kind, purpose, path, ttlSeconds, withCode } = input;
  const issued = await deps.emailTokens.issue(executor, { user, purpose, ttlSeconds, ...(withCode ? { withCode } : {}) });
  return {
    kind,
    to: user.email,
    data: {
      email: user.email,
      name: user.name,
      link: mailLink(deps.config.email, path, issued.token),
      ...(issued.code === undefined ? {} : { code: issued.code }),
      validMinutes: Math.round(ttlSeconds / 60),
    },
  };
}
