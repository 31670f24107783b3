// Where a rendered mail goes: SMTP through nodemailer, the application's own sender, or the development mailbox.
import { randomUUID } from 'node:crypto';
import { createTransport } from 'nodemailer';
import type { Logger } from '../config/index.js';
import type { MailTransport } from './email-config.js';
import type { MailKind, MailMessage } from './email-options.js';
import { createDevMailbox, type DevMailbox } from './dev-mailbox.js';

export interface MailDelivery {
  /** Throws when the message was not accepted; the outbox retries. */
  send(message: MailMessage & { kind: MailKind }): Promise<void>;
  /** The development mailbox, when that is where mail goes. */
  mailbox: DevMailbox | undefined;
  close(): void;
}

export function createMailDelivery(transport: MailTransport, options: { logger: Logger; now: () => number }): MailDelivery {
  if (transport.kind === 'custom') return { send: transport.send, mailbox: undefined, close() {} };
  if (transport.kind === 'development') {
    const mailbox = createDevMailbox(options.logger);
    return {
      send: async (message) => mailbox.deliver({ ...message, id: randomUUID(), at: options.now() }),
      mailbox,
      close() {},
    };
  }
  // A pool reuses the connection across a burst of mails; timeouts keep a hung server from holding a send forever.
  const smtp = createTransport({
    url: transport.url,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send({ to, from, subject, text, html }) {
      await smtp.sendMail({ to, from, subject, text, html });
    },
    mailbox: undefined,
    close: () => smtp.close(),
  };
}
