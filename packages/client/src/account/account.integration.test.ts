// The account calls against a real Tessera server that mails through a real SMTP server: each flow reads the mail
// a user would get and finishes with its link or code, in "tabs" sharing one browser's cookie jar.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../../../server/src/test/smtp.js';
import { createTestServer, TEST_ORIGIN, type TestServer } from '../../../server/src/test/test-server.js';
import { createAuthClient, type AuthClient } from '../auth-client.js';
import { decodeJwtPayload } from '../jwt.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { createFakeLocks } from '../test/fake-locks.js';
import {
  changeEmail,
  confirmEmailChange,
  reauthenticate,
  requestEmailVerification,
  requestPasswordReset,
  resetPassword,
  revertEmailChange,
  signInWithEmail,
  verifyEmail,
  verifyEmailSignIn,
} from './account.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new passphrase 42';

let smtp: TestSmtp;
let server: TestServer;
let serial = 0;
const clients: AuthClient[] = [];

beforeAll(async () => {
  smtp = await startTestSmtp();
  server = await createTestServer('sqlite', { mail: { smtpUrl: smtp.url }, emailVerification: 'optional' });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.destroy();
});

/** One browser: its cookie jar, locks and tab channel; `tab()` opens another tab in it. */
function browser(): { jar: CookieJar; tab: () => AuthClient } {
  const jar = createCookieJar(TEST_ORIGIN);
  const locks = createFakeLocks();
  const channel = `account-integration-${++serial}`;
  const tab = () => {
    const client = createAuthClient({ baseUrl: server.url, fetch: jar.fetch, now: server.clock.now, locks, channel, autoStart: false });
    clients.push(client);
    return client;
  };
  return { jar, tab };
}

/** A registered, signed-in user (its registration mail, if any, is read and dropped). */
async function signedUp(): Promise<{ client: AuthClient; email: string; tab: () => AuthClient }> {
  const email = `account-${++serial}-${Date.now()}@example.com`;
  const { tab } = browser();
  const client = tab();
  await client.register({ email, password: PASSWORD, name: 'Ada' });
  return { client, email, tab };
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 50));
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await settle();
  expect(check()).toBe(true);
}

describe('reauthenticate', () => {
  it('adopts an access token with a fresh auth_time, and a wrong password changes nothing', async () => {
    const { client } = await signedUp();
    const before = (await client.getToken())!;
    server.clock.advance(120_000);
    await expect(reauthenticate(client, 'not the password')).rejects.toMatchObject({ code: 'invalid_credentials' });
    expect(await client.getToken()).toBe(before);
    await reauthenticate(client, PASSWORD);
    const after = (await client.getToken())!;
    expect(after).not.toBe(before);
    expect(Number(decodeJwtPayload(after).auth_time)).toBeGreaterThanOrEqual(Number(decodeJwtPayload(before).auth_time) + 120);
    expect(client.getState().status).toBe('authenticated');
  });
});

describe('field errors', () => {
  it('an account call refused as validation_failed names the field', async () => {
    const { client } = await signedUp();
    await expect(changeEmail(client, 'a@b')).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ path: 'new_email', message: 'Not a valid email address' }],
    });
  });
});

describe('email verification', () => {
  it('mails a link to the signed-in user and verifies the address with it', async () => {
    const { client, email } = await signedUp();
    const isVerification = (m: { link?: string | undefined }) => !!m.link?.includes('verify-email');
    // EMAIL_VERIFICATION=optional mails a link at registration; the requested one supersedes it.
    const atRegistration = await smtp.next(email, isVerification);
    await requestEmailVerification(client);
    const mail = await smtp.next(email, isVerification);
    await expect(verifyEmail(client, atRegistration.token!)).rejects.toMatchObject({ code: 'invalid_token', status: 400 });
    const user = await verifyEmail(client, mail.token!);
    expect(user).toMatchObject({ email, email_verified: true });
    expect(client.getState().user).toMatchObject({ email_verified: true });
  });

  it('a bad or used link is a 400 invalid_token that leaves the session signed in, in every tab', async () => {
    const { client, tab } = await signedUp();
    const other = tab();
    await other.start();
    // The new tab restored the session with a refresh; wait until the first tab has adopted its news too.
    await until(() => other.getState().status === 'authenticated');
    for (let i = 0; i < 100 && (await client.getToken()) !== (await other.getToken()); i++) await settle();
    const token = await client.getToken();
    expect(token).toBe(await other.getToken());
    await expect(verifyEmail(client, 'not-a-token')).rejects.toMatchObject({ code: 'invalid_token', status: 400 });
    await expect(resetPassword(client, 'not-a-token', NEW_PASSWORD)).rejects.toMatchObject({ code: 'invalid_token', status: 400 });
    await settle();
    expect(client.getState()).toMatchObject({ status: 'authenticated', error: null });
    expect(other.getState().status).toBe('authenticated');
    expect(await client.getToken()).toBe(token);
    // The session still works at the server.
    expect((await client.fetch('/auth/me')).status).toBe(200);
  });
});

