// One login's latency while 40 registrations are in flight (issue 10, item 5): registrations and logins share the
// password-hashing queue; logins now wait ahead of registrations. Prints figures, asserts nothing.
// Usage: npm run build && node bench/login-under-registrations.js   (env BENCH_SERVER: another build's bench/server.js)
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const here = new URL('.', import.meta.url).pathname;
const ROUNDS = 5;
const IN_FLIGHT = 40;
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const child = fork(process.env.BENCH_SERVER ?? join(here, 'server.js'), {
  env: {
    ...process.env,
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    JWT_COOKIE_SECURE: 'false',
    BENCH_WORKERS: '1',
    // Measuring the queue, not the limits: every registration comes from 127.0.0.1.
    REGISTER_MAX_PER_IP: '1000000',
    HASH_QUEUE_MAX: '1000',
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const { url } = await new Promise((resolve) => child.once('message', resolve));
let serial = 0;
const password = 'correct horse battery staple';
const post = (path, json) =>
  fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
    body: JSON.stringify(json),
  });
const register = () => post('/auth/register', { email: `bench${Date.now()}-${++serial}@example.com`, password });

async function timedLogin(email) {
  const started = performance.now();
  const res = await post('/auth/login', { email, password });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return performance.now() - started;
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  const email = `owner${Date.now()}@example.com`;
  const created = await post('/auth/register', { email, password });
  if (created.status !== 201) throw new Error(`register answered ${created.status}`);
  await timedLogin(email);
  const idle = [];
  for (let i = 0; i < ROUNDS; i++) idle.push(await timedLogin(email));
  const busy = [];
  for (let i = 0; i < ROUNDS; i++) {
    const flood = Array.from({ length: IN_FLIGHT }, () => register().then((res) => res.arrayBuffer()));
    // Let the registrations reach the hashing queue first, so the login arrives behind them.
    await new Promise((resolve) => setTimeout(resolve, 30));
    busy.push(await timedLogin(email));
    await Promise.all(flood);
  }
  const ms = (values) => values.map((v) => v.toFixed(0)).join(', ');
  console.log(`login alone:                          median ${median(idle).toFixed(0)} ms (${ms(idle)})`);
  console.log(`login with ${IN_FLIGHT} registrations in flight: median ${median(busy).toFixed(0)} ms (${ms(busy)})`);
} finally {
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
