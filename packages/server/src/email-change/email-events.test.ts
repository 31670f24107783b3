// The security events of email change and passwordless sign-in: one line each (recorded ones through the recorder,
// events/event-recorder.ts), with no token, code or link in any.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../config/index.js';
import { bearer, registerWithBody, uniqueEmail } from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe('security events of email change and email sign-in', () => {
  const lines: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
  const record = (message: string, fields?: Record<string, unknown>) => void lines.push({ message, fields });
  const logger: Logger = { info: record, warn: record, error: record };
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer('sqlite', { mail: { smtpUrl: smtp.url }, emailVerification: 'off', logger });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  it('logs requested, changed, reverted and email_sign_in, never a secret', async () => {
    const user = await registerWithBody(server);
    const userId = user.body.user.id;
    const newEmail = uniqueEmail();
    const exact = (address: string) => smtp.next(address, (mail) => mail.to === address);
    const post = (path: string, json: unknown, headers: Record<string, string> = {}) =>
      server.request(path, { method: 'POST', headers, json });
    expect((await post('/auth/email/change', { new_email: newEmail }, bearer(user.accessToken))).status).toBe(202);
    const [confirm, notice] = await Promise.all([exact(newEmail), exact(user.email)]);
    expect((await post('/auth/email/change/confirm', { token: confirm.token })).status).toBe(200);
    expect((await post('/auth/email/change/revert', { token: notice.token })).status).toBe(200);
    expect((await post('/auth/email/sign-in', { email: user.email })).status).toBe(202);
    const magic = await exact(user.email);
    expect((await post('/auth/email/sign-in/verify', { email: user.email, code: magic.code })).status).toBe(200);

    const events = lines.filter((l) => l.message.startsWith('security: ')).map((l) => [l.message, l.fields]);
    const ip = expect.any(String);
    const recorded = (type: string, detail: Record<string, unknown>) => [
      `security: ${type}`,
      expect.objectContaining({ type, user_id: userId, ip, outcome: 'success', detail }),
    ];
    expect(events).toEqual([
      recorded('user.registered', { method: 'password' }),
      ['security: email_change_requested', { userId, ip, newEmail }],
      recorded('email.changed', { from: user.email, to: newEmail }),
      recorded('email.changed', { from: newEmail, to: user.email, reverted: true }),
      ['security: sessions_revoked', { userId, reason: 'email_change_reverted', sessions: 1 }],
      recorded('login.succeeded', { method: 'email_code' }),
    ]);
    const everything = JSON.stringify(lines);
    for (const secret of [confirm.token, notice.token, magic.token, magic.code]) expect(everything).not.toContain(secret);
  });
});
