// Tessera load benchmark: guarded vs bare route, refresh with rotation on SQLite and PostgreSQL, login, and refresh
// latency under a login flood. Server and load generator run as separate processes; every figure comes from the same
// run on the same machine.
// Usage: npm run bench  (env BENCH_DURATION seconds per phase, default 10; BENCH_PHASES, BENCH_POSTGRES_URL: README)
import { fork, execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hash } from '@node-rs/argon2';
import { openDatabase } from '@tessera/server';

const here = new URL('.', import.meta.url).pathname;
const duration = Number(process.env.BENCH_DURATION ?? 10);
// guard: bare vs guarded route; refresh: refresh with rotation, 1 process and 2 workers, on SQLite and PostgreSQL;
// login: argon2id alone, then login; flood: refresh latency while logins flood. BENCH_PHASES=refresh for a short
// database comparison.
const PHASES = ['guard', 'refresh', 'login', 'flood'];
const phases = new Set((process.env.BENCH_PHASES ?? PHASES.join(',')).split(',').map((phase) => phase.trim()));
for (const phase of phases) {
  if (!PHASES.includes(phase)) throw new Error(`BENCH_PHASES: unknown phase "${phase}"; known: ${PHASES.join(', ')}`);
}
// The refresh phases also run on PostgreSQL, in a schema of their own in this database, dropped at the end.
const postgresUrl = process.env.BENCH_POSTGRES_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;
const withPostgres = phases.has('refresh') && postgresUrl !== 'off';
const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-'));
const sqliteUrl = `sqlite:${join(dir, 'bench.db')}`;
const env = {
  ...process.env,
  JWT_COOKIE_SECURE: 'false',
  // The bench logs in far more often than a person would, one account from one address: every login in flight holds
  // a reservation on the limiter's counters until it succeeds, so the limits must exceed the connections.
  LOGIN_MAX_FAILURES_PER_IP: '1000000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: '1000000',
  LOGIN_MAX_FAILURES_PER_ACCOUNT: '1000000',
};

