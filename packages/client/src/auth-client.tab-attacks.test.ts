// Issue 10 item 7: a script of the same origin on the SDK's BroadcastChannel. It asks for tokens, listens for
// refresh tokens, posts fake sessions and malformed messages; the tabs hand out nothing and adopt nothing.
import { describe, expect, it, vi } from 'vitest';
import { simplejwt } from './adapters/simplejwt.js';
import { tessera } from './adapters/tessera.js';
import type { AuthClient } from './auth-client.js';
import type { AuthClientOptions } from './auth-client-options.js';
import type { Fetch } from './fetch.js';
import type { TesseraCredentials, TesseraRegistration, TesseraUser } from './adapters/tessera.js';
import { MALLORY, TTL, USER, type FakeTessera } from './test/fake-tessera.js';
import { BASE, openTab, signIn, until, useTestClock } from './test/harness.js';

useTestClock();

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

/** The attacker: a script of the same origin with its own handle on the channel. */
function spyOn(channel: string) {
  const heard: unknown[] = [];
  const port = new BroadcastChannel(channel);
  port.onmessage = (event: MessageEvent<unknown>) => void heard.push(event.data);
  return { heard, post: (data: unknown) => port.postMessage(data), close: () => port.close() };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}.forged-signature`;

/** djangorestframework-simplejwt's token views, rotating refresh tokens (`rt-sj-N`), on the fake clock. */
function fakeSimpleJwt(): { fetch: Fetch; refreshTokens: string[] } {
  let serial = 0;
  const refreshTokens: string[] = [];
  const pair = () => {
    const iat = Math.floor(Date.now() / 1000);
    const refresh = `rt-sj-${++serial}`;
    refreshTokens.push(refresh);
    return Response.json({ access: jwt({ token_type: 'access', exp: iat + 300, iat, jti: `j${serial}`, user_id: 42 }), refresh });
  };
  return {
    refreshTokens,
    fetch: async (input) => {
      const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
      if (path === '/api/token/' || path === '/api/token/refresh/') return pair();
      return Response.json({ detail: 'Not found.' }, { status: 404 });
    },
  };
}

interface Setup {
  name: string;
  /** A tab; `refreshTokens()`: every refresh token the server has issued to it so far. */
  open: () => { client: AuthClient; channel: string; refreshTokens: () => string[] };
}

/** The fake Tessera numbers its refresh tokens rt-1, rt-2, ... alongside at-1, at-2, ... */
const issuedByTessera = (server: FakeTessera) => () =>
  Array.from({ length: server.count('/auth/login') + server.count('/auth/refresh') }, (_, i) => `rt-${i + 1}`);

/** Every way a refresh token reaches JavaScript (Tessera's body transport, simplejwt), and the default cookie transport. */
const setups: Setup[] = [
  { name: 'cookie transport', adapter: tessera() },
  { name: 'body transport', adapter: tessera({ transport: 'body' }) },
].map(({ name, adapter }) => ({
  name,
  open: () => {
    const tab = openTab({ adapter });
    return { ...tab, refreshTokens: issuedByTessera(tab.server) };
  },
}));
setups.push({
  name: 'simplejwt',
  open: () => {
    const server = fakeSimpleJwt();
    const tab = openTab({
      adapter: simplejwt() as unknown as AuthClientOptions<TesseraUser, TesseraCredentials, TesseraRegistration>['adapter'],
      fetch: server.fetch,
    });
    return { ...tab, refreshTokens: () => server.refreshTokens };
  },
});

describe('a same-origin script on the channel', () => {
  it.each(setups)('gets no token by asking for one ($name)', async ({ open }) => {
    const { client, channel } = open();
    await signIn(client);
    const spy = spyOn(channel);
    for (const request of [{ type: 'ask' }, { type: 'ask', nonce: 'n-1' }, { type: 'session' }, { type: 'refresh' }, 'ask']) {
      spy.post(request);
    }
    await settle();
    expect(spy.heard).toEqual([]);
    spy.close();
  });

  it.each(setups)('never hears a refresh token: not at login, refresh, new user or logout ($name)', async ({ open }) => {
    const { client, channel, refreshTokens } = open();
    const spy = spyOn(channel);
    await signIn(client);
    await vi.advanceTimersByTimeAsync(TTL * 1000); // past every refresh timer: at least one rotation
    await client.getUser();
    await client.logout();
    await settle();
    const heard = JSON.stringify(spy.heard);
    expect(spy.heard.length).toBeGreaterThanOrEqual(3);
    expect(refreshTokens().length).toBeGreaterThanOrEqual(2);
    for (const token of refreshTokens()) expect(heard).not.toContain(token);
    expect(heard).not.toContain('refreshToken');
    spy.close();
  });

  /** Two signed-in tabs of the victim's browser, and the attacker's own real access token from the same server. */
  async function victimTabsAndMallory(): Promise<{ tabs: AuthClient[]; server: FakeTessera; channel: string; mallory: string }> {
    const a = openTab();
    await signIn(a.client);
    const b = openTab({}, a);
    await b.client.start();
    await until(() => b.client.getState().status === 'authenticated');
    const response = await a.server.fetch(`${BASE}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
      body: JSON.stringify({ email: MALLORY.email, password: 'secret' }),
    });
    const { access_token: mallory } = (await response.json()) as { access_token: string };
    await settle(); // b's restore reaches a too
    return { tabs: [a.client, b.client], server: a.server, channel: a.channel, mallory };
  }

  it('cannot make a signed-in tab adopt a fake session, nor swap in a real session of another account', async () => {
    const { tabs, channel, mallory } = await victimTabsAndMallory();
    const before = await Promise.all(tabs.map((tab) => tab.getToken()));
    const spy = spyOn(channel);
    const far = Date.now() + 365 * 24 * 3600_000;
    const fakes = [
      { accessToken: 'forged', expiresAt: far, user: USER },
      { accessToken: jwt({ sub: USER.id, exp: far / 1000 }), expiresAt: far, user: USER },
      // A real token, of the attacker's account, labelled with the victim's user.
      { accessToken: mallory, expiresAt: far, user: USER },
      { accessToken: mallory, expiresAt: far, user: MALLORY },
      { accessToken: mallory, expiresAt: far, user: USER, refreshToken: 'rt-attacker' },
    ];
    for (const session of fakes) spy.post({ type: 'session', session });
    await settle();
    expect(await Promise.all(tabs.map((tab) => tab.getToken()))).toEqual(before);
    for (const tab of tabs) expect(tab.getState()).toMatchObject({ status: 'authenticated', user: { id: USER.id } });
    spy.close();
  });

  it('cannot make a signed-out tab adopt a forged session, nor plant a refresh token in one', async () => {
    const signedOut = openTab();
    await signedOut.client.start();
    const memory = openTab({ adapter: tessera({ transport: 'body' }), channel: signedOut.channel });
    await memory.client.start();
    const spy = spyOn(signedOut.channel);
    const far = Date.now() + 3600_000;
    spy.post({ type: 'session', session: { accessToken: 'forged', expiresAt: far, user: USER } });
    spy.post({ type: 'session', session: { accessToken: jwt({ sub: USER.id }), expiresAt: far, user: USER } });
    spy.post({ type: 'session', session: { accessToken: 'forged', expiresAt: far, user: USER, refreshToken: 'rt-attacker' } });
    await settle();
    for (const tab of [signedOut, memory]) {
      expect(tab.client.getState()).toMatchObject({ status: 'unauthenticated', user: null });
      await expect(tab.client.getToken()).resolves.toBeNull();
      expect(JSON.stringify(tab.server.inits)).not.toContain('rt-attacker');
    }
    spy.close();
  });

  it('cannot make a tab without a refresh cookie adopt even a real token (in-memory refresh tokens)', async () => {
    const { server, channel, mallory } = await victimTabsAndMallory();
    const fresh = openTab({ adapter: tessera({ transport: 'body' }), channel });
    await fresh.client.start();
    const spy = spyOn(channel);
    spy.post({ type: 'session', session: { accessToken: mallory, expiresAt: Date.now() + 3600_000, user: MALLORY } });
    await settle();
    expect(fresh.client.getState()).toMatchObject({ status: 'unauthenticated', user: null });
    expect(server.inits.filter((init) => new Headers(init.headers).get('authorization') === `Bearer ${mallory}`)).toHaveLength(2); // a and b checked it
    spy.close();
  });

  it('is ignored, without an exception, when it posts malformed messages', async () => {
    const { tabs, channel } = await victimTabsAndMallory();
    const before = await Promise.all(tabs.map((tab) => tab.getToken()));
    const errors: unknown[] = [];
    const onError = (error: unknown) => void errors.push(error);
    process.on('uncaughtException', onError);
    const cyclic: Record<string, unknown> = { type: 'session' };
    cyclic.session = cyclic;
    const session = { accessToken: 'at-9', expiresAt: Date.now() + 3600_000, user: USER };
    const spy = spyOn(channel);
    const garbage: unknown[] = [
      null,
      undefined,
      42,
      'session',
      [],
      [{ type: 'signout', code: null }],
      new Date(),
      new Map([['type', 'signout']]),
      { type: 'signout', code: 42 },
      { type: 'signout', code: '<script>' },
      { type: 'session' },
      { type: 'session', session: null },
      { type: 'session', session: { ...session, accessToken: 42 } },
      { type: 'session', session: { ...session, expiresAt: 'tomorrow' } },
      { type: 'session', session: { ...session, accessToken: 'x'.repeat(4 << 20) } },
      { type: 'session', session: { ...session, user: JSON.parse('{"id":"u1","__proto__":{"polluted":true}}') as unknown } },
      JSON.parse('{"type":"signout","code":null,"constructor":{"prototype":{"polluted":true}}}') as unknown,
      cyclic,
    ];
    for (const data of garbage) spy.post(data);
    await settle();
    process.off('uncaughtException', onError);
    expect(errors).toEqual([]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(await Promise.all(tabs.map((tab) => tab.getToken()))).toEqual(before);
    // The channel still works: a real sign-out reaches the other tab.
    await tabs[0]?.logout();
    await until(() => tabs[1]?.getState().status === 'unauthenticated');
    spy.close();
  });
});
