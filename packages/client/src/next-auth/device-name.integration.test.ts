// Issue 13 item 7: the device list names the browser for sign-ins through next-auth. The real next-auth v4 handler,
// built per request, in front of a real Tessera that trusts the Next server (this process, on 127.0.0.1): every call
// made for a browser carries its user agent in X-Forwarded-User-Agent, and the Next server keeps its own User-Agent.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, PASSWORD, registerWithBody } from '../../../server/src/test/flows.js';
import { enrolTotp, login, nextStep, totpCode } from '../../../server/src/test/mfa-flows.js';
import { createTestServer, type TestServer } from '../../../server/src/test/test-server.js';
import type { Fetch } from '../fetch.js';
import { createCookieJar, type CookieJar } from '../test/cookie-jar.js';
import { signInWithCredentials, startNextAuthApp, type NextAuthApp } from '../test/next-auth-app.js';
import { mfaChallengeOf } from './mfa-required-error.js';
import { createTesseraAuth } from './tessera-auth.js';

const SECRET = 'next-auth-device-name-secret-0123456789';
process.env.NEXTAUTH_SECRET = SECRET;
const CHROMIUM = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const ACCESS_TTL = 900_000;

interface Listed {
  id: string;
  user_agent: string | null;
  ip: string | null;
  current: boolean;
}

let trusting: TestServer;
let untrusting: TestServer;
let app: NextAuthApp;
/** The headers of every call the integration made to the backend, by path. */
const sent: { path: string; headers: Headers }[] = [];
const recording: Fetch = (input, init) => {
  sent.push({ path: new URL(String(input)).pathname, headers: new Headers(init?.headers) });
  return fetch(input, init);
};

/** next-auth options built per request (the integration then has the browser's headers for every call), on `server`. */
function mount(server: TestServer): void {
  const auth = createTesseraAuth({ baseUrl: server.url, now: server.clock.now, fetch: recording });
  app.options = (req: IncomingMessage) => auth.authOptions({}, { headers: req.headers });
}

beforeAll(async () => {
  [trusting, untrusting] = await Promise.all([
    createTestServer('sqlite', { trustedProxies: ['127.0.0.1'] }),
    createTestServer('sqlite', { trustedProxies: ['192.0.2.1'] }),
  ]);
  app = await startNextAuthApp({ providers: [] });
});
afterAll(async () => {
  await Promise.all([trusting?.close(), untrusting?.close(), app?.close()]);
});

/** A browser: its own user agent (and whatever else it chooses to send) on every request to the Next server. */
function browser(extra: Record<string, string> = {}): CookieJar {
  const jar = createCookieJar(app.url);
  return {
    ...jar,
    fetch: (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set('user-agent', CHROMIUM);
      for (const [name, value] of Object.entries(extra)) headers.set(name, value);
      return jar.fetch(input, { ...init, headers });
    },
  };
}

async function accessToken(jar: CookieJar): Promise<string> {
  const session = (await (await jar.fetch(`${app.url}/api/auth/session`)).json()) as { accessToken?: string };
  expect(session.accessToken).toEqual(expect.any(String));
  return session.accessToken!;
}

async function current(server: TestServer, token: string): Promise<Listed> {
  const res = await server.request('/auth/sessions', { headers: bearer(token) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { sessions: Listed[] }).sessions.find((s) => s.current)!;
}

describe('the device list, next-auth in front of a Tessera that trusts the Next server', () => {
  beforeAll(() => mount(trusting));

  it('names the browser for a credentials sign-in, keeps it through a refresh, and records it at sign-out', async () => {
    const { email } = await registerWithBody(trusting);
    const jar = browser();
    const before = sent.length;
    expect((await signInWithCredentials(app, jar, { email, password: PASSWORD })).url).toBe(`${app.url}/dashboard`);
    // The Next server speaks as itself and names the browser it calls for.
    const signIn = sent.slice(before).find((call) => call.path === '/auth/login')!;
    expect(signIn.headers.get('x-forwarded-user-agent')).toBe(CHROMIUM);
    expect(signIn.headers.get('user-agent')).toBeNull();
    const listed = await current(trusting, await accessToken(jar));
    expect(listed.user_agent).toBe(CHROMIUM);

    // A refresh through next-auth (the jwt callback of /api/auth/session) leaves the name as a direct refresh does.
    trusting.clock.advance(ACCESS_TTL - 30_000);
    const refreshedAt = sent.length;
    const rotated = await accessToken(jar);
    const refresh = sent.slice(refreshedAt).find((call) => call.path === '/auth/refresh')!;
    expect(refresh.headers.get('x-forwarded-user-agent')).toBe(CHROMIUM);
    expect(await current(trusting, rotated)).toMatchObject({ id: listed.id, user_agent: CHROMIUM, ip: listed.ip });

    // Signing out through next-auth: Tessera's event names the browser too.
    const { csrfToken } = (await (await jar.fetch(`${app.url}/api/auth/csrf`)).json()) as { csrfToken: string };
    await jar.fetch(`${app.url}/api/auth/signout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, json: 'true' }),
    });
    const other = (await (await login(trusting, email)).json()) as { access_token: string };
    const events = await trusting.request('/auth/me/events', { headers: bearer(other.access_token) });
    const { events: list } = (await events.json()) as { events: { type: string; user_agent: string | null; session_id: string }[] };
    expect(list.find((e) => e.type === 'session.logged_out')).toMatchObject({ session_id: listed.id, user_agent: CHROMIUM });
  });

  it('names the browser for a sign-in finished with the MFA step', async () => {
    const { email, accessToken: first } = await registerWithBody(trusting);
    const { secret } = await enrolTotp(trusting, first);
    const jar = browser();
    const challenge = mfaChallengeOf(
      new URL((await signInWithCredentials(app, jar, { email, password: PASSWORD })).url).searchParams.get('error'),
    );
    nextStep(trusting);
    const code = totpCode(secret, trusting.clock.now());
    const step = await signInWithCredentials(app, jar, { mfa_token: challenge!.mfaToken, method: 'totp', code }, 'tessera-mfa');
    expect(step.url).toBe(`${app.url}/dashboard`);
    expect((await current(trusting, await accessToken(jar))).user_agent).toBe(CHROMIUM);
  });

  it("never passes on an X-Forwarded-User-Agent the browser wrote: the session is named after the browser's own", async () => {
    const { email } = await registerWithBody(trusting);
    const jar = browser({ 'x-forwarded-user-agent': 'Victim Browser/1.0' });
    await signInWithCredentials(app, jar, { email, password: PASSWORD });
    expect((await current(trusting, await accessToken(jar))).user_agent).toBe(CHROMIUM);
  });
});

describe('the device list, next-auth in front of a Tessera that does not trust the Next server', () => {
  beforeAll(() => mount(untrusting));

  it("ignores the forwarded user agent: the session is named after the Next server's own", async () => {
    const { email } = await registerWithBody(untrusting);
    const jar = browser();
    await signInWithCredentials(app, jar, { email, password: PASSWORD });
    const listed = await current(untrusting, await accessToken(jar));
    expect(listed.user_agent).not.toBe(CHROMIUM);
    expect(listed.user_agent).toMatch(/node|undici/i);
  });
});
