// Benchmark target: Tessera mounted in Hono beside two routes that answer the same claims,
// one behind the guard and one bare (the baseline), all in one process.
import { Hono } from 'hono';
import { createTessera, optionsFromEnv } from '@tessera/server';
import { serveTessera } from '@tessera/server/node';

const tessera = createTessera({ ...optionsFromEnv(), logger: { info() {}, warn() {}, error: (m, f) => console.error(m, f) } });
await tessera.ready();

// A fixed claims object of the same shape and size the guard would produce.
const sample = { iss: 'tessera', aud: 'tessera', sub: '00000000-0000-0000-0000-000000000000', sid: '00000000-0000-0000-0000-000000000000', iat: 1767225600, exp: 1767226500, jti: '00000000-0000-0000-0000-000000000000' };

const app = new Hono();
app.get('/bench/bare', (c) => c.json(sample));
app.get('/bench/guarded', tessera.guard(), (c) => c.json(c.get('auth')));
app.all('*', (c) => tessera.fetch(c.req.raw, c.env));

const running = await serveTessera(tessera, { port: Number(process.env.PORT ?? 0), host: '127.0.0.1', fetch: (req, ctx) => app.fetch(req, ctx) });
process.send?.({ url: running.url });
process.on('message', (message) => {
  if (message === 'stop') void running.close().then(() => process.exit(0));
  // CPU time used by the server process, so each phase can report CPU per request: a figure that noise from
  // other processes on the machine disturbs far less than req/s.
  if (message === 'cpu') process.send?.({ cpu: process.cpuUsage() });
});
