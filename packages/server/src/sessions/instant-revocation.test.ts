// Issue 10, item 3: a revoked session's access token kept working on the application's own routes (guard()) until it
// expired. Two instances share one database (one SQLite file, one PostgreSQL schema); a session is revoked through
// instance A by each path that revokes, and instance B's guarded route must refuse the token within a second, without
// reading the database per request, after a restart of B, and after B's feed lost its connection for a while.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNodeListener } from '../adapters/node-listener.js';
import type { TesseraOptions } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import { createTesseraWith, type Tessera } from '../tessera.js';
import { createClock, type TestClock } from '../test/clock.js';
import { createTestSchema, dialects, TEST_POSTGRES_URL } from '../test/databases.js';
import { bearer, PASSWORD, uniqueEmail, type TokenBody } from '../test/flows.js';
import { FAST_HASH, withJson, type JsonRequestInit } from '../test/test-server.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';
import type { AccessClaims } from '../tokens/access-token.js';

const silent = { info() {}, warn() {}, error() {} };

/** An application of its own: Tessera's routes plus one route of the app behind `tessera.guard()`, over real HTTP. */
interface Instance {
  tessera: Tessera;
  request(path: string, init?: JsonRequestInit): Promise<Response>;
  /** GET of the app's guarded route. */
  guarded(accessToken: string): Promise<Response>;
  close(): Promise<void>;
}

async function startInstance(databaseUrl: string, clock: TestClock, options: TesseraOptions = {}): Promise<Instance> {
  const tessera = createTesseraWith(
    { ...FAST_HASH, databaseUrl, cookie: { secure: false }, now: clock.now, logger: silent, ...options },
    {},
  );
  await tessera.ready();
  const app = new Hono<{ Variables: { auth: AccessClaims } }>();
  app.get('/app/private', tessera.guard(), (c) => c.json({ sub: c.get('auth').sub }));
  app.all('*', (c) => tessera.fetch(c.req.raw, c.env as never));
  const server: Server = createServer(createNodeListener((req, ctx) => app.fetch(req, ctx), { maxBodyBytes: 16_384 }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const request = (path: string, init?: JsonRequestInit) => fetch(url + path, withJson(init));
  return {
    tessera,
    request,
    guarded: (accessToken) => request('/app/private', { headers: bearer(accessToken) }),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await tessera.close();
    },
  };
}

interface Session {
  email: string;
  accessToken: string;
  refreshToken: string;
  sessionId: string;
}

const sessionIdOf = (accessToken: string) =>
  (JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString()) as { sid: string }).sid;

async function tokens(res: Response, email: string, status: number): Promise<Session> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as TokenBody;
  return { email, accessToken: body.access_token, refreshToken: body.refresh_token!, sessionId: sessionIdOf(body.access_token) };
}

const register = async (on: Instance) => {
  const email = uniqueEmail();
  const res = await on.request('/auth/register', {
    method: 'POST',
    json: { email, password: PASSWORD },
    headers: { 'X-Token-Transport': 'body' },
  });
  return tokens(res, email, 201);
};
const login = async (on: Instance, email: string) => {
  const res = await on.request('/auth/login', {
    method: 'POST',
    json: { email, password: PASSWORD },
    headers: { 'X-Token-Transport': 'body' },
  });
  return tokens(res, email, 200);
};
const refresh = (on: Instance, refreshToken: string) =>
  on.request('/auth/refresh', { method: 'POST', json: { refresh_token: refreshToken } });

async function expectAccepted(on: Instance, accessToken: string) {
  const res = await on.guarded(accessToken);
  expect(res.status).toBe(200);
}

/** The guarded route answers 401 session_revoked within `ms`: polled, so a fast answer passes fast. */
async function expectRefusedWithin(on: Instance, accessToken: string, ms: number) {
  await vi.waitFor(
    async () => {
      const res = await on.guarded(accessToken);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(await res.json()).toMatchObject({ code: 'session_revoked' });
    },
    { timeout: ms, interval: 20 },
  );
}

/** Two databases to share: a SQLite file, or a PostgreSQL schema (URLs through a proxy on request). */
async function sharedDatabase(dialect: Dialect) {
  if (dialect === 'sqlite') {
    const folder = mkdtempSync(join(tmpdir(), 'tessera-revocation-'));
    return { url: () => `sqlite:${join(folder, 'tessera.db')}`, drop: async () => rmSync(folder, { recursive: true, force: true }) };
  }
  const schema = await createTestSchema();
  return { url: (port?: number) => schema.url(port === undefined ? {} : { port }), drop: () => schema.drop() };
}

/** Each way a session ends: it runs on instance A against `victim` (the session whose token B must now refuse). */
const revocationPaths: Array<{ path: string; revoke(a: Instance, victim: Session, clock: TestClock): Promise<void> }> = [
  {
    path: 'logout',
    async revoke(a, victim) {
      const res = await a.request('/auth/logout', { method: 'POST', json: { refresh_token: victim.refreshToken } });
      expect(res.status).toBe(204);
    },
  },
  {
    path: 'logout-all',
    async revoke(a, victim) {
      const other = await login(a, victim.email);
      const res = await a.request('/auth/logout-all', { method: 'POST', headers: bearer(other.accessToken) });
      expect(res.status).toBe(204);
    },
  },
  {
    path: 'session revoke (DELETE /sessions/:id)',
    async revoke(a, victim) {
      const other = await login(a, victim.email);
      const res = await a.request(`/auth/sessions/${victim.sessionId}`, { method: 'DELETE', headers: bearer(other.accessToken) });
      expect(res.status).toBe(204);
    },
  },
  {
    path: 'password change (revokes every other session)',
    async revoke(a, victim) {
      const owner = await login(a, victim.email);
      const res = await a.request('/auth/password', {
        method: 'POST',
        headers: bearer(owner.accessToken),
        json: { current_password: PASSWORD, new_password: `${PASSWORD} again` },
      });
      expect(res.status).toBe(204);
    },
  },
  {
    path: 'refresh token reuse detection',
    async revoke(a, victim, clock) {
      const first = (await (await refresh(a, victim.refreshToken)).json()) as TokenBody;
      expect((await refresh(a, first.refresh_token!)).status).toBe(200);
      clock.advance(11_000); // past the reuse grace window: the original token is now a stolen copy
      const reuse = await refresh(a, victim.refreshToken);
      expect(reuse.status).toBe(401);
      expect(await reuse.json()).toMatchObject({ code: 'refresh_token_reused' });
    },
  },
  {
    path: 'admin revoke (tessera sessions revoke)',
    async revoke(a, victim) {
      const core = await a.tessera.ready();
      expect(await core.sessions.revoke(victim.sessionId, 'admin')).toBe(true);
    },
  },
];

