// Passwordless sign-in over real SMTP on both dialects: the same 202 for every address, a mail with a link and a
// code for known ones only; link and code are single use, expire, are superseded by a newer mail and die with a
// password change; a code dies after 5 wrong tries; one link used twice at once makes one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { bearer, expectProblem, PASSWORD, refreshWithBody, registerWithBody, uniqueEmail, type TokenBody } from '../test/flows.js';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../test/smtp.js';
import { createTestServer, refreshCookieOf, TEST_ORIGIN, type TestServer } from '../test/test-server.js';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe.each(dialects)('email sign-in on %s', (dialect) => {
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, {
      mail: { smtpUrl: smtp.url },
      appUrl: 'https://app.example.com',
      magicLinkTtl: '10m',
      // Registration's verification mail is the verification suite's business; here it would come first.
      emailVerification: 'off',
      mailMaxPerIp: 1000,
    });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  const mailTo = (address: string): Promise<ReceivedMail> => smtp.next(address, (mail) => mail.to.toLowerCase() === address.toLowerCase());
  const ask = (email: string) => server.request('/auth/email/sign-in', { method: 'POST', json: { email } });
  const verify = (json: unknown, headers: Record<string, string> = { 'X-Token-Transport': 'body' }) =>
    server.request('/auth/email/sign-in/verify', { method: 'POST', headers, json });
  async function signInMail(email: string): Promise<ReceivedMail> {
    expect((await ask(email)).status).toBe(202);
    return mailTo(email);
  }

  it('answers 202 alike for known and unknown addresses and mails only the known one, with a link and a code', async () => {
    const user = await registerWithBody(server);
    const unknown = uniqueEmail();
    const [known, stranger] = await Promise.all([ask(user.email), ask(unknown)]);
    expect(known.status).toBe(202);
    expect(stranger.status).toBe(202);
    expect(await known.text()).toBe(await stranger.text());
    const mail = await mailTo(user.email);
    expect(mail.subject).toBe('Your sign-in link');
    expect(mail.link).toMatch(/^https:\/\/app\.example\.com\/magic-link\?token=/);
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain('valid for 10 minutes');
    await (await server.tessera.ready()).mail.flush();
    expect(smtp.mails.some((m) => m.to.toLowerCase() === unknown)).toBe(false);
    // No account was made for the unknown address.
    expect(await (await server.tessera.ready()).users.findByEmail(unknown)).toBeUndefined();
  });

  it('signs in with the link: a token response, the email verified, auth_time now, a working session', async () => {
    const user = await registerWithBody(server);
    expect(user.body.user.email_verified).toBe(false);
    const mail = await signInMail(user.email.toUpperCase());
    server.clock.advance(30_000);
    const res = await verify({ token: mail.token });
    expect(res.status).toBe(200);
    const body = (await res.json()) as TokenBody;
    expect(body.user).toMatchObject({ email: user.email, email_verified: true });
    const claims = claimsOf(body.access_token);
    expect(claims.email_verified).toBe(true);
    expect(claims.auth_time).toBe(Math.floor(server.clock.now() / 1000));
    expect((await refreshWithBody(server, body.refresh_token!)).status).toBe(200);
    expect((await server.request('/auth/me', { headers: bearer(body.access_token) })).status).toBe(200);
  });

  it('answers with the refresh cookie, as login does, without X-Token-Transport', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    const res = await verify({ token: mail.token }, { Origin: TEST_ORIGIN });
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)).toBeDefined();
    expect(((await res.json()) as TokenBody).refresh_token).toBeUndefined();
  });

  it('signs in with the email and the code', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    const res = await verify({ email: ` ${user.email.toUpperCase()} `, code: mail.code });
    expect(res.status).toBe(200);
    expect(((await res.json()) as TokenBody).user.email).toBe(user.email);
  });

  it('spends the link once and the code with it', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    expect((await verify({ token: mail.token })).status).toBe(200);
    await expectProblem(await verify({ token: mail.token }), 400, 'invalid_token');
    await expectProblem(await verify({ email: user.email, code: mail.code }), 400, 'invalid_code');
  });

  it('kills the code after 5 wrong tries, the right one included', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    const wrong = mail.code === '000000' ? '000001' : '000000';
    for (let i = 0; i < 5; i++) await expectProblem(await verify({ email: user.email, code: wrong }), 400, 'invalid_code');
    await expectProblem(await verify({ email: user.email, code: mail.code }), 400, 'invalid_code');
  });

  it('answers the same invalid_code for an unknown address', async () => {
    await expectProblem(await verify({ email: uniqueEmail(), code: '123456' }), 400, 'invalid_code');
    await expectProblem(await verify({ email: uniqueEmail(), code: 'abc' }), 400, 'invalid_code');
  });

  it('expires link and code after MAGIC_LINK_TTL', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    server.clock.advance(10 * 60_000 + 1);
    await expectProblem(await verify({ token: mail.token }), 400, 'token_expired');
    await expectProblem(await verify({ email: user.email, code: mail.code }), 400, 'invalid_code');
  });

  it('lets only the newest mail sign in', async () => {
    const user = await registerWithBody(server);
    const first = await signInMail(user.email);
    const second = await signInMail(user.email);
    await expectProblem(await verify({ token: first.token }), 400, 'invalid_token');
    if (first.code !== second.code) await expectProblem(await verify({ email: user.email, code: first.code }), 400, 'invalid_code');
    expect((await verify({ email: user.email, code: second.code })).status).toBe(200);
  });

  it('kills link and code when the password changes', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    const changed = await server.request('/auth/password', {
      method: 'POST',
      headers: bearer(user.accessToken),
      json: { current_password: PASSWORD, new_password: 'another fine passphrase' },
    });
    expect(changed.status).toBe(204);
    await expectProblem(await verify({ token: mail.token }), 400, 'invalid_token');
    await expectProblem(await verify({ email: user.email, code: mail.code }), 400, 'invalid_code');
  });

  it('makes one session of one link used twice at once', async () => {
    const user = await registerWithBody(server);
    const mail = await signInMail(user.email);
    const answers = await Promise.all([verify({ token: mail.token }), verify({ token: mail.token }), verify({ token: mail.token })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 400, 400]);
    const core = await server.tessera.ready();
    const found = await core.users.findByEmail(user.email);
    // The registration's session and the one sign-in.
    expect(await core.sessions.listActive(found!.id)).toHaveLength(2);
  });

  it('refuses a body with neither a token nor an email and code', async () => {
    await expectProblem(await verify({ code: '123456' }), 400, 'validation_failed');
    await expectProblem(await ask('not an email'), 400, 'validation_failed');
  });

  it('answers 429 at the same count for known and unknown addresses (MAIL_MAX_PER_EMAIL)', async () => {
    const user = await registerWithBody(server);
    const unknown = uniqueEmail();
    for (let i = 0; i < 5; i++) {
      expect((await ask(user.email)).status).toBe(202);
      expect((await ask(unknown)).status).toBe(202);
    }
    for (const email of [user.email, unknown]) {
      const res = await ask(email);
      await expectProblem(res, 429, 'rate_limited');
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });
});

describe.each(dialects)('email sign-in with EMAIL_VERIFICATION=required on %s', (dialect) => {
  it('signs an unverified user without a password in and verifies the address', async () => {
    const smtp = await startTestSmtp();
    const server = await createTestServer(dialect, { mail: { smtpUrl: smtp.url }, emailVerification: 'required' });
    try {
      // Made directly: with verification required, registration's own answer is not this test's business.
      const user = await (await server.tessera.ready()).users.insert({ email: uniqueEmail(), passwordHash: null });
      expect((await server.request('/auth/email/sign-in', { method: 'POST', json: { email: user.email } })).status).toBe(202);
      const mail = await smtp.next(user.email);
      const res = await server.request('/auth/email/sign-in/verify', {
        method: 'POST',
        headers: { 'X-Token-Transport': 'body' },
        json: { token: mail.token },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as TokenBody;
      expect(body.user.email_verified).toBe(true);
      expect(claimsOf(body.access_token).email_verified).toBe(true);
    } finally {
      await server.close();
      await smtp.close();
    }
  });
});
