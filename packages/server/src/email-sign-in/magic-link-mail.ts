// The magic-link mail, made at send time: the outbox's sender calls this for each `magic_link` request, looks the
// address up and issues the token. Email sign-in never creates an account (registration does): an unknown address
// gets no mail, and since the HTTP answer came before this ran, nobody can tell the difference.
import type { Kysely } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import type { Database } from '../db/schema.js';
import type { EmailTokenStore } from '../email/email-tokens.js';
import { mailLink } from '../email/mailed-token.js';
import type { MailOutbox, OutgoingMail } from '../email/mail-outbox.js';
import type { UserStore } from '../users/user-store.js';

/** What the handler needs from the core (not the core itself: core.ts registers it, and imports must not loop). */
export interface MagicLinkDeps {
  config: ResolvedConfig;
  db: Kysely<Database>;
  users: UserStore;
  emailTokens: EmailTokenStore;
  mail: MailOutbox;
}

/**
 * Makes the outbox turn `magic_link` requests into mails. Called once from core start-up.
 * @example handleMagicLinkRequests(core)
 */
export function handleMagicLinkRequests(deps: MagicLinkDeps): void {
  deps.mail.onRequest('magic_link', (email) => magicLinkMail(deps, email));
}

/** The magic-link mail for `email`, or undefined when no account has that address (nothing is sent). */
async function magicLinkMail(deps: MagicLinkDeps, email: string): Promise<OutgoingMail | undefined> {
  const { email: settings } = deps.config;
  const user = await deps.users.findByEmail(email);
  if (!user) return undefined;
  // A newer request supersedes the older link and code: only the newest mail works.
  const issued = await deps.emailTokens.issue(deps.db, { user, purpose: 'magic_link', ttlSeconds: settings.magicLinkTtl, withCode: true });
  return {
    kind: 'magic_link',
    to: user.email,
    data: {
      email: user.email,
      name: user.name,
      link: mailLink(settings, settings.paths.magicLink, issued.token),
      ...(issued.code === undefined ? {} : { code: issued.code }),
      validMinutes: Math.round(settings.magicLinkTtl / 60),
    },
  };
}
