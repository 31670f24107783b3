// Email verification over real SMTP, on every dialect: the mail at registration, the link that verifies (once), the
// access token that says so at the next refresh, asking again (Bearer or {email}), supersession, expiry, and the
// same 202 for unknown, unverified and verified addresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { answerOf, bearer, expectProblem, refreshWithBody, registerWithBody, uniqueEmail, type TokenBody } from '../test/flows.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

describe.each(dialects)('email verification on %s', (dialect) => {
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

  const verify = (token: string | undefined) => server.request('/auth/email/verify', { method: 'POST', json: { token } });
  const ask = (init: { email?: string; accessToken?: string }) =>
    server.request('/auth/email/verify/request', {
      method: 'POST',
      ...(init.accessToken ? { headers: bearer(init.accessToken) } : {}),
      ...(init.email ? { json: { email: init.email } } : {}),
    });

  it('mails a link at registration; the link verifies the email, and the next refresh says so', async () => {
    const signedIn = await registerWithBody(server);
    expect(signedIn.body.user.email_verified).toBe(false);
    expect(claimsOf(signedIn.accessToken).email_verified).toBe(false);
    const mail = await smtp.next(signedIn.email);
    expect(mail.subject).toBe('Confirm your email address');
    expect(mail.link).toMatch(/^https:\/\/app\.example\.com\/verify-email\?token=[\w-]{43}$/);
    expect(mail.text).toContain('valid for 24 hours');

    const res = await verify(mail.token);
    expect(res.status).toBe(200);
    const user = (await res.json()) as TokenBody['user'];
    expect(user).toMatchObject({ email: signedIn.email, email_verified: true });

    const refreshed = (await (await refreshWithBody(server, signedIn.refreshToken)).json()) as TokenBody;
    expect(claimsOf(refreshed.access_token).email_verified).toBe(true);
    expect(refreshed.user.email_verified).toBe(true);
  });

  it('spends a link once', async () => {
    const { email } = await registerWithBody(server);
    const { token } = await smtp.next(email);
    expect((await verify(token)).status).toBe(200);
    await expectProblem(await verify(token), 400, 'invalid_token');
  });

  it('refuses unknown and malformed links with 400 invalid_token', async () => {
    await expectProblem(await verify('A'.repeat(43)), 400, 'invalid_token');
    await expectProblem(await verify('not a token'), 400, 'invalid_token');
    await expectProblem(await server.request('/auth/email/verify', { method: 'POST', json: {} }), 400, 'validation_failed');
  });

  it('mails a new link on request, by Bearer or by {email}; the newer link supersedes the older', async () => {
    const signedIn = await registerWithBody(server);
    const first = await smtp.next(signedIn.email);

    expect((await ask({ accessToken: signedIn.accessToken })).status).toBe(202);
    const second = await smtp.next(signedIn.email);
    server.clock.advance(2000);
    expect((await ask({ email: signedIn.email.toUpperCase() })).status).toBe(202);
    const third = await smtp.next(signedIn.email);
    expect(new Set([first.token, second.token, third.token]).size).toBe(3);

    await expectProblem(await verify(first.token), 400, 'invalid_token');
    await expectProblem(await verify(second.token), 400, 'invalid_token');
    expect((await verify(third.token)).status).toBe(200);
  });

  it('answers 400 token_expired after EMAIL_VERIFICATION_TTL', async () => {
    const { email } = await registerWithBody(server);
    const { token } = await smtp.next(email);
    server.clock.advance(24 * 3600_000 + 1000);
    await expectProblem(await verify(token), 400, 'token_expired');
  });

  it('answers unknown, unverified and verified addresses alike, and mails only the unverified one', async () => {
    const unverified = await registerWithBody(server);
    await smtp.next(unverified.email);
    const verified = await registerWithBody(server);
    expect((await verify((await smtp.next(verified.email)).token)).status).toBe(200);
    const unknown = uniqueEmail();

    const answers = [];
    for (const email of [unknown, unverified.email, verified.email]) answers.push(await answerOf(await ask({ email })));
    expect(answers[0]).toEqual({ status: 202, headers: answers[0]!.headers, body: '' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);

    await smtp.next(unverified.email);
    await (await server.tessera.ready()).mail.flush();
    expect(smtp.mails.filter((m) => m.to.includes(unknown))).toEqual([]);
    expect(smtp.mails.filter((m) => m.to.includes(verified.email))).toHaveLength(1); // the registration mail only
  });

  it('refuses a request with neither a Bearer token nor an email, and a bad Bearer token', async () => {
    await expectProblem(await ask({}), 400, 'validation_failed');
    await expectProblem(await ask({ accessToken: 'not.a.token' }), 401, 'invalid_token');
  });
});
