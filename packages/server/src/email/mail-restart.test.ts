// Issue 12, "Mail": sending is never lost. A real `tessera start` process on a SQLite file answers a registration
// (201; the verification mail is written in the registration's transaction) and a password reset request (202; the
// request row is turned into the mail by the sender), cannot send either (the SMTP server refuses), and is killed
// with SIGKILL: no shutdown, no flush. A new process on the same file, with the SMTP server accepting, sends both:
// exactly once each, and their links work. Run `npm run build` first (server-process.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { startServerProcess, type ServerProcess } from '../test/server-process.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';

const PASSWORD = 'correct horse battery';

const post = (server: ServerProcess, path: string, body: unknown) =>
  fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

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

  it('sends the mail of a registration and a reset request answered before a kill -9 exactly once, from the next process', async () => {
    const to = 'restart@example.com';
    const db = await openDatabase(databaseUrl);
    try {
      const rows = () => db.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', to).execute();
      smtp.refuse(true);
      const first = await start({});
      expect((await post(first, '/auth/register', { email: to, password: PASSWORD })).status).toBe(201);
      expect((await post(first, '/auth/password/forgot', { email: to })).status).toBe(202);

      // The first process tried both (the answers wake its sender), the server refused, and neither row holds a
      // lease: the kill lands between the write and any send. (Were a retry to start between this check and the
      // kill, the row's 60-second lease would delay the second process, not change the outcome: hence the long
      // wait for the mail below.)
      await until(async () => {
        const current = await rows();
        return current.length === 2 && current.every((row) => row.attempts >= 1 && row.locked_until === null);
      }, 'both first attempts to be refused and recorded');
      first.child.kill('SIGKILL');
      expect(await first.stop()).not.toBe(0);
      await until(async () => first.output().includes('mail not sent; will retry'), "the first process's warning");
      expect(smtp.mails.some((mail) => mail.to.includes(to))).toBe(false);
      expect((await rows()).every((row) => row.sent_at === null)).toBe(true);

      smtp.refuse(false);
      const second = await start({});
      const verification = await smtp.next(to, (mail) => mail.subject === 'Confirm your email address', 90_000);
      const reset = await smtp.next(to, (mail) => mail.subject === 'Reset your password', 90_000);
      await until(async () => ((await rows()).every((row) => row.sent_at !== null) ? true : undefined), 'both rows marked sent');
      // Marked sent, so no sender takes them again: one mail of each arrived.
      expect(
        smtp.mails
          .filter((mail) => mail.to.includes(to))
          .map((mail) => mail.subject)
          .sort(),
      ).toEqual(['Confirm your email address', 'Reset your password']);
      expect((await rows()).every((row) => row.data === '')).toBe(true);
      // Their links work on the new process.
      expect((await post(second, '/auth/email/verify', { token: verification.token })).status).toBe(200);
      expect((await post(second, '/auth/password/reset', { token: reset.token, new_password: 'a brand new passphrase' })).status).toBe(204);
      expect(await second.stop()).toBe(0);
    } finally {
      await db.close();
    }
  }, 180_000);
});
