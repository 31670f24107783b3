// Email change over real SMTP on both dialects: the request needs a recent sign-in and mails the new and the old
// address; the confirmation is single use, expires, is superseded and dies with a password change; the revert link
// outlives whatever an attacker does with a stolen session and signs everyone out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, refreshWithBody, registerWithBody, uniqueEmail, type TokenBody } from '../test/flows.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe.each(dialects)('email change on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, {
      mail: { smtpUrl: smtp.url },
      appUrl: 'https://app.example.com',
      reauthMaxAge: '10m',
      // Registration's verification mail is the verification suite's business; here it would come first.
      emailVerification: 'off',
      emailChangeTtl: '1h',
      emailChangeRevertTtl: '7d',
      mailMaxPerIp: 1000,
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  /** The next mail to exactly `address` (another test's address may contain this one). */
  /** The next mail to exactly `address`, of `subject` when given (a password change also mails its notice there). */
  const mailTo = (address: string, subject?: string): Promise<ReceivedMail> =>
    smtp.next(address, (mail) => mail.to.toLowerCase() === address.toLowerCase() && (subject === undefined || mail.subject === subject));
  const change = (accessToken: string, newEmail: string) =>
    server.request('/auth/email/change', { method: 'POST', headers: bearer(accessToken), json: { new_email: newEmail } });
  const confirm = (token: string | undefined) => server.request('/auth/email/change/confirm', { method: 'POST', json: { token } });
  const revert = (token: string | undefined) => server.request('/auth/email/change/revert', { method: 'POST', json: { token } });
  const login = (email: string, password: string) =>
    server.request('/auth/login', { method: 'POST', headers: { 'X-Token-Transport': 'body' }, json: { email, password } });

  /** Asks for a change and reads both mails. */
  async function requestChange(accessToken: string, from: string, to: string) {
    expect((await change(accessToken, to)).status).toBe(202);
    const [confirmMail, notice] = await Promise.all([
      mailTo(to, 'Confirm your new email address'),
      mailTo(from, 'The email address of your account is changing'),
    ]);
    return { confirmMail, notice };
  }

  it('mails a confirmation to the new address and a revert link to the old one; the confirmation moves the account', async () => {
    const user = await registerWithBody(server);
    const newEmail = uniqueEmail();
    const { confirmMail, notice } = await requestChange(user.accessToken, user.email, newEmail.toUpperCase());
    expect(confirmMail.subject).toBe('Confirm your new email address');
    expect(confirmMail.link).toMatch(/^https:\/\/app\.example\.com\/confirm-email-change\?token=/);
    expect(confirmMail.text).toContain('valid for 60 minutes');
    expect(notice.subject).toBe('The email address of your account is changing');
    expect(notice.text).toContain(newEmail);
    expect(notice.link).toMatch(/^https:\/\/app\.example\.com\/revert-email-change\?token=/);
    expect(notice.text).toContain('valid for 168 hours');

    const res = await confirm(confirmMail.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: newEmail, email_verified: true });
    expect((await login(newEmail, PASSWORD)).status).toBe(200);
    await expectProblem(await login(user.email, PASSWORD), 401, 'invalid_credentials');
    // The new access token says verified at the next refresh.
    const refreshed = (await (await refreshWithBody(server, user.refreshToken)).json()) as TokenBody;
    expect(refreshed.user).toMatchObject({ email: newEmail, email_verified: true });
  });

  it('needs a recent sign-in: 401 reauthentication_required after REAUTH_MAX_AGE, then 202 after POST /auth/reauthenticate', async () => {
    const user = await registerWithBody(server);
    server.clock.advance(11 * 60_000);
    const refreshed = (await (await refreshWithBody(server, user.refreshToken)).json()) as TokenBody;
    await expectProblem(await change(refreshed.access_token, uniqueEmail()), 401, 'reauthentication_required');
    const reauth = await server.request('/auth/reauthenticate', {
      method: 'POST',
      headers: { ...bearer(refreshed.access_token), 'X-Token-Transport': 'body' },
      json: { password: PASSWORD },
    });
    expect(reauth.status).toBe(200);
    const fresh = (await reauth.json()) as TokenBody;
    const newEmail = uniqueEmail();
    await requestChange(fresh.access_token, user.email, newEmail);
  });

  it('refuses the current address (in any spelling) with 400 validation_failed, and a bearer-less request with 401', async () => {
    const user = await registerWithBody(server);
    await expectProblem(await change(user.accessToken, user.email.toUpperCase()), 400, 'validation_failed');
    await expectProblem(await change(user.accessToken, 'not an email'), 400, 'validation_failed');
    expect((await server.request('/auth/email/change', { method: 'POST', json: { new_email: uniqueEmail() } })).status).toBe(401);
  });

  it('answers 202 for an address another account has, and the confirmation answers 409 email_taken', async () => {
    const other = await registerWithBody(server);
    const user = await registerWithBody(server);
    const { confirmMail } = await requestChange(user.accessToken, user.email, other.email);
    await expectProblem(await confirm(confirmMail.token), 409, 'email_taken');
    expect((await login(user.email, PASSWORD)).status).toBe(200);
  });

  it('answers 409 email_taken when someone registers the new address before the confirmation', async () => {
    const user = await registerWithBody(server);
    const newEmail = uniqueEmail();
    const { confirmMail } = await requestChange(user.accessToken, user.email, newEmail);
    await registerWithBody(server, newEmail);
    await expectProblem(await confirm(confirmMail.token), 409, 'email_taken');
  });

  it('spends the confirmation once', async () => {
    const user = await registerWithBody(server);
    const { confirmMail } = await requestChange(user.accessToken, user.email, uniqueEmail());
    expect((await confirm(confirmMail.token)).status).toBe(200);
    await expectProblem(await confirm(confirmMail.token), 400, 'invalid_token');
    await expectProblem(await confirm('x'.repeat(43)), 400, 'invalid_token');
  });

  it('expires the confirmation after EMAIL_CHANGE_TTL', async () => {
    const user = await registerWithBody(server);
    const { confirmMail } = await requestChange(user.accessToken, user.email, uniqueEmail());
    server.clock.advance(60 * 60_000 + 1);
    await expectProblem(await confirm(confirmMail.token), 400, 'token_expired');
  });

  it('lets only the newest request be confirmed', async () => {
    const user = await registerWithBody(server);
    const first = await requestChange(user.accessToken, user.email, uniqueEmail());
    const secondEmail = uniqueEmail();
    const second = await requestChange(user.accessToken, user.email, secondEmail);
    await expectProblem(await confirm(first.confirmMail.token), 400, 'invalid_token');
    expect(await (await confirm(second.confirmMail.token)).json()).toMatchObject({ email: secondEmail });
  });

  it('kills the confirmation when the password changes', async () => {
    const user = await registerWithBody(server);
    const { confirmMail } = await requestChange(user.accessToken, user.email, uniqueEmail());
    const changed = await server.request('/auth/password', {
      method: 'POST',
      headers: bearer(user.accessToken),
      json: { current_password: PASSWORD, new_password: 'another fine passphrase' },
    });
    expect(changed.status).toBe(204);
    await expectProblem(await confirm(confirmMail.token), 400, 'invalid_token');
  });

  it('cancels a change not confirmed yet: the confirmation dies and every session is revoked', async () => {
    const user = await registerWithBody(server);
    const { confirmMail, notice } = await requestChange(user.accessToken, user.email, uniqueEmail());
    const res = await revert(notice.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: user.email, email_verified: true });
    await expectProblem(await confirm(confirmMail.token), 400, 'invalid_token');
    await expectProblem(await refreshWithBody(server, user.refreshToken), 401, 'session_revoked');
    await expectProblem(await revert(notice.token), 400, 'invalid_token');
  });

  it('expires the revert link after EMAIL_CHANGE_REVERT_TTL', async () => {
    const user = await registerWithBody(server);
    const { notice } = await requestChange(user.accessToken, user.email, uniqueEmail());
    server.clock.advance(7 * 86_400_000 + 1);
    await expectProblem(await revert(notice.token), 400, 'token_expired');
  });

  it('takeover: after a stolen session changes the email twice and the password, the owner’s revert link takes the account back', async () => {
    const owner = await registerWithBody(server);
    const stolen = owner.accessToken; // the attacker also phished the password
    const attackerEmail = uniqueEmail();
    const first = await requestChange(stolen, owner.email, attackerEmail);
    expect((await confirm(first.confirmMail.token)).status).toBe(200);
    server.clock.advance(1000);
    const newPassword = 'attacker owns this now';
    const changed = await server.request('/auth/password', {
      method: 'POST',
      headers: bearer(stolen),
      json: { current_password: PASSWORD, new_password: newPassword },
    });
    expect(changed.status).toBe(204);
    const attackerLogin = (await (await login(attackerEmail, newPassword)).json()) as TokenBody;
    // A second change: its revert link goes to the attacker's address.
    const secondEmail = uniqueEmail();
    const second = await requestChange(attackerLogin.access_token, attackerEmail, secondEmail);
    expect((await confirm(second.confirmMail.token)).status).toBe(200);

    const res = await revert(first.notice.token);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ email: owner.email, email_verified: true });
    // Every session is gone, the attacker's fresh sign-in included, and the password they set no longer works.
    await expectProblem(await refreshWithBody(server, attackerLogin.refresh_token!), 401, 'session_revoked');
    await expectProblem(await server.request('/auth/me', { headers: bearer(attackerLogin.access_token) }), 401, 'session_revoked');
    for (const email of [owner.email, attackerEmail, secondEmail]) {
      await expectProblem(await login(email, newPassword), 401, 'invalid_credentials');
    }
    // The attacker's own revert link (to their address) cannot take the account back.
    await expectProblem(await revert(second.notice.token), 400, 'invalid_token');

    // The owner signs in through the restored address.
    expect((await server.request('/auth/email/sign-in', { method: 'POST', json: { email: owner.email } })).status).toBe(202);
    const magic = await mailTo(owner.email, 'Your sign-in link');
    const signedIn = await server.request('/auth/email/sign-in/verify', {
      method: 'POST',
      headers: { 'X-Token-Transport': 'body' },
      json: { token: magic.token },
    });
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as TokenBody).user.email).toBe(owner.email);
  });

  it('answers 409 email_taken when the old address was registered by another account since', async () => {
    const owner = await registerWithBody(server);
    const { confirmMail, notice } = await requestChange(owner.accessToken, owner.email, uniqueEmail());
    expect((await confirm(confirmMail.token)).status).toBe(200);
    await registerWithBody(server, owner.email);
    await expectProblem(await revert(notice.token), 409, 'email_taken');
  });
});
