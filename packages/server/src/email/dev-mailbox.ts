// The development mailbox: without SMTP_URL outside production, mail is kept in memory (listed at
// GET /auth/dev/mailbox when NODE_ENV=development) and its link printed, so the flows work with no mail server.
import type { Logger } from '../config/index.js';
import type { MailKind, MailMessage } from './email-options.js';

export interface MailboxEntry extends MailMessage {
  id: string;
  kind: MailKind;
  /** Epoch milliseconds. */
  at: number;
}

/** The link a developer follows: the first http(s) URL of the text part. */
export const linkOf = (message: Pick<MailMessage, 'text'>): string | undefined => /https?:\/\/\S+/.exec(message.text)?.[0];

export interface DevMailbox {
  deliver(message: MailboxEntry): void;
  /** Newest first. */
  list(): readonly MailboxEntry[];
}

/** Oldest mails are dropped past this: the mailbox is for looking at, not for keeping. */
const MAILBOX_SIZE = 100;

export function createDevMailbox(logger: Logger): DevMailbox {
  const entries: MailboxEntry[] = [];
  return {
    deliver(message) {
      entries.unshift(message);
      entries.length = Math.min(entries.length, MAILBOX_SIZE);
      // The development mailbox exists so a developer can follow the link: printing it is its purpose (never in
      // production, where this transport is refused at start-up).
      const link = linkOf(message);
      logger.info('development mailbox: mail kept instead of sent (set SMTP_URL to send)', {
        to: message.to,
        subject: message.subject,
        ...(link ? { link } : {}),
      });
    },
    list: () => entries,
  };
}
