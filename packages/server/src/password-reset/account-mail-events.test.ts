// The security events of the mailed flows: email.verified and password.reset (then sessions_revoked with reason
// password_reset), each with the user and address, and no line carrying a token or a password.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD, registerWithBody } from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const lines: Array<{ message: string; fields: Record<string, unknown> | undefined }> = [];
const record = (message: string, fields?: Record<string, unknown>) => lines.push({ message, fields });
let smtp: TestSmtp;
let server: TestServer;
beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await createTestServer('sqlite', { mail: { smtpUrl: smtp.url }, logger: { info: record, warn: record, error: record } });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

it('logs email.verified and password.reset, never the token or the password', async () => {
  const { email, body } = await registerWithBody(server);
  const verification = await smtp.next(email);
  expect((await server.request('/auth/email/verify', { method: 'POST', json: { token: verification.token } })).status).toBe(200);
  expect((await server.request('/auth/password/forgot', { method: 'POST', json: { email } })).status).toBe(202);
  const reset = await smtp.next(email, (m) => m.subject === 'Reset your password');
  const newPassword = 'an entirely new passphrase';
  const res = await server.request('/auth/password/reset', { method: 'POST', json: { token: reset.token, new_password: newPassword } });
  expect(res.status).toBe(204);

  const userId = body.user.id;
  const recorded = (type: string, detail: Record<string, unknown>) => ({
    message: `security: ${type}`,
    fields: expect.objectContaining({ type, user_id: userId, ip: '127.0.0.1', detail }) as unknown,
  });
  expect(lines).toContainEqual(recorded('email.verified', { email }));
  expect(lines).toContainEqual(recorded('password.reset', {}));
  expect(lines).toContainEqual({ message: 'security: sessions_revoked', fields: { userId, reason: 'password_reset', sessions: 1 } });
  const logged = JSON.stringify(lines);
  for (const secret of [verification.token!, reset.token!, newPassword, PASSWORD]) expect(logged).not.toContain(secret);
});
