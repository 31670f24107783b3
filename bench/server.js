// Benchmark target: Tessera mounted in Hono beside two routes that answer the same claims,
// one behind the guard and one bare (the baseline), all in one process, or in BENCH_WORKERS cluster workers.
import cluster from 'node:cluster';
import { Hono } from 'hono';
import { createTessera, optionsFromEnv } from '@tessera/server';
import { serveTessera } from '@tessera/server/node';

const workers = Number(process.env.BENCH_WORKERS ?? 1);
const quiet = { info() {}, warn() {}, error: (m, f) => console.error(m, f) };
const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

if (workers > 1 && cluster.isPrimary) {
  // Migrations and keys once, then the workers; the parent talks to this primary, which sums the workers' CPU.
  const setup = createTessera({ ...optionsFromEnv(), logger: quiet });
  await setup.ready();
  await setup.close();
  for (let i = 0; i < workers; i++) cluster.fork();
  let announced = false;
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    process.send?.({ url: `http://127.0.0.1:${address.port}` });
  });
  process.on('message', async (message) => {
    if (message === 'stop') {
      for (const worker of Object.values(cluster.workers)) worker.kill('SIGTERM');
      setTimeout(() => process.exit(0), 500);
    }
    if (message === 'cpu') {
      const answers = await Promise.all(
        Object.values(cluster.workers).map(
          (worker) =>
            new Promise((resolve) => {
              worker.once('message', (m) => resolve(m.cpu));
              worker.send('cpu');
            }),
        ),
      );
      process.send?.({ cpu: answers.reduce((sum, cpu) => sum + cpu, cpuNow()) });
    }
  });
} else {
  const tessera = createTessera({ ...optionsFromEnv(), logger: quiet });
  await tessera.ready();

  // A fixed claims object of the same shape and size the guard would produce.
  const sample = {
    iss: 'tessera',
    aud: 'tessera',
    sub: '00000000-0000-0000-0000-000000000000',
    sid: '00000000-0000-0000-0000-000000000000',
    iat: 1767225600,
    exp: 1767226500,
    jti: '00000000-0000-0000-0000-000000000000',
  };

  const app = new Hono();
  app.get('/bench/bare', (c) => c.json(sample));
  app.get('/bench/guarded', tessera.guard(), (c) => c.json(c.get('auth')));
  app.all('*', (c) => tessera.fetch(c.req.raw, c.env));

  const running = await serveTessera(tessera, {
    port: Number(process.env.PORT ?? 0),
    host: '127.0.0.1',
    fetch: (req, ctx) => app.fetch(req, ctx),
  });
  if (cluster.isPrimary) process.send?.({ url: running.url });
  process.on('message', (message) => {
    if (message === 'stop') void running.close().then(() => process.exit(0));
    // CPU time used by the server, so each phase can report CPU per request: a figure that noise from other
    // processes on the machine disturbs far less than req/s.
    if (message === 'cpu') process.send?.({ cpu: cpuNow() });
  });
  process.on('SIGTERM', () => void running.close().then(() => process.exit(0)));
}
