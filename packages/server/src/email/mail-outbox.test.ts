// The outbox over real SMTP: a mail written in a transaction is sent after commit and never after a rollback; its
// link is stored only encrypted; a refusing server is retried with backoff.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { retryDelayMs } from './mail-outbox.js';

describe.each(dialects)('mail outbox on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, { mail: { smtpUrl: smtp.url, from: 'Tessera <auth@example.com>' } });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const core = () => server.tessera.ready();

  it('sends a mail written in a committed transaction, with a text and an HTML part', async () => {
    const c = await core();
    const link = 'http://localhost:3000/reset-password?token=committed-token';
    await c.db
      .transaction()
      .execute((trx) =>
        c.mail.enqueue(trx, { kind: 'password_reset', to: 'ada@example.com', data: { email: 'ada@example.com', link, validMinutes: 30 } }),
      );
    c.mail.wake();
    const mail = await smtp.next('ada@example.com');
    expect(mail.subject).toBe('Reset your password');
    expect(mail.from).toContain('auth@example.com');
    expect(mail.link).toBe(link);
    expect(mail.text).toContain('valid for 30 minutes');
    expect(mail.html).toContain('href="http://localhost:3000/reset-password?token=committed-token"');
    await c.mail.flush(); // the SMTP server has it; the sender marks the row next
    const row = await c.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', 'ada@example.com').executeTakeFirstOrThrow();
    expect(row.sent_at).not.toBeNull();
    expect(row.data).toBe('');
  });

  it('sends nothing for a rolled-back transaction', async () => {
    const c = await core();
    await expect(
      c.db.transaction().execute(async (trx) => {
        await c.mail.enqueue(trx, {
          kind: 'verify_email',
          to: 'rolled@example.com',
          data: { email: 'rolled@example.com', link: 'http://x/?token=t' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    c.mail.wake();
    await c.mail.flush();
    expect(smtp.mails.some((m) => m.to.includes('rolled@example.com'))).toBe(false);
    expect(await c.db.selectFrom('mail_outbox').select('id').where('recipient', '=', 'rolled@example.com').execute()).toEqual([]);
  });

  it('stores the link encrypted until it is sent', async () => {
    const c = await core();
    smtp.refuse(true);
    try {
      await c.mail.enqueue(c.db, {
        kind: 'magic_link',
        to: 'sealed@example.com',
        data: { email: 'sealed@example.com', link: 'http://x/?token=secret-link-token', code: '123456' },
      });
      await c.mail.flush();
      const row = await c.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', 'sealed@example.com').executeTakeFirstOrThrow();
      expect(row.sent_at).toBeNull();
      expect(row.data).not.toContain('secret-link-token');
      expect(row.data).not.toContain('123456');
      // Refused with 451: counted, and retried after the backoff.
      expect(row.attempts).toBe(1);
      expect(row.next_attempt_at).toBe(server.clock.now() + retryDelayMs(1));
      expect(row.last_error).toContain('Try again later');
    } finally {
      smtp.refuse(false);
    }
    server.clock.advance(retryDelayMs(1));
    await c.mail.flush();
    const mail = await smtp.next('sealed@example.com');
    expect(mail.code).toBe('123456');
  });
});
