// Retention: outbox rows sent or failed more than 7 days ago and email tokens expired more than a day ago go in the
// hourly purge (core.ts hands purgeSpentMail to sessions/purge-schedule.ts); pending mail stays whatever its age.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { registerWithBody } from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';
import { KEEP_DONE_MS } from './mail-outbox.js';
import { purgeSpentMail } from './mail-retention.js';

const DAY = 86_400_000;

describe.each(dialects)('mail retention on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    // No verification mail at registration: its token would be counted with the ones this suite makes.
    server = await createTestServer(dialect, { mail: { smtpUrl: smtp.url }, emailVerification: 'off' });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('purges sent and failed outbox rows after 7 days, keeps pending ones', async () => {
    const core = await server.tessera.ready();
    const write = (to: string) =>
      core.mail.enqueue(core.db, { kind: 'verify_email', to, data: { email: to, link: 'http://localhost:3000/v?token=t' } });
    await write('sent@example.com');
    await core.mail.flush();
    await smtp.next('sent@example.com');
    smtp.refuse(true);
    try {
      await write('failed@example.com');
      await write('pending@example.com');
      await core.mail.flush();
    } finally {
      smtp.refuse(false);
    }
    // Given up on (the sender's limit is tested in mail-sender-faults.test.ts), and one still waiting for its retry.
    await core.db
      .updateTable('mail_outbox')
      .set({ failed_at: server.clock.now(), data: '' })
      .where('recipient', '=', 'failed@example.com')
      .execute();
    await core.db
      .updateTable('mail_outbox')
      .set({ next_attempt_at: server.clock.now() + 30 * DAY })
      .where('recipient', '=', 'pending@example.com')
      .execute();
    const recipients = async () =>
      (await core.db.selectFrom('mail_outbox').select('recipient').execute()).map((row) => row.recipient).sort();

    server.clock.advance(KEEP_DONE_MS);
    expect(await core.mail.purge()).toBe(0);
    server.clock.advance(1);
    expect(await core.mail.purge()).toBe(2);
    expect(await recipients()).toEqual(['pending@example.com']);
  });

  it('purges email tokens a day after they expired, and both through purgeSpentMail', async () => {
    const core = await server.tessera.ready();
    const { email } = await registerWithBody(server);
    const user = await core.users.findByEmail(email);
    await core.emailTokens.issue(core.db, { user: user!, purpose: 'password_reset', ttlSeconds: 60 });
    // Registration also issued a verification token (24 hours): it stays, being a day from its expiry.
    const tokens = () =>
      core.db.selectFrom('email_tokens').select('id').where('user_id', '=', user!.id).where('purpose', '=', 'password_reset').execute();
    expect(await tokens()).toHaveLength(1);
    server.clock.advance(60_000 + DAY);
    expect(await purgeSpentMail(core.mail, core.emailTokens)).toEqual({ mails: 0, emailTokens: 0 });
    server.clock.advance(1);
    expect(await purgeSpentMail(core.mail, core.emailTokens)).toEqual({ mails: 0, emailTokens: 1 });
    expect(await tokens()).toEqual([]);
  });
});
