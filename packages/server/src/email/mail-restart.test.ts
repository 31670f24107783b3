// Issue 12, "Mail": sending is never lost. A real `tessera start` process on a SQLite file holds a mail it cannot
// send (the SMTP server refuses), is killed with SIGKILL (no shutdown, no flush), and a new process on the same
// file sends the mail once the SMTP server accepts: exactly once. Run `npm run build` first (server-process.ts).
//
// The write: no route on main produces mail yet (POST /auth/password/forgot and the verification on registration are
// being built on another branch), so the mail is written by the outbox's own enqueue, through an in-test core on
// the same database file and TESSERA_SECRET (as a route's transaction would write it), closed before the server
// process starts. What this test is about happens after the write: the row outliving a killed process and being
// sent once by the next. When a mail-producing route lands, it replaces `writeMail` with an HTTP request to the
// first process, killed after its 202.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { startServerProcess, type ServerProcess } from '../test/server-process.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTessera } from '../tessera.js';

const silent = { info() {}, warn() {}, error() {} };

/** Resolves once `read` returns something truthy; polls every 50 ms (a bound, not a timing under test). */
async function until<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the outbox across a killed server process (SQLite file)', () => {
  let smtp: TestSmtp;
  let folder: string;
  let databaseUrl: string;
  const processes: ServerProcess[] = [];
  beforeAll(async () => {
    smtp = await startTestSmtp();
    folder = mkdtempSync(join(tmpdir(), 'tessera-mail-restart-'));
    databaseUrl = `sqlite:${join(folder, 'tessera.db')}`;
  });
  afterAll(async () => {
    for (const server of processes) if (server.exitCode() === null) server.child.kill('SIGKILL');
    await smtp?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const start = async (env: Record<string, string>) => {
    const server = await startServerProcess({ DATABASE_URL: databaseUrl, SMTP_URL: smtp.url, NODE_ENV: 'test', ...env });
    processes.push(server);
    return server;
  };

  /** Writes the mail as a route's transaction would (see the top of the file for why not through a route). */
  async function writeMail(to: string, token: string) {
    const writer = createTessera({ databaseUrl, logger: silent, mail: { smtpUrl: smtp.url } });
    try {
      const core = await writer.ready();
      await core.db.transaction().execute((trx) =>
        core.mail.enqueue(trx, {
          kind: 'password_reset',
          to,
          data: { email: to, link: `http://localhost:3000/reset-password?token=${token}`, validMinutes: 30 },
        }),
      );
    } finally {
      // Before its first poll: the writer never tries to send.
      await writer.close();
    }
  }

  it('sends a mail written before a kill -9 exactly once, from the next process', async () => {
    const to = 'restart@example.com';
    const db = await openDatabase(databaseUrl);
    try {
      const row = () => db.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', to).executeTakeFirst();
      smtp.refuse(true);
      await writeMail(to, 'survives-the-kill');

      const first = await start({});
      // The first process tried (its start-up round), the server refused, and the row is back on the schedule
      // with no lease held: the kill lands between the write and any send.
      await until(async () => {
        const current = await row();
        return current && current.attempts >= 1 && current.locked_until === null ? current : undefined;
      }, 'the first attempt to be refused and recorded');
      // The process itself says so (the log line comes before the row's update, the pipe after both).
      await until(async () => first.output().includes('mail not sent; will retry'), "the first process's warning");
      first.child.kill('SIGKILL');
      expect(await first.stop()).not.toBe(0);
      expect(smtp.mails.some((mail) => mail.to.includes(to))).toBe(false);
      expect((await row())?.sent_at).toBeNull();

      smtp.refuse(false);
      const second = await start({});
      const mail = await smtp.next(to, undefined, 20_000);
      expect(mail.token).toBe('survives-the-kill');
      const sent = await until(async () => {
        const current = await row();
        return current?.sent_at ? current : undefined;
      }, 'the second process to mark the mail sent');
      expect(sent.data).toBe('');
      // Marked sent, so no sender takes it again; one mail arrived.
      expect(smtp.mails.filter((m) => m.to.includes(to))).toHaveLength(1);
      expect(await second.stop()).toBe(0);
    } finally {
      await db.close();
    }
  });
});
