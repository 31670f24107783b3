// Mounting Tessera in Express (a Node framework) and as Next.js App Router route handlers.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTessera, type Tessera } from '../tessera.js';
import { FAST_HASH, refreshCookieOf } from '../test/test-server.js';
import { toNextHandlers } from './next.js';
import { toNodeMiddleware } from './node.js';

const silent = { info() {}, warn() {}, error() {} };

describe('Express', () => {
  let tessera: Tessera;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    tessera = createTessera({
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      cookie: { secure: false },
      corsAllowedOrigins: ['http://app.test'],
      logger: silent,
    });
    const app = express();
    app.use(toNodeMiddleware(tessera));
    app.use(express.json());
    app.get('/api/profile', async (req, res) => {
      try {
        const claims = await tessera.authenticate(
          new Request('http://x', { headers: { authorization: req.headers.authorization ?? '' } }),
          { checkSession: true },
        );
        res.json({ sub: claims.sub });
      } catch (error) {
        res.status(401).json({ code: (error as { code: string }).code });
      }
    });
    app.post('/api/echo', (req, res) => res.json(req.body));
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await tessera.close();
  });

  it('registers, refreshes through the cookie and guards an Express route', async () => {
    const reg = await fetch(`${url}/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'express@example.com', password: 'correct horse battery' }),
    });
    expect(reg.status).toBe(201);
    const cookie = refreshCookieOf(reg)!;
    const refreshed = await fetch(`${url}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://app.test', cookie: `refresh_token=${cookie}` },
      body: '{}',
    });
    expect(refreshed.status).toBe(200);
    const { access_token } = (await refreshed.json()) as { access_token: string };
    const profile = await fetch(`${url}/api/profile`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(await profile.json()).toEqual({ sub: expect.any(String) });
    expect((await fetch(`${url}/api/profile`)).status).toBe(401);
  });

  it("leaves the app's own routes and body parser alone", async () => {
    const res = await fetch(`${url}/api/echo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(await res.json()).toEqual({ a: 1 });
  });
});

describe('Next.js route handlers', () => {
  it('answers plain Requests as Next.js passes them to app/auth/[...tessera]/route.ts', async () => {
    const tessera = createTessera({
      ...FAST_HASH,
      databaseUrl: 'sqlite::memory:',
      cookie: { secure: false },
      corsAllowedOrigins: ['http://app.test'],
      logger: silent,
    });
    try {
      const { POST, GET, OPTIONS } = toNextHandlers(tessera);
      const reg = await POST(
        new Request('http://localhost:3000/auth/register', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
          body: JSON.stringify({ email: 'next@example.com', password: 'correct horse battery' }),
        }),
      );
      expect(reg.status).toBe(201);
      const { access_token } = (await reg.json()) as { access_token: string };
      const me = await GET(new Request('http://localhost:3000/auth/me', { headers: { authorization: `Bearer ${access_token}` } }));
      expect(await me.json()).toMatchObject({ email: 'next@example.com' });
      const preflight = await OPTIONS(
        new Request('http://localhost:3000/auth/login', {
          method: 'OPTIONS',
          headers: { origin: 'http://app.test', 'access-control-request-method': 'POST' },
        }),
      );
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://app.test');
    } finally {
      await tessera.close();
    }
  });
});
