// Password reset over real SMTP, on every dialect: the mailed link, the new password (policy, hash, verified
// email), the notice, every session signed out at once, single use, supersession, invalidation by a password
// change, expiry, the social-only account that gets its first password, and the same 202 for every address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import {
  answerOf,
  bearer,
  expectProblem,
  PASSWORD,
  refreshWithBody,
  registerWithBody,
  uniqueEmail,
  type TokenBody,
} from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const NEW_PASSWORD = 'a brand new passphrase';

describe.each(dialects)('password reset on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, { mail: { smtpUrl: smtp.url }, appUrl: 'https://app.example.com', mailMaxPerIp: 1000 });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const forgot = (email: string) => server.request('/auth/password/forgot', { method: 'POST', json: { email } });
  const reset = (token: string | undefined, newPassword = NEW_PASSWORD) =>
    server.request('/auth/password/reset', { method: 'POST', json: { token, new_password: newPassword } });
  const login = (email: string, password: string) =>
    server.request('/auth/login', { method: 'POST', json: { email, password }, headers: { 'X-Token-Transport': 'body' } });
  const isResetMail = (mail: { subject: string }) => mail.subject === 'Reset your password';
  /** Registers (its verification mail read and set aside) and asks for a reset link; resolves with its token. */
  async function resetLinkFor(email: string): Promise<string> {
    expect((await forgot(email)).status).toBe(202);
    return (await smtp.next(email, isResetMail)).token!;
  }

  it('sets the new password, verifies the email, mails a notice and signs every session out at once', async () => {
    const first = await registerWithBody(server);
    const second = await login(first.email, PASSWORD);
    const other = (await second.json()) as TokenBody;

    expect((await forgot(first.email)).status).toBe(202);
    const mail = await smtp.next(first.email, isResetMail);
    expect(mail.link).toMatch(/^https:\/\/app\.example\.com\/reset-password\?token=[\w-]{43}$/);
    expect(mail.text).toContain('valid for 30 minutes');

    const res = await reset(mail.token);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    // Access tokens are refused at once (instant revocation), refresh tokens for good.
    for (const token of [first.accessToken, other.access_token]) {
      await expect(server.tessera.verifyAccessToken(token)).rejects.toMatchObject({ code: 'session_revoked' });
      await expectProblem(await server.request('/auth/me', { headers: bearer(token) }), 401, 'session_revoked');
    }
    for (const token of [first.refreshToken, other.refresh_token!]) {
      await expectProblem(await refreshWithBody(server, token), 401, 'session_revoked');
    }
    const core = await server.tessera.ready();
    const reasons = await core.db.selectFrom('sessions').select('revoked_reason').where('user_id', '=', first.body.user.id).execute();
    expect(reasons.map((r) => r.revoked_reason)).toEqual(['password_reset', 'password_reset']);

    await expectProblem(await login(first.email, PASSWORD), 401, 'invalid_credentials');
    const signedIn = await login(first.email, NEW_PASSWORD);
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as TokenBody).user.email_verified).toBe(true);

    const notice = await smtp.next(first.email, (m) => m.subject === 'Your password was changed');
    expect(notice.link).toBeUndefined();
  });

  it('stores the new password hashed', async () => {
    const { email, body } = await registerWithBody(server);
    expect((await reset(await resetLinkFor(email))).status).toBe(204);
    const core = await server.tessera.ready();
    const row = await core.db.selectFrom('users').select('password_hash').where('id', '=', body.user.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(NEW_PASSWORD);
  });

  it('refuses a new password the policy refuses, and the link still works after', async () => {
    const { email } = await registerWithBody(server);
    const token = await resetLinkFor(email);
    const weak = await expectProblem(await reset(token, email), 400, 'validation_failed');
    expect(weak.errors).toEqual([{ path: 'new_password', message: expect.any(String) as string }]);
    await expectProblem(await reset(token, 'short'), 400, 'validation_failed');
    expect((await reset(token)).status).toBe(204);
  });

  it('spends a link once', async () => {
    const { email } = await registerWithBody(server);
    const token = await resetLinkFor(email);
    expect((await reset(token)).status).toBe(204);
    await expectProblem(await reset(token, 'another fine passphrase'), 400, 'invalid_token');
  });

  it('serves two requests seconds apart; the newer link supersedes the older', async () => {
    const { email } = await registerWithBody(server);
    const older = await resetLinkFor(email);
    server.clock.advance(3000);
    const newer = await resetLinkFor(email);
    await expectProblem(await reset(older), 400, 'invalid_token');
    expect((await reset(newer)).status).toBe(204);
  });

  it('kills a link when the password changes', async () => {
    const signedIn = await registerWithBody(server);
    const token = await resetLinkFor(signedIn.email);
    const changed = await server.request('/auth/password', {
      method: 'POST',
      headers: bearer(signedIn.accessToken),
      json: { current_password: PASSWORD, new_password: 'changed the usual way' },
    });
    expect(changed.status).toBe(204);
    await expectProblem(await reset(token), 400, 'invalid_token');
  });

  it('answers 400 token_expired after PASSWORD_RESET_TTL', async () => {
    const { email } = await registerWithBody(server);
    const token = await resetLinkFor(email);
    server.clock.advance(30 * 60_000 + 1000);
    await expectProblem(await reset(token), 400, 'token_expired');
    await expectProblem(await reset('B'.repeat(43)), 400, 'invalid_token');
  });

  it('gives a social-only account its first password', async () => {
    const core = await server.tessera.ready();
    const email = uniqueEmail();
    await core.users.insert({ email, passwordHash: null, emailVerified: true });
    await expectProblem(await login(email, NEW_PASSWORD), 401, 'invalid_credentials');
    expect((await reset(await resetLinkFor(email))).status).toBe(204);
    expect((await login(email, NEW_PASSWORD)).status).toBe(200);
  });

  it('answers known and unknown addresses alike, and mails only the account', async () => {
    const known = await registerWithBody(server);
    const unknown = uniqueEmail();
    const answers = [await answerOf(await forgot(unknown)), await answerOf(await forgot(known.email))];
    expect(answers[0]).toEqual({ status: 202, headers: answers[0]!.headers, body: '' });
    expect(answers[1]).toEqual(answers[0]);
    await smtp.next(known.email, isResetMail);
    await (await server.tessera.ready()).mail.flush();
    expect(smtp.mails.filter((m) => m.to.includes(unknown))).toEqual([]);
  });
});
