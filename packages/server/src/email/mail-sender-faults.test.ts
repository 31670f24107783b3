// The sender against a real SMTP server in trouble: a refusing server is retried on the backoff schedule and the
// mail goes once it accepts; wrong credentials are retried and never logged; past the attempt limit the row is
// marked failed and its data dropped; two instances on one database send each mail exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../config/index.js';
import type { Core } from '../core.js';
import { createClock } from '../test/clock.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, FAST_HASH, type TestServer } from '../test/test-server.js';
import { createTesseraWith } from '../tessera.js';
import { MAX_ATTEMPTS, retryDelayMs } from './mail-outbox.js';

const capture = () => {
  const lines: string[] = [];
  const log = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { info: log('info'), warn: log('warn'), error: log('error') };
  return { lines, logger };
};

const enqueue = (core: Core, to: string, token = 'tok') =>
  core.mail.enqueue(core.db, {
    kind: 'password_reset',
    to,
    data: { email: to, link: `http://localhost:3000/reset-password?token=${token}`, validMinutes: 30 },
  });

const rowOf = (core: Core, to: string) =>
  core.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', to).executeTakeFirstOrThrow();

it('keeps retrying for about a day before it gives up', () => {
  let total = 0;
  for (let attempts = 1; attempts < MAX_ATTEMPTS; attempts++) total += retryDelayMs(attempts);
  expect(total / 3_600_000).toBeGreaterThan(20);
  expect(total / 3_600_000).toBeLessThan(26);
});

describe.each(dialects)('the mail sender on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  const log = capture();
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, { mail: { smtpUrl: smtp.url }, logger: log.logger });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('retries a refusing server (451) on the backoff schedule and delivers once it accepts', async () => {
    const core = await server.tessera.ready();
    smtp.refuse(true);
    try {
      await enqueue(core, 'backoff@example.com', 'backoff-token');
      await core.mail.flush();
      let row = await rowOf(core, 'backoff@example.com');
      expect(row).toMatchObject({ attempts: 1, next_attempt_at: server.clock.now() + retryDelayMs(1), sent_at: null, locked_until: null });
      // Not due a millisecond early.
      server.clock.advance(retryDelayMs(1) - 1);
      await core.mail.flush();
      expect((await rowOf(core, 'backoff@example.com')).attempts).toBe(1);
      server.clock.advance(1);
      await core.mail.flush();
      row = await rowOf(core, 'backoff@example.com');
      // The wait doubles.
      expect(row).toMatchObject({ attempts: 2, next_attempt_at: server.clock.now() + retryDelayMs(2) });
      expect(retryDelayMs(2)).toBe(2 * retryDelayMs(1));
    } finally {
      smtp.refuse(false);
    }
    server.clock.advance(retryDelayMs(2));
    await core.mail.flush();
    const mail = await smtp.next('backoff@example.com');
    expect(mail.token).toBe('backoff-token');
    expect(await rowOf(core, 'backoff@example.com')).toMatchObject({ attempts: 2, data: '', last_error: null });
    expect((await rowOf(core, 'backoff@example.com')).sent_at).toBe(server.clock.now());
    // Sent means done: later rounds leave it alone.
    server.clock.advance(retryDelayMs(10));
    await core.mail.flush();
    expect(smtp.mails.filter((m) => m.to.includes('backoff@example.com'))).toHaveLength(1);
  });

  it('gives up after the attempt limit: failed_at set, data emptied, never sent later', async () => {
    const core = await server.tessera.ready();
    smtp.refuse(true);
    try {
      await enqueue(core, 'give-up@example.com', 'give-up-token');
      const attempt = async (expected: number) => {
        await core.mail.flush();
        const row = await rowOf(core, 'give-up@example.com');
        expect(row.attempts).toBe(expected);
        expect(row.failed_at).toBe(expected === MAX_ATTEMPTS ? server.clock.now() : null);
        server.clock.advance(retryDelayMs(expected));
      };
      await attempt(1);
      await attempt(2);
      // The middle of the schedule skipped (each would be one more refused round trip): the row as 147 refusals leave it.
      await core.db
        .updateTable('mail_outbox')
        .set({ attempts: MAX_ATTEMPTS - 2 })
        .where('recipient', '=', 'give-up@example.com')
        .execute();
      await attempt(MAX_ATTEMPTS - 1);
      await attempt(MAX_ATTEMPTS);
    } finally {
      smtp.refuse(false);
    }
    const row = await rowOf(core, 'give-up@example.com');
    expect(row).toMatchObject({ data: '', sent_at: null, attempts: MAX_ATTEMPTS });
    expect(row.last_error).toContain('Try again later');
    expect(log.lines.filter((line) => line.startsWith('warn mail not sent; giving up'))).toHaveLength(1);
    server.clock.advance(86_400_000);
    await core.mail.flush();
    expect(smtp.mails.some((m) => m.to.includes('give-up@example.com'))).toBe(false);
    expect((await rowOf(core, 'give-up@example.com')).attempts).toBe(MAX_ATTEMPTS);
  });

  it('retries wrong SMTP credentials and logs the failure without the password', async () => {
    const wrong = capture();
    const password = 'wrong-Secret-4711';
    const badServer = await createTestServer(dialect, {
      mail: { smtpUrl: smtp.url.replace('mail-secret', password) },
      logger: wrong.logger,
    });
    try {
      const core = await badServer.tessera.ready();
      await enqueue(core, 'bad-login@example.com');
      await core.mail.flush();
      badServer.clock.advance(retryDelayMs(1));
      await core.mail.flush();
      const row = await rowOf(core, 'bad-login@example.com');
      expect(row).toMatchObject({ attempts: 2, sent_at: null, failed_at: null });
      expect(row.last_error).toMatch(/Invalid login|535/);
      const warnings = wrong.lines.filter((line) => line.startsWith('warn mail not sent; will retry'));
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toMatch(/Invalid login|535/);
      for (const text of [...wrong.lines, row.last_error ?? '']) {
        expect(text).not.toContain(password);
        expect(text).not.toContain('tessera:'); // nor the user:password pair of the URL
      }
      expect(smtp.mails.some((m) => m.to.includes('bad-login@example.com'))).toBe(false);
    } finally {
      await badServer.close();
    }
  });
});

