// The MFA step is part of every sign-in, not only the password's: a social sign-in (ID token from a real OpenID
// Connect provider on loopback) and an email sign-in (code mailed through a real SMTP server) of a user with TOTP
// both answer the MFA step, and the session's amr names the first factor (fed, email) with otp and mfa.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test/databases.js';
import { uniqueEmail, registerWithBody, type TokenBody } from '../test/flows.js';
import { claimsOf, enrolTotp, finishWithTotp, type MfaChallengeBody } from '../test/mfa-flows.js';
import { startTestProvider, type TestProvider } from '../test/oidc-provider.js';
import { startTestSmtp, type TestSmtp } from '../test/smtp.js';
import { createTestServer, refreshCookieOf, type TestServer } from '../test/test-server.js';

describe.each(dialects)('the MFA step of social and email sign-in on %s', (dialect) => {
  let google: TestProvider;
  let smtp: TestSmtp;
  let server: TestServer;
  beforeAll(async () => {
    google = await startTestProvider({
      clients: [{ clientId: 'tessera-web.apps.googleusercontent.test', clientSecret: 'google-client-secret' }],
    });
    smtp = await startTestSmtp();
    server = await createTestServer(dialect, {
      socialProviders: [
        {
          id: 'google',
          name: 'Google',
          issuer: google.issuer,
          clientId: google.clients[0]!.clientId,
          clientSecret: google.clients[0]!.clientSecret,
        },
      ],
      mail: { smtpUrl: smtp.url },
      appUrl: 'https://app.example.com',
      emailVerification: 'off',
      mailMaxPerIp: 1000,
    });
  });
  afterAll(async () => {
    await server?.close();
    await google?.close();
    await smtp?.close();
  });

  const socialSignIn = async (sub: string) => {
    const { nonce } = (await (await server.request('/auth/social/google/nonce', { method: 'POST' })).json()) as { nonce: string };
    return server.request('/auth/social/google', {
      method: 'POST',
      json: { id_token: await google.idToken({ login: sub, nonce }), nonce },
    });
  };

  it('asks a social sign-in for the second factor', async () => {
    const sub = `acct-${randomBytes(4).toString('hex')}`;
    google.accounts.set(sub, { email: uniqueEmail(), email_verified: true });
    const first = (await (await socialSignIn(sub)).json()) as TokenBody;
    expect(claimsOf(first.access_token).amr).toEqual(['fed']);
    const { secret } = await enrolTotp(server, first.access_token);

    const res = await socialSignIn(sub);
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)).toBeUndefined();
    const step = (await res.json()) as MfaChallengeBody & { access_token?: string };
    expect(step).toMatchObject({ mfa_required: true, methods: ['totp', 'recovery_code'] });
    expect(step.access_token).toBeUndefined();
    const done = await finishWithTotp(server, step.mfa_token, secret);
    expect([...claimsOf(done.access_token).amr!].sort()).toEqual(['fed', 'mfa', 'otp']);
    expect(done.user.id).toBe(first.user.id);
  });

  it('asks an email sign-in for the second factor', async () => {
    const user = await registerWithBody(server);
    const { secret } = await enrolTotp(server, user.accessToken);
    expect((await server.request('/auth/email/sign-in', { method: 'POST', json: { email: user.email } })).status).toBe(202);
    // The sign-in mail, not the notice that TOTP was just turned on.
    const mail = await smtp.next(user.email, (m) => m.to.toLowerCase() === user.email.toLowerCase() && m.code !== undefined);
    const res = await server.request('/auth/email/sign-in/verify', { method: 'POST', json: { email: user.email, code: mail.code } });
    expect(res.status).toBe(200);
    expect(refreshCookieOf(res)).toBeUndefined();
    const step = (await res.json()) as MfaChallengeBody;
    expect(step.mfa_required).toBe(true);
    const done = await finishWithTotp(server, step.mfa_token, secret);
    expect([...claimsOf(done.access_token).amr!].sort()).toEqual(['email', 'mfa', 'otp']);
  });
});
