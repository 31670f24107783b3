import { Hono } from 'hono';
import { describe, expect, it, vi } from 'vitest';
import { createTessera } from '../tessera.js';
import { createTestSchema, dialects, TEST_POSTGRES_URL } from '../test/databases.js';
import { expectProblem } from '../test/flows.js';
import { startTcpProxy } from '../test/tcp-proxy.js';
import { FAST_HASH } from '../test/test-server.js';
import type { AccessClaims } from '../tokens/access-token.js';

const silent = { info() {}, warn() {}, error() {} };

describe('availability', () => {
  it('answers 503 service_unavailable while the database cannot be reached, and recovers', async () => {
    const tessera = createTessera({ databaseUrl: 'postgres://127.0.0.1:1/nowhere', logger: silent });
    try {
      const res = await tessera.fetch(new Request('http://localhost/healthz'));
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as { code: string }).code).toBe('service_unavailable');
    } finally {
      await tessera.close();
    }
  });

  it.runIf(dialects.includes('postgres'))(
    "answers 503 from guard({ checkSession }) while PostgreSQL is cut, instead of throwing into the app's own 500",
    async () => {
      const postgres = new URL(TEST_POSTGRES_URL);
      const proxy = await startTcpProxy({ host: postgres.hostname, port: Number(postgres.port || 5432) });
      const schema = await createTestSchema();
      const tessera = createTessera({ ...FAST_HASH, databaseUrl: schema.url({ port: proxy.port }), logger: silent });
      try {
        const registered = await tessera.fetch(
          new Request('http://localhost/auth/register', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
            body: JSON.stringify({ email: 'guarded@example.com', password: 'correct horse battery' }),
          }),
        );
        const { access_token: token } = (await registered.json()) as { access_token: string };
        const app = new Hono<{ Variables: { auth: AccessClaims } }>();
        app.use('/api/*', tessera.guard({ checkSession: true }));
        app.get('/api/profile', (c) => c.json({ sub: c.get('auth').sub }));
        const profile = () => app.request('/api/profile', { headers: { authorization: `Bearer ${token}` } });
        expect((await profile()).status).toBe(200);

        proxy.cut();
        const res = await profile();
        await expectProblem(res, 503, 'service_unavailable');
        expect(res.headers.get('retry-after')).toBe('5');

        proxy.restore();
        await vi.waitFor(async () => expect((await profile()).status).toBe(200), { timeout: 2_000, interval: 20 });
      } finally {
        await tessera.close();
        await proxy.close();
        await schema.drop();
      }
    },
  );
});