describe('password reset', () => {
  it('mails a link, sets the new password with it, and ends the sessions', async () => {
    const { client, email } = await signedUp();
    await requestPasswordReset(client, email);
    const mail = await smtp.next(email, (m) => !!m.link?.includes('reset-password'));
    await resetPassword(client, mail.token!, NEW_PASSWORD);
    // Every session ended: the next refresh is refused and signs the tab out.
    server.clock.advance(3_600_000);
    await expect(client.getToken()).resolves.toBeNull();
    const fresh = browser().tab();
    await expect(fresh.login({ email, password: NEW_PASSWORD })).resolves.toMatchObject({ email });
    // The link is single use.
    await expect(resetPassword(fresh, mail.token!, 'yet another passphrase 7')).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it('answers an unknown address the same way', async () => {
    const { client } = await signedUp();
    await expect(requestPasswordReset(client, `nobody-${Date.now()}@example.com`)).resolves.toBeUndefined();
  });
});

describe('email sign-in', () => {
  it('signs in with the magic link in every tab of the browser', async () => {
    const { email } = await signedUp();
    const { tab } = browser();
    const [a, b] = [tab(), tab()];
    await b.start();
    await signInWithEmail(a, email);
    const mail = await smtp.next(email, (m) => !!m.code);
    await expect(verifyEmailSignIn(a, { token: mail.token! })).resolves.toMatchObject({ email });
    expect(a.getState().status).toBe('authenticated');
    await until(() => b.getState().status === 'authenticated');
    // The refresh cookie is set: a tab opened later restores the session.
    const c = tab();
    await c.start();
    expect(c.getState().status).toBe('authenticated');
  });

  it('signs in with the mailed code; a wrong one is invalid_code', async () => {
    const { email } = await signedUp();
    const client = browser().tab();
    await signInWithEmail(client, email);
    const mail = await smtp.next(email, (m) => !!m.code);
    const wrong = mail.code === '000000' ? '111111' : '000000';
    await expect(verifyEmailSignIn(client, { email, code: wrong })).rejects.toMatchObject({ code: 'invalid_code', status: 400 });
    await expect(verifyEmailSignIn(client, { email, code: mail.code! })).resolves.toMatchObject({ email });
  });
});

describe('email change', () => {
  it('confirms with the link mailed to the new address, and the old address can revert it', async () => {
    const { client, email } = await signedUp();
    const newEmail = `changed-${++serial}-${Date.now()}@example.com`;
    await changeEmail(client, newEmail);
    const confirm = await smtp.next(newEmail, (m) => !!m.token);
    await expect(confirmEmailChange(client, confirm.token!)).resolves.toMatchObject({ email: newEmail, email_verified: true });
    expect(client.getState().user).toMatchObject({ email: newEmail });
    const notice = await smtp.next(email, (m) => !!m.link?.includes('revert'));
    await expect(revertEmailChange(client, notice.token!)).resolves.toMatchObject({ email });
    // Every session is revoked: this tab signs out.
    expect(client.getState().status).toBe('unauthenticated');
  });

  it('asks for a recent sign-in: reauthentication_required, then reauthenticate and retry', async () => {
    const { client } = await signedUp();
    server.clock.advance(3_600_000);
    const newEmail = `late-${++serial}-${Date.now()}@example.com`;
    await expect(changeEmail(client, newEmail)).rejects.toMatchObject({ code: 'reauthentication_required', status: 401 });
    expect(client.getState().status).toBe('authenticated');
    await reauthenticate(client, PASSWORD);
    await expect(changeEmail(client, newEmail)).resolves.toBeUndefined();
  });
});
