// Issue 11, item 1: a dropped PostgreSQL connection used to end the process ("Connection terminated unexpectedly …
// Unhandled 'error' event"). A real `tessera start` process, on a schema of its own, must stay up through
// pg_terminate_backend and a network cut, answer 503 problem+json with Retry-After meanwhile, and recover by itself.
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestSchema, dialects, TEST_POSTGRES_URL, type TestSchema } from '../test/databases.js';
import { startServerProcess, type ServerProcess } from '../test/server-process.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';

const PASSWORD = 'correct horse battery';
/**
 * Issue 11's bound from the database's return to a served request, printed by the test; it fails only past the
 * deadline, so that a machine loaded by other suites (issue 9) measures slowly instead of failing.
 */
const RECOVERY_BOUND_MS = 2_000;
const RECOVERY_DEADLINE_MS = 15_000;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Ends every connection of the server under test (and only those: other suites share this PostgreSQL). */
const terminate = (applicationName: string) =>
  admin(async (client) => {
    const { rowCount } = await client.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      applicationName,
    ]);
    return rowCount ?? 0;
  });

const post = (server: ServerProcess, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-token-transport': 'body', ...headers },
    body: JSON.stringify(body),
  });

const login = (server: ServerProcess, email: string) => post(server, '/auth/login', { email, password: PASSWORD });
const refresh = (server: ServerProcess, token: string) => post(server, '/auth/refresh', { refresh_token: token });
const healthz = (server: ServerProcess) => fetch(`${server.url}/healthz`);

async function register(server: ServerProcess): Promise<{ email: string; refreshToken: string }> {
  const email = `outage${randomBytes(4).toString('hex')}@example.com`;
  const res = await post(server, '/auth/register', { email, password: PASSWORD });
  expect(res.status).toBe(201);
  return { email, refreshToken: ((await res.json()) as { refresh_token: string }).refresh_token };
}

/** A 503 the way the issue asks for it: problem+json, code service_unavailable, and a Retry-After. */
async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(await res.json()).toMatchObject({ status: 503, code: 'service_unavailable' });
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

describe.runIf(dialects.includes('postgres'))('a tessera process during a PostgreSQL outage', () => {
  let server: ServerProcess | undefined;
  let proxy: TcpProxy | undefined;
  let schema: TestSchema;

  beforeAll(async () => {
    schema = await createTestSchema();
  });
  afterEach(async () => {
    await server?.stop();
    await proxy?.close();
    server = proxy = undefined;
  });
  afterAll(() => schema?.drop());

  it('stays up and keeps answering while pg_terminate_backend ends its connections', async () => {
    const name = `tessera-test-terminate-${process.pid}`;
    server = await startServerProcess({ DATABASE_URL: schema.url({ applicationName: name }), REDIS_URL: '' });
    const { email } = await register(server);

    let terminated = 0;
    const statuses: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Requests in flight while their connections are ended: each gets an answer, never a reset socket.
      const requests = [healthz(server), login(server, email), healthz(server), login(server, email)];
      terminated += await terminate(name);
      for (const res of await Promise.all(requests)) {
        statuses.push(res.status);
        if (res.status === 503) await expectUnavailable(res);
        else expect(res.status).toBe(200);
      }
    }
    console.log(`pg_terminate_backend ended ${terminated} connections; answers: ${statuses.join(' ')}`);
    expect(terminated).toBeGreaterThan(0);

    // The pool opens new connections by itself.
    const res = await vi.waitFor(
      async () => {
        const answer = await login(server!, email);
        expect(answer.status).toBe(200);
        return answer;
      },
      { timeout: RECOVERY_DEADLINE_MS, interval: 20 },
    );
    expect(res.status).toBe(200);
    expect(server.exitCode()).toBeNull();
    expect(server.output()).not.toMatch(/Unhandled 'error' event|Connection terminated unexpectedly\n\s+at/);
  });

  it('answers 503 with Retry-After while the network to PostgreSQL is cut, and recovers by itself', async () => {
    proxy = await startTcpProxy({ host: new URL(TEST_POSTGRES_URL).hostname, port: Number(new URL(TEST_POSTGRES_URL).port || 5432) });
    const name = `tessera-test-cut-${process.pid}`;
    server = await startServerProcess({ DATABASE_URL: schema.url({ port: proxy.port, applicationName: name }), REDIS_URL: '' });
    const { email, refreshToken } = await register(server);

    proxy.cut();
    const latencies: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const request of [() => login(server!, email), () => refresh(server!, refreshToken), () => healthz(server!)]) {
        const started = performance.now();
        const res = await request();
        latencies.push(Math.round(performance.now() - started));
        await expectUnavailable(res);
      }
    }
    console.log(`answers during the cut took ${latencies.join(', ')} ms`);
    // Nine failed requests, one outage: a single warning, not one per request.
    expect(count(server.output(), 'database unavailable')).toBe(1);

    proxy.restore();
    const restored = performance.now();
    await vi.waitFor(async () => expect((await login(server!, email)).status).toBe(200), { timeout: RECOVERY_DEADLINE_MS, interval: 10 });
    const recoveryMs = Math.round(performance.now() - restored);
    const exceeded = recoveryMs > RECOVERY_BOUND_MS ? ', EXCEEDED' : '';
    console.log(`PostgreSQL restored: first successful login after ${recoveryMs} ms (bound ${RECOVERY_BOUND_MS} ms${exceeded})`);

    // The refresh token was never spent by the failed attempts.
    expect((await refresh(server, refreshToken)).status).toBe(200);
    expect((await healthz(server)).status).toBe(200);
    await vi.waitFor(() => expect(server!.output()).toContain('database available again'), { timeout: RECOVERY_DEADLINE_MS, interval: 50 });
    expect(server.exitCode()).toBeNull();
  });
});