describe.each(dialects)('two Tessera instances on one %s database', (dialect) => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('send each mail exactly once (the lease)', async () => {
    const database = await openTestDatabase(dialect);
    const clock = createClock(Date.now());
    const silent = { info() {}, warn() {}, error() {} };
    // One secret, as a deployment's instances share TESSERA_SECRET: either may open what the other sealed.
    const options = { ...FAST_HASH, now: clock.now, logger: silent, tesseraSecret: 'y'.repeat(32), mail: { smtpUrl: smtp.url } };
    const a = createTesseraWith(options, { database });
    const b = createTesseraWith(options, { database });
    try {
      const [coreA, coreB] = await Promise.all([a.ready(), b.ready()]);
      const recipients = Array.from({ length: 30 }, (_, i) => `lease-${dialect}-${i}@example.com`);
      // Written by both instances, then drained by both at once, several rounds, as their timers would.
      for (const [i, to] of recipients.entries()) await enqueue(i % 2 ? coreA : coreB, to, `lease-${i}`);
      await Promise.all([coreA.mail.flush(), coreB.mail.flush(), coreA.mail.flush(), coreB.mail.flush()]);
      await Promise.all([coreA.mail.flush(), coreB.mail.flush()]);
      for (const to of recipients) await smtp.next(to);
      const received = smtp.mails.filter((m) => m.to.startsWith(`lease-${dialect}-`));
      expect(received).toHaveLength(recipients.length);
      expect(new Set(received.map((m) => m.to)).size).toBe(recipients.length);
      // Every flush has returned, so a second send of any row would be in by now.
      const rows = await coreA.db
        .selectFrom('mail_outbox')
        .select(['sent_at', 'attempts'])
        .where('recipient', 'like', `lease-${dialect}-%`)
        .execute();
      expect(rows.every((row) => row.sent_at !== null && row.attempts === 0)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await database.close();
    }
  });
});
