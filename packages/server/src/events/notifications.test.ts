// Security notices over real SMTP on both dialects: a sign-in from a new browser mails the owner (not the
// registration's own device, not a known one, not after opting out, not with NOTIFY_NEW_SIGN_IN=off), and so do a
// password change, refresh-token reuse and an MFA change; each written with its event, so none for a failed change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromEnv } from '../config/index.js';
import type { Core } from '../core.js';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, refreshWithBody, registerWithBody, type TokenBody } from '../test/flows.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../test/smtp.js';
import { createTestCore } from '../test/test-core.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe.each(dialects)('security notices on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  let core: Core;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    // Registration's verification mail is the verification suite's business.
    server = await createTestServer(dialect, { mail: { smtpUrl: smtp.url }, emailVerification: 'off' });
    core = await server.tessera.ready();
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const login = (email: string, userAgent?: string) =>
    server.request('/auth/login', {
      method: 'POST',
      headers: { 'X-Token-Transport': 'body', ...(userAgent ? { 'User-Agent': userAgent } : {}) },
      json: { email, password: PASSWORD },
    });
  const signIn = async (email: string, userAgent?: string) => {
    const res = await login(email, userAgent);
    expect(res.status).toBe(200);
    return (await res.json()) as TokenBody;
  };
  /** The mail kinds written for `email`, in the outbox (written with the event, so this is exact, not a wait). */
  const written = async (email: string) =>
    (await core.db.selectFrom('mail_outbox').select('kind').where('recipient', '=', email).orderBy('created_at').execute()).map(
      (row) => row.kind,
    );
  const mailTo = (email: string, subject: string): Promise<ReceivedMail> => smtp.next(email, (mail) => mail.subject === subject);

  it('mails a sign-in from a browser the account has not used, and only that one', async () => {
    const user = await registerWithBody(server);
    // The registration's own device, again: known.
    await signIn(user.email);
    expect(await written(user.email)).toEqual([]);
    await signIn(user.email, 'Firefox/128.0 (new laptop)');
    const notice = await mailTo(user.email, 'New sign-in to your account');
    expect(notice.text).toContain('Firefox/128.0 (new laptop)');
    expect(notice.text).toContain('127.0.0.1');
    // Known from now on.
    await signIn(user.email, 'Firefox/128.0 (new laptop)');
    expect(await written(user.email)).toEqual(['new_sign_in_notice']);
  });

  it('honours the per-user opt-out (PATCH /me notify_new_sign_in)', async () => {
    const user = await registerWithBody(server);
    const patched = await server.request('/auth/me', {
      method: 'PATCH',
      headers: bearer(user.accessToken),
      json: { notify_new_sign_in: false },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ notify_new_sign_in: false });
    await signIn(user.email, 'Safari/17 (phone)');
    expect(await written(user.email)).toEqual([]);
    await server.request('/auth/me', { method: 'PATCH', headers: bearer(user.accessToken), json: { notify_new_sign_in: true } });
    await signIn(user.email, 'Edge/120 (work)');
    expect(await written(user.email)).toEqual(['new_sign_in_notice']);
  });

  it('mails a password change, and nothing for a refused one', async () => {
    const user = await registerWithBody(server);
    const change = (current: string) =>
      server.request('/auth/password', {
        method: 'POST',
        headers: bearer(user.accessToken),
        json: { current_password: current, new_password: 'a brand new passphrase' },
      });
    await expectProblem(await change('not the password'), 401, 'invalid_credentials');
    expect(await written(user.email)).toEqual([]);
    expect((await change(PASSWORD)).status).toBe(204);
    const notice = await mailTo(user.email, 'Your password was changed');
    expect(notice.text).toContain('other devices signed in to it were signed out');
    expect(await written(user.email)).toEqual(['password_changed_notice']);
  });

  it('mails the owner when a refresh token is reused ("someone may have your session")', async () => {
    const user = await registerWithBody(server);
    const once = (await (await refreshWithBody(server, user.refreshToken)).json()) as TokenBody;
    expect((await refreshWithBody(server, once.refresh_token!)).status).toBe(200);
    server.clock.advance(11_000);
    await expectProblem(await refreshWithBody(server, user.refreshToken), 401, 'refresh_token_reused');
    const notice = await mailTo(user.email, 'Someone may have your session');
    expect(notice.text).toContain('signed out');
    // Presenting it again finds the session revoked: no second event, no second mail.
    await expectProblem(await refreshWithBody(server, user.refreshToken), 401, 'session_revoked');
    expect(await written(user.email)).toEqual(['session_reuse_notice']);
  });

  it('mails MFA and passkey changes recorded by their features (the notice is keyed on the event type)', async () => {
    const user = await registerWithBody(server);
    await core.events.record(core.db, {
      type: 'passkey.added',
      userId: user.body.user.id,
      ip: '203.0.113.9',
      detail: { passkey_id: 'pk1' },
    });
    const notice = await mailTo(user.email, 'The sign-in methods of your account changed');
    expect(notice.text).toContain('a passkey was added');
    expect(notice.text).not.toContain('pk1');
    // A failure (a wrong code) is not a change: no mail.
    await core.events.record(core.db, { type: 'mfa.failed', userId: user.body.user.id, detail: { factor: 'totp' } });
    expect(await written(user.email)).toEqual(['mfa_changed_notice']);
  });
});

describe('NOTIFY_NEW_SIGN_IN=off', () => {
  it('is read from the environment and mails no new-device notice to anyone', async () => {
    expect(optionsFromEnv({ NOTIFY_NEW_SIGN_IN: 'off' }).notifyNewSignIn).toBe(false);
    const server = await createTestCore({ ...optionsFromEnv({ NOTIFY_NEW_SIGN_IN: 'off' }), emailVerification: 'off' });
    try {
      const user = await registerWithBody(server);
      const res = await server.request('/auth/login', {
        method: 'POST',
        headers: { 'User-Agent': 'Firefox/128.0 (elsewhere)' },
        json: { email: user.email, password: PASSWORD },
      });
      expect(res.status).toBe(200);
      const core = await server.tessera.ready();
      const types = await core.db
        .selectFrom('security_events')
        .select('type')
        .where('user_id', '=', user.body.user.id)
        .orderBy('id')
        .execute();
      expect(types.map((t) => t.type)).toEqual(['user.registered', 'login.succeeded']);
      expect(await core.db.selectFrom('mail_outbox').select('kind').where('recipient', '=', user.email).execute()).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
