// The demo backend: Tessera mounted at /auth (as dj-rest-auth is in the seeds) plus a protected posts API.
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { RequestContext, Tessera } from '@tessera/server';
import { ensurePosts, listPosts } from './posts.js';

export async function createApiApp(tessera: Tessera) {
  const core = await tessera.ready();
  await ensurePosts(core.db, core.dialect);

  const app = new Hono<{ Bindings: RequestContext }>();
  // Tessera answers its own routes (auth, JWKS, health); everything else is this app's.
  app.use('*', async (c, next) => (tessera.handles(c.req.path) ? tessera.fetch(c.req.raw, c.env) : next()));
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (tessera.config.corsAllowedOrigins.includes(origin) ? origin : null),
      credentials: true,
      allowHeaders: ['Authorization', 'Content-Type'],
    }),
  );

  app.get('/api/posts', tessera.guard(), async (c) => c.json({ posts: await listPosts(core.db), user_id: c.get('auth').sub }));
  // The same claims without touching the database: what the benchmark's guarded route measures.
  app.get('/api/whoami', tessera.guard(), (c) => c.json(c.get('auth')));

  app.get('/', (c) =>
    c.json({
      name: 'Tessera demo API',
      auth: `${tessera.config.basePath}/openapi.json`,
      jwks: '/.well-known/jwks.json',
      posts: '/api/posts (Bearer)',
    }),
  );
  app.notFound((c) =>
    c.json({ type: 'urn:tessera:error:not_found', title: 'Not found', status: 404, detail: 'No such endpoint', code: 'not_found' }, 404, {
      'Content-Type': 'application/problem+json',
    }),
  );
  return app;
}
