// What the email feature adds to the hourly purge (sessions/purge-schedule.ts): outbox rows sent or failed more
// than 7 days ago, and email tokens expired more than a day ago (kept that day so a late click still meets
// "expired", not "invalid").
import type { EmailTokenStore } from './email-tokens.js';
import type { MailOutbox } from './mail-outbox.js';

export async function purgeSpentMail(
  outbox: Pick<MailOutbox, 'purge'>,
  emailTokens: Pick<EmailTokenStore, 'purge'>,
): Promise<{ mails: number; emailTokens: number }> {
  return { mails: await outbox.purge(), emailTokens: await emailTokens.purge() };
}
