// Magic link and code sign-in through the real next-auth v4 handler, in front of a real Tessera that mails through a
// real SMTP server: the browser posts the link's token (or the code) to next-auth, which finishes it at the backend.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../../../server/src/test/smtp.js';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import { createCookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import { createTesseraAuth } from './tessera-auth.js';

const SECRET = 'next-auth-email-integration-secret-0123456789';
process.env.NEXTAUTH_SECRET = SECRET;

let smtp: TestSmtp;
let server: TestServer;
let app: NextAuthApp;
let serial = 0;

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await createTestServer('sqlite', { mail: { smtpUrl: smtp.url } });
  app = await startNextAuthApp({ providers: [] });
  app.options = createTesseraAuth({ baseUrl: server.url, now: server.clock.now }).authOptions();
});
afterAll(async () => {
  await Promise.all([server?.close(), app?.close(), smtp?.close()]);
});
async function mailedSignIn(): Promise<{ email: string; token: string; code: string }> {
  const email = `next-auth-email-${++serial}-${Date.now()}@example.com`;
  const registered = await server.request('/auth/register', { method: 'POST', json: { email, password: 'correct horse battery staple' } });
  expect(registered.status).toBe(201);
  expect((await server.request('/auth/email/sign-in', { method: 'POST', json: { email } })).status).toBe(202);
  const mail = await smtp.next(email, (m) => !!m.code);
  return { email, token: mail.token!, code: mail.code! };
}

async function sessionOf(jar: ReturnType<typeof createCookieJar>): Promise<Record<string, unknown>> {
  return (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as Record<string, unknown>;
}

describe('next-auth email sign-in', () => {
  it('signs in with the magic link’s token', async () => {
    const { email, token } = await mailedSignIn();
    const jar = createCookieJar(app.url);
    const result = await signInWithCredentials(app, jar, { token }, 'tessera-email');
    expect(result.url).toBe(`${app.url}/dashboard`);
    expect(await sessionOf(jar)).toMatchObject({ user: { email }, accessToken: expect.any(String) });
  });

  it('signs in with the code, and a used link comes back as ?error=invalid_token', async () => {
    const { email, token, code } = await mailedSignIn();
    const jar = createCookieJar(app.url);
    await signInWithCredentials(app, jar, { email, code }, 'tessera-email');
    expect(await sessionOf(jar)).toMatchObject({ user: { email } });
    const again = await signInWithCredentials(app, createCookieJar(app.url), { token }, 'tessera-email');
    expect(new URL(again.url).searchParams.get('error')).toMatch(/^(invalid_token|token_expired)$/);
  });
});