describe.each(dialects)('instant revocation across two instances on %s', (dialect) => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function pair(options: TesseraOptions = {}) {
    const database = await sharedDatabase(dialect);
    cleanup.push(() => database.drop());
    const clock = createClock(Date.now());
    const a = await startInstance(database.url(), clock, options);
    cleanup.push(() => a.close());
    const b = await startInstance(database.url(), clock, options);
    cleanup.push(() => b.close());
    return { database, clock, a, b };
  }

  it.each(revocationPaths)("$path on instance A stops instance B's guard within a second, and after B restarts", async ({ revoke }) => {
    const { database, clock, a, b } = await pair();
    const victim = await register(a);
    await expectAccepted(b, victim.accessToken);

    await revoke(a, victim, clock);
    await expectRefusedWithin(b, victim.accessToken, 1_000);
    await expectRefusedWithin(a, victim.accessToken, 1_000);
    // The same answer for apps that verify by hand, and on Tessera's own Bearer routes.
    await expect(b.tessera.verifyAccessToken(victim.accessToken)).rejects.toMatchObject({ code: 'session_revoked' });
    expect((await b.request('/auth/me', { headers: bearer(victim.accessToken) })).status).toBe(401);

    // A restart learns the revocations of the last access-token lifetime from the log before it answers.
    await b.close();
    cleanup.pop();
    const restarted = await startInstance(database.url(), clock);
    cleanup.push(() => restarted.close());
    const res = await restarted.guarded(victim.accessToken);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'session_revoked' });
  });

  it("keeps the other sessions working: only the revoked session's tokens are refused", async () => {
    const { a, b } = await pair();
    const victim = await register(a);
    const other = await login(a, victim.email);
    await revocationPaths[0]!.revoke(a, victim, createClock());
    await expectRefusedWithin(b, victim.accessToken, 1_000);
    await expectAccepted(b, other.accessToken);
  });

  it('with INSTANT_REVOCATION=false the revoked token keeps working until it expires (the attack, as it was)', async () => {
    const { a, b } = await pair({ instantRevocation: false });
    const victim = await register(a);
    await revocationPaths[0]!.revoke(a, victim, createClock());
    await expectAccepted(b, victim.accessToken);
    await expectAccepted(a, victim.accessToken);
    // The per-request database check still refuses it, for the routes that ask.
    const me = await b.request('/auth/me', { headers: bearer(victim.accessToken) });
    expect(me.status).toBe(401);
  });

  it('forgets a revocation once every access token of its session has expired', async () => {
    const { a, b, clock } = await pair({ accessTokenTtl: 60 });
    const victim = await register(a);
    await revocationPaths[0]!.revoke(a, victim, clock);
    await expectRefusedWithin(b, victim.accessToken, 1_000);
    const core = await b.tessera.ready();
    expect(core.revokedSessions.size).toBe(1);
    clock.advance(60_000 + 60_000 + 1); // the token's lifetime, plus the margin for clocks
    // The next revocation sweeps the expired entry; the old token is refused as expired anyway.
    const next = await register(a);
    await revocationPaths[0]!.revoke(a, next, clock);
    await vi.waitFor(() => expect(core.revokedSessions.has(next.sessionId)).toBe(true), { timeout: 1_000 });
    expect(core.revokedSessions.has(victim.sessionId)).toBe(false);
    expect(core.revokedSessions.size).toBe(1);
    expect(await (await b.guarded(victim.accessToken)).json()).toMatchObject({ code: 'token_expired' });
  });

  it.runIf(dialect === 'postgres')(
    'does not lose a revocation made while B could not reach PostgreSQL',
    async () => {
      const database = await sharedDatabase(dialect);
      cleanup.push(() => database.drop());
      const proxy: TcpProxy = await startTcpProxy({
        host: new URL(TEST_POSTGRES_URL).hostname,
        port: Number(new URL(TEST_POSTGRES_URL).port || 5432),
      });
      cleanup.push(() => proxy.close());
      const clock = createClock(Date.now());
      const a = await startInstance(database.url(), clock);
      cleanup.push(() => a.close());
      const b = await startInstance(database.url(proxy.port), clock);
      cleanup.push(() => b.close());
      const victim = await register(a);
      await expectAccepted(b, victim.accessToken);

      proxy.cut(); // B's pool and its listening connection are reset; the NOTIFY below never reaches B
      await revocationPaths[0]!.revoke(a, victim, clock);
      await expectRefusedWithin(a, victim.accessToken, 1_000);
      proxy.restore();
      // B listens again (backoff up to 5 s), then reloads the window from the log.
      await expectRefusedWithin(b, victim.accessToken, 15_000);
    },
    30_000,
  );
});