function startServer(workers, databaseUrl, extraEnv = {}) {
  const child = fork(join(here, 'server.js'), {
    env: { ...env, DATABASE_URL: databaseUrl, BENCH_WORKERS: String(workers), ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve) => child.once('message', ({ url }) => resolve({ child, url })));
}
async function stopServer(child) {
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
}

/** The server every helper below talks to: its URL for the load, its process for CPU time. */
let server;
let url;
async function serve(workers, databaseUrl) {
  ({ child: server, url } = await startServer(workers, databaseUrl));
}

// wrk (C) when installed: it needs far less CPU per request than autocannon, which matters on a 2-core machine
// where the load generator and the server share the cores. BENCH_LOADGEN=autocannon forces autocannon.
const loadgen =
  process.env.BENCH_LOADGEN ??
  (await promisify(execFile)('wrk', ['--version']).then(
    () => 'wrk',
    (e) => (e.code === 'ENOENT' ? 'autocannon' : 'wrk'),
  ));

async function serverCpu() {
  server.send('cpu');
  const { cpu } = await new Promise((resolve) => server.once('message', resolve));
  return cpu;
}

async function load(spec) {
  // Phases that run side by side share the server's CPU, so only solo phases report CPU per request.
  const before = spec.concurrent ? undefined : await serverCpu();
  const result = await (loadgen === 'wrk' ? loadWrk(spec) : loadAutocannon(spec));
  result.cpuPerRequest = before !== undefined && result.requests > 0 ? ((await serverCpu()) - before) / result.requests : NaN;
  return result;
}

async function loadAutocannon(spec) {
  const { stdout } = await promisify(execFile)(process.execPath, [join(here, 'load.js'), JSON.stringify({ url, duration, ...spec })], {
    maxBuffer: 64 << 20,
  });
  return JSON.parse(stdout);
}

async function loadWrk(spec) {
  const seconds = spec.duration ?? duration;
  const wrkEnv = {
    ...process.env,
    BENCH_METHOD: spec.method ?? 'GET',
    BENCH_HEADERS: Object.entries(spec.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('|'),
  };
  if (spec.body) wrkEnv.BENCH_BODY = JSON.stringify(spec.body);
  if (spec.mode === 'refresh-chain') {
    wrkEnv.BENCH_TOKENS = join(dir, `tokens-${Math.random().toString(36).slice(2)}.txt`);
    writeFileSync(wrkEnv.BENCH_TOKENS, spec.tokens.join('\n'));
  }
  const { stdout } = await promisify(execFile)(
    'wrk',
    ['-t1', `-c${spec.connections ?? 10}`, `-d${seconds}s`, '--latency', '-s', join(here, 'wrk-request.lua'), url + spec.path],
    { env: wrkEnv },
  );
  const ms = (label) => {
    const m = new RegExp(`^\\s*${label}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(stdout);
    if (!m) return NaN;
    const value = Number(m[1]);
    return m[2] === 'us' ? value / 1000 : m[2] === 's' ? value * 1000 : value;
  };
  const total = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    requests: total,
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0),
    p50: Number(ms(50).toFixed(2)),
    p99: Number(ms(99).toFixed(2)),
    non2xx,
    errors: errors ? Number(errors[1]) + Number(errors[2]) + Number(errors[3]) : 0,
    timeouts: errors ? Number(errors[4]) : 0,
  };
}

async function post(path, body, headers = {}) {
  const res = await fetch(url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-transport': 'body', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

// Not containing the account's email (the password policy refuses that, see credentials/password-policy.ts).
const password = 'load test passphrase 7';
const register = () => post('/auth/register', { email: 'bench@example.com', password });
async function refreshTokens(count) {
  const tokens = [];
  for (let i = 0; i < count; i++) tokens.push((await post('/auth/login', { email: 'bench@example.com', password })).refresh_token);
  return tokens;
}

const results = {};
const row = (name, r) => {
  results[name] = r;
  const bad = r.non2xx + r.errors + r.timeouts + (r.chainFailures ?? 0);
  console.log(
    `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} req/s   p50 ${String(r.p50).padStart(6)} ms   p99 ${String(r.p99).padStart(6)} ms   server CPU ${Number.isNaN(r.cpuPerRequest) ? '    -' : r.cpuPerRequest.toFixed(0).padStart(5)} µs/req${bad ? `   (${bad} failed)` : ''}`,
  );
};

console.log(
  `Tessera benchmark: ${cpus().length} cores, ${cpus()[0]?.model}, node ${process.version}, ${duration}s per phase, phases ${[...phases].join(', ')}, SQLite${withPostgres ? ' and PostgreSQL' : ''}, load from ${loadgen}\n`,
);

/** Refreshes with real rotation: every request spends a token and returns its successor to the pool. */
const refreshLoad = async (connections, { tokens, ...extra } = {}) =>
  load({
    path: '/auth/refresh',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    mode: 'refresh-chain',
    tokens: tokens ?? (await refreshTokens(connections * 2)),
    connections,
    ...extra,
  });
/** One refresh phase on the running server. A server that has not run a phase yet gets 2 s of the same load first, so
 * JIT and caches are not part of the figure and every database and worker count starts alike. */
async function refreshPhase(label, { warm = false } = {}) {
  if (!warm) await refreshLoad(10, { duration: 2 });
  row(`refresh, ${label}`, await refreshLoad(10));
}

await serve(1, sqliteUrl);
const signup = await register();
const bearer = { authorization: `Bearer ${signup.access_token}` };

// Bare and guarded alternate, three rounds each, and the medians are compared: drift on a shared machine then
// hits both alike. Both requests carry the same Authorization header, so only the guard's work differs.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bareRuns = [];
const guardedRuns = [];
const unrevokedRuns = [];
// The guard runs with instant revocation on (the default): its in-memory set holds BENCH_REVOKED revoked sessions,
// written to the revocation log as other instances would, and one real logout proves the bench server refuses.
const revokedCount = Number(process.env.BENCH_REVOKED ?? 10_000);
async function fillRevocations() {
  const log = await openDatabase(sqliteUrl);
  try {
    const at = Date.now();
    for (let i = 0; i < revokedCount; i += 500) {
      const values = Array.from({ length: Math.min(500, revokedCount - i) }, () => ({ session_id: randomUUID(), revoked_at: at }));
      await log.db.insertInto('session_revocations').values(values).execute();
    }
  } finally {
    await log.close();
  }
  const revoked = await post('/auth/login', { email: 'bench@example.com', password });
  const logout = await fetch(`${url}/auth/logout`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: revoked.refresh_token }),
  });
  if (logout.status !== 204) throw new Error(`/auth/logout: ${logout.status}`);
  // The server polls the log four times a second; a second is plenty.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const refused = await fetch(`${url}/bench/guarded`, { headers: { authorization: `Bearer ${revoked.access_token}` } });
  if (refused.status !== 401) throw new Error(`the guard let a revoked session through (${refused.status}): is revocation on?`);
}
if (phases.has('guard')) {
  await fillRevocations();
  // The same guard with INSTANT_REVOCATION=false, in a second process on the same file (idle while the first is
  // loaded): what the revocation check itself costs.
  const off = await startServer(1, sqliteUrl, { INSTANT_REVOCATION: 'false' });
  const onServer = async (other, work) => {
    const saved = [server, url];
    [server, url] = [other.child, other.url];
    try {
      return await work();
    } finally {
      [server, url] = saved;
    }
  };
  // Warm-up so JIT and caches are not part of the first figure.
  await load({ path: '/bench/guarded', headers: bearer, connections: 10, duration: 2 });
  await onServer(off, () => load({ path: '/bench/guarded', headers: bearer, connections: 10, duration: 2 }));
  for (let round = 1; round <= rounds; round++) {
    bareRuns.push(await load({ path: '/bench/bare', headers: bearer, connections: 10 }));
    row(`GET bare route, round ${round}`, bareRuns.at(-1));
    guardedRuns.push(await load({ path: '/bench/guarded', headers: bearer, connections: 10 }));
    row(`GET guarded + revocation, round ${round}`, guardedRuns.at(-1));
    unrevokedRuns.push(await onServer(off, () => load({ path: '/bench/guarded', headers: bearer, connections: 10 })));
    row(`GET guarded, revocation off, round ${round}`, unrevokedRuns.at(-1));
  }
  await stopServer(off.child);
}
if (phases.has('refresh')) await refreshPhase('SQLite, 1 process', { warm: phases.has('guard') });

let argon2Rate;
if (phases.has('login')) {
  // The floor for login: how many argon2id hashes per second this machine does with the server's parameters and concurrency.
  const hashConcurrency = Math.max(1, cpus().length - 1);
  const started = performance.now();
  let hashes = 0;
  await Promise.all(
    Array.from({ length: hashConcurrency }, async () => {
      while (performance.now() - started < 3000) {
        await hash(password, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
        hashes++;
      }
    }),
  );
  argon2Rate = hashes / ((performance.now() - started) / 1000);
  console.log(`${'argon2id alone (same process count)'.padEnd(34)} ${argon2Rate.toFixed(0).padStart(8)} hash/s`);
  row(
    'POST /auth/login',
    await load({
      path: '/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
      body: { email: 'bench@example.com', password },
      connections: 10,
    }),
  );
}

let refreshDuringFlood;
if (phases.has('flood')) {
  const refreshTokensUnderFlood = await refreshTokens(10);
  let flood;
  [flood, refreshDuringFlood] = await Promise.all([
    load({
      path: '/auth/login',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-token-transport': 'body' },
      body: { email: 'bench@example.com', password },
      connections: 20,
      concurrent: true,
    }),
    // Tokens made before the flood starts, so no login of theirs queues behind it.
    refreshLoad(5, { tokens: refreshTokensUnderFlood, concurrent: true }),
  ]);
  row('login flood (20 connections)', flood);
  row('  refresh meanwhile (5 conns)', refreshDuringFlood);
}

await stopServer(server);

// The same refresh load against two cluster workers on one database (WORKERS=2 in production).
if (phases.has('refresh')) {
  await serve(2, sqliteUrl);
  await refreshPhase('SQLite, 2 workers');
  await stopServer(server);
}

if (withPostgres) {
  // A fresh schema in the given database (the test suites do the same), so no earlier data or bloat counts.
  const admin = await openDatabase(postgresUrl);
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  await admin.db.schema
    .createSchema(schema)
    .execute()
    .catch(async (error) => {
      await admin.close();
      throw new Error(`PostgreSQL at ${postgresUrl}: ${error.message} (set BENCH_POSTGRES_URL, or BENCH_POSTGRES_URL=off to skip)`);
    });
  const schemaUrl = new URL(postgresUrl);
  schemaUrl.searchParams.set('options', `-c search_path=${schema}`);
  try {
    await serve(1, schemaUrl.toString());
    await register();
    await refreshPhase('PostgreSQL, 1 process');
    await stopServer(server);
    await serve(2, schemaUrl.toString());
    await refreshPhase('PostgreSQL, 2 workers');
    await stopServer(server);
  } finally {
    if (server.exitCode === null && server.signalCode === null) await stopServer(server);
    await admin.db.schema.dropSchema(schema).ifExists().cascade().execute();
    await admin.close();
  }
}
// Only now: the load generator keeps its token pools in this directory.
rmSync(dir, { recursive: true, force: true });

console.log('\nTargets');
const check = (ok, text) => console.log(`  ${ok ? 'met ' : 'MISS'}  ${text}`);
if (phases.has('guard')) {
  const guardedShare = median(guardedRuns.map((r) => r.rps)) / median(bareRuns.map((r) => r.rps));
  check(
    guardedShare >= 0.85,
    `guarded route with instant revocation (${revokedCount} sessions revoked) at ${(guardedShare * 100).toFixed(0)}% of the bare route: ${median(guardedRuns.map((r) => r.rps)).toFixed(0)} vs ${median(bareRuns.map((r) => r.rps)).toFixed(0)} req/s, medians of ${rounds} rounds (target >= 85%)`,
  );
  const cpu = (runs) => median(runs.map((r) => r.cpuPerRequest)).toFixed(0);
  console.log(
    `        server CPU per request, medians: bare ${cpu(bareRuns)} µs, guarded + revocation ${cpu(guardedRuns)} µs, guarded with revocation off ${cpu(unrevokedRuns)} µs (${median(unrevokedRuns.map((r) => r.rps)).toFixed(0)} req/s)`,
  );
}
const refreshTarget = (label, target) => {
  const one = results[`refresh, ${label}, 1 process`].rps;
  const two = results[`refresh, ${label}, 2 workers`].rps;
  check(
    Math.max(one, two) >= target,
    `refresh on ${label} at ${one.toFixed(0)} req/s in one process, ${two.toFixed(0)} req/s with 2 workers (target >= ${target})`,
  );
};
if (phases.has('refresh')) refreshTarget('SQLite', 3000);
if (withPostgres) refreshTarget('PostgreSQL', 2500);
if (phases.has('login')) {
  check(
    results['POST /auth/login'].rps >= argon2Rate * 0.8,
    `login at ${results['POST /auth/login'].rps.toFixed(0)} req/s against ${argon2Rate.toFixed(0)} argon2id hash/s (bound by hashing)`,
  );
}
if (phases.has('flood')) check(refreshDuringFlood.p99 < 50, `refresh p99 ${refreshDuringFlood.p99} ms while logins flood (target < 50 ms)`);
