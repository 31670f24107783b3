// The two mail options on a real server: `mail.send` replaces SMTP (a throw is retried like a refusing server), and
// `mail.render` replaces the templates of the kinds it answers for, the others keeping the defaults.
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../core.js';
import { startTestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import type { MailKind, MailMessage } from './email-options.js';
import { retryDelayMs } from './mail-outbox.js';

const servers: TestServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const enqueue = (core: Core, kind: MailKind, to: string) =>
  core.mail.enqueue(core.db, { kind, to, data: { email: to, link: `http://localhost:3000/x?token=${kind}-token`, validMinutes: 30 } });

describe('mail.send', () => {
  it('receives every rendered message instead of SMTP; a throw is retried with backoff', async () => {
    const received: Array<MailMessage & { kind: MailKind }> = [];
    let failures = 1;
    const server = await createTestServer('sqlite', {
      mail: {
        from: 'Acme <auth@acme.test>',
        async send(message) {
          if (failures-- > 0) throw new Error('email API answered 503');
          received.push(message);
        },
      },
    });
    servers.push(server);
    const core = await server.tessera.ready();
    expect(core.mailbox).toBeUndefined();
    await enqueue(core, 'verify_email', 'api@example.com');
    await core.mail.flush();
    const row = await core.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', 'api@example.com').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ attempts: 1, sent_at: null, last_error: 'email API answered 503' });
    expect(row.next_attempt_at).toBe(server.clock.now() + retryDelayMs(1));
    server.clock.advance(retryDelayMs(1));
    await core.mail.flush();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ kind: 'verify_email', to: 'api@example.com', from: 'Acme <auth@acme.test>' });
    expect(received[0]!.text).toContain('http://localhost:3000/x?token=verify_email-token');
    expect(received[0]!.html).toContain('href="http://localhost:3000/x?token=verify_email-token"');
    const sent = await core.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', 'api@example.com').executeTakeFirstOrThrow();
    expect(sent.sent_at).toBe(server.clock.now());
  });
});

describe('mail.render', () => {
  it('replaces the template of the kinds it renders; undefined falls back to the default', async () => {
    const smtp = await startTestSmtp();
    try {
      const server = await createTestServer('sqlite', {
        mail: {
          smtpUrl: smtp.url,
          render: (kind, data) =>
            kind === 'password_reset'
              ? {
                  subject: 'Acme: new password',
                  text: `Open ${data.link} (${data.validMinutes} min)`,
                  html: `<a href="${data.link}">Reset</a>`,
                }
              : undefined,
        },
      });
      servers.push(server);
      const core = await server.tessera.ready();
      await enqueue(core, 'password_reset', 'custom@example.com');
      await enqueue(core, 'verify_email', 'default@example.com');
      await core.mail.flush();
      const custom = await smtp.next('custom@example.com');
      expect(custom).toMatchObject({
        subject: 'Acme: new password',
        text: 'Open http://localhost:3000/x?token=password_reset-token (30 min)',
      });
      expect(custom.html).toBe('<a href="http://localhost:3000/x?token=password_reset-token">Reset</a>');
      const fallback = await smtp.next('default@example.com');
      expect(fallback.subject).not.toBe('Acme: new password');
      expect(fallback.link).toBe('http://localhost:3000/x?token=verify_email-token');
      expect(fallback.html).toContain('href="http://localhost:3000/x?token=verify_email-token"');
    } finally {
      await smtp.close();
    }
  });
});
