// The magic-link mail, made at send time: the outbox's sender calls this for each `magic_link` request, looks the
// address up and issues the token. Email sign-in never creates an account (registration does): an unknown address
// gets no mail, and since the HTTP answer came before this ran, nobody can tell the difference.
import type { OutgoingMail } from '../email/mail-outbox.js';
import { tokenMail, type MailHandlerDeps } from '../email/mailed-token.js';

/**
 * Makes the outbox turn `magic_link` requests into mails. Called once from core start-up.
 * @example handleMagicLinkRequests(core)
 */
export function handleMagicLinkRequests(deps: MailHandlerDeps): void {
  deps.mail.onRequest('magic_link', (email) => magicLinkMail(deps, email));
}

/** The magic-link mail for `email`, or undefined when no account has that address (nothing is sent). */
async function magicLinkMail(deps: MailHandlerDeps, email: string): Promise<OutgoingMail | undefined> {
  const { email: settings } = deps.config;
  const user = await deps.users.findByEmail(email);
  if (!user) return undefined;
  // A newer request supersedes the older link and code: only the newest mail works.
  return tokenMail(deps, deps.db, {
    user,
    kind: 'magic_link',
    purpose: 'magic_link',
    path: settings.paths.magicLink,
    ttlSeconds: settings.magicLinkTtl,
    withCode: true,
  });
}
