// A real SMTP server for tests (the `smtp-server` package), listening on loopback: what nodemailer delivered is
// parsed with `mailparser` and kept, so a test reads the mail a user would get, link and code included.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** The first http(s) link of the text part. */
  link: string | undefined;
  /** The `token` query parameter of that link. */
  token: string | undefined;
  /** A 6-digit code in the text part, if any. */
  code: string | undefined;
}

export interface TestSmtp {
  /** `smtp://user:pass@127.0.0.1:<port>` for SMTP_URL. */
  url: string;
  readonly mails: readonly ReceivedMail[];
  /** The first mail (received or to come) to `to` matching `match`, not returned by an earlier call. */
  next(to: string, match?: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  /** While true, every message is refused with a temporary failure (451), as a server in trouble does. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

export async function startTestSmtp(): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters = new Set<() => void>();
  let refusing = false;
  const server = new SMTPServer({
    authOptional: false,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'tessera' && auth.password === 'mail-secret') callback(null, { user: 'tessera' });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      if (refusing) {
        stream.resume();
        stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
        return;
      }
      simpleParser(stream)
        .then((parsed) => {
          const text = parsed.text ?? '';
          const link = /https?:\/\/\S+/.exec(text)?.[0];
          const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
          mails.push({
            to: to ?? '',
            from: parsed.from?.text ?? '',
            subject: parsed.subject ?? '',
            text,
            html: typeof parsed.html === 'string' ? parsed.html : '',
            link,
            token: link ? (new URL(link).searchParams.get('token') ?? undefined) : undefined,
            code: /\b(\d{6})\b/.exec(text)?.[1],
          });
          for (const wake of waiters) wake();
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;

  const find = (to: string, match: (mail: ReceivedMail) => boolean) =>
    mails.find((mail) => !taken.has(mail) && mail.to.toLowerCase().includes(to.toLowerCase()) && match(mail));

  return {
    url: `smtp://tessera:mail-secret@127.0.0.1:${port}`,
    mails,
    next(to, match = () => true, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const mail = find(to, match);
          if (!mail) return false;
          taken.add(mail);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(mail);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no mail to ${to} within ${timeoutMs} ms (received: ${mails.map((m) => `${m.to}: ${m.subject}`).join('; ') || 'none'})`,
            ),
          );
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    refuse(on) {
      refusing = on;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
