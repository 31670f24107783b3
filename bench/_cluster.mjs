import cluster from 'node:cluster';
import { fork, execFile } from 'node:child_process';
import { promisify } from 'node:util';
if (cluster.isPrimary) {
  const env = { ...process.env, DATABASE_URL: 'sqlite:/tmp/prof/c.db', JWT_COOKIE_SECURE: 'false', PORT: '4701' };
  // init once
  const { createTessera, optionsFromEnv } = await import('@tessera/server');
  const t = createTessera(optionsFromEnv(env));
  await t.ready();
  await t.close();
  const n = Number(process.env.W ?? 2);
  for (let i = 0; i < n; i++) cluster.fork(env);
  await new Promise((r) => setTimeout(r, 1500));
  const url = 'http://127.0.0.1:4701';
  const post = async (p, b) =>
    (
      await fetch(url + p, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
        body: JSON.stringify(b),
      })
    ).json();
  await post('/auth/register', { email: `c${Date.now()}@example.com`, password: 'password123' }).catch(() => {});
  const tokens = [];
  const email = `d${Date.now()}@example.com`;
  await post('/auth/register', { email, password: 'password123' });
  for (let i = 0; i < 20; i++) tokens.push((await post('/auth/login', { email, password: 'password123' })).refresh_token);
  const { stdout } = await promisify(execFile)(process.execPath, [
    'bench/load.js',
    JSON.stringify({
      url,
      duration: 5,
      path: '/auth/refresh',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      mode: 'refresh-chain',
      tokens,
      connections: 10,
    }),
  ]);
  console.log('workers', n, stdout);
  for (const w of Object.values(cluster.workers)) w.kill();
} else {
  await import('./server.js');
}
