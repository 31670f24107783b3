// Issue 10, items 2 and 5: the login limits as an attacker meets them, over real HTTP, on both databases, counted
// in memory and in Redis. The test process plays the trusted proxy (TRUSTED_PROXIES=127.0.0.1) and names the client
// address in X-Forwarded-For, so one test can be several clients.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TesseraOptions } from '../config/index.js';
import type { Dialect } from '../db/database.js';
import { dialects } from '../test/databases.js';
import { expectProblem, PASSWORD, registerWithBody, uniqueEmail } from '../test/flows.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tessera-test:${process.pid}:${randomBytes(4).toString('hex')}:`;
const stores = ['memory', 'redis'] as const;
const matrix = dialects.flatMap((dialect) => stores.map((store) => [dialect, store] as [Dialect, (typeof stores)[number]]));

const optionsFor = (store: (typeof stores)[number], n: number): TesseraOptions => ({
  trustedProxies: ['127.0.0.1'],
  ...(store === 'redis' ? { redisUrl: REDIS_URL, redisKeyPrefix: `${prefix}${n}:` } : {}),
});

let servers = 0;
afterAll(async () => {
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const login = (server: TestServer, email: string, password: string, from: string) =>
  server.request('/auth/login', { method: 'POST', json: { email, password }, headers: { 'X-Forwarded-For': from } });

const statusesOf = async (responses: Promise<Response>[]) => {
  const settled = await Promise.all(responses);
  for (const res of settled) await res.body?.cancel();
  return settled.map((res) => res.status);
};

describe.each(matrix)('login limits on %s, counted in %s', (dialect, store) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer(dialect, optionsFor(store, ++servers));
  });
  afterAll(() => server?.close());

  it('holds a padded, re-cased spelling of a locked email to the same lockout', async () => {
    const { email } = await registerWithBody(server);
    for (let i = 0; i < 10; i++) await expectProblem(await login(server, email, `guess ${i}`, '198.51.100.1'), 401, 'invalid_credentials');
    await expectProblem(await login(server, email, PASSWORD, '198.51.100.1'), 429, 'rate_limited');
    for (const variant of [` ${email} `, email.toUpperCase(), `\t${email.toUpperCase()}\n`]) {
      await expectProblem(await login(server, variant, PASSWORD, '198.51.100.1'), 429, 'rate_limited');
    }
  });

  it('evaluates at most 10 of 40 concurrent wrong guesses, and refuses the right password at guess 60', async () => {
    const { email } = await registerWithBody(server);
    const from = '198.51.100.2';
    const first = await statusesOf(Array.from({ length: 40 }, (_, i) => login(server, email, `guess ${i}`, from)));
    expect(first.filter((status) => status !== 429)).toEqual(Array(10).fill(401));
    const rest = await statusesOf(
      Array.from({ length: 20 }, (_, i) => login(server, email, i === 19 ? PASSWORD : `guess ${40 + i}`, from)),
    );
    expect(rest).toEqual(Array(20).fill(429));
  });

  it('lets the owner sign in from their own address while an attacker fails 30 times from another', async () => {
    const { email } = await registerWithBody(server);
    const attacker = await statusesOf(Array.from({ length: 30 }, (_, i) => login(server, email, `guess ${i}`, '203.0.113.66')));
    expect(attacker.filter((status) => status === 401)).toHaveLength(10);
    expect(attacker.filter((status) => status === 429)).toHaveLength(20);
    expect((await login(server, email, PASSWORD, '192.0.2.10')).status).toBe(200);
    // The attacker's own address stays locked, the right password included.
    await expectProblem(await login(server, email, PASSWORD, '203.0.113.66'), 429, 'rate_limited');
  });

  it('throttles registrations per address with 429 and Retry-After, leaving other addresses free', async () => {
    const register = (from: string) =>
      server.request('/auth/register', {
        method: 'POST',
        json: { email: uniqueEmail(), password: PASSWORD },
        headers: { 'X-Forwarded-For': from },
      });
    for (let i = 0; i < 30; i++) expect((await register('198.51.100.30')).status).toBe(201);
    const refused = await register('198.51.100.30');
    await expectProblem(refused, 429, 'rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect((await register('198.51.100.31')).status).toBe(201);
  });
});

describe.each(dialects)('two instances sharing Redis on %s', (dialect) => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const shared = optionsFor('redis', ++servers);
    a = await createTestServer(dialect, shared);
    b = await createTestServer(dialect, shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('evaluate at most 10 of 100 concurrent guesses between them, and refuse the right password after', async () => {
    const { email } = await registerWithBody(a);
    const from = '198.51.100.40';
    const statuses = await statusesOf(Array.from({ length: 100 }, (_, i) => login(i % 2 ? a : b, email, `guess ${i}`, from)));
    expect(statuses.filter((status) => status !== 429)).toEqual(Array(10).fill(401));
    await expectProblem(await login(a, email, PASSWORD, from), 429, 'rate_limited');
  });
});

// Issue 9's flake check: under load, Redis replies came later than the client's 200 ms command timeout, each instance
// fell back to its own counter, and two instances evaluated 30 of 100 guesses. An attacker who can load the server
// (or Redis) must not get the limit per instance that way: only an unreachable Redis, or one that answers no PING,
// moves counting into the process (redis-outage.test.ts). The counter does not depend on the database: SQLite only.
describe('two instances sharing a slow Redis', () => {
  let proxy: TcpProxy;
  let a: TestServer;
  let b: TestServer;
  const warnings: string[] = [];
  beforeAll(async () => {
    const target = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const logger = {
      info() {},
      warn: (message: string) => void warnings.push(message),
      error: (message: string) => void warnings.push(message),
    };
    const shared = { ...optionsFor('redis', ++servers), redisUrl: `redis://127.0.0.1:${proxy.port}`, logger };
    a = await createTestServer('sqlite', shared);
    b = await createTestServer('sqlite', shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
  });

  it('evaluate at most 10 of 100 concurrent guesses when every Redis reply comes 300 ms late', async () => {
    const { email } = await registerWithBody(a);
    const from = '198.51.100.41';
    proxy.delay(300); // longer than a command may take before the counter asks whether Redis is there at all
    const statuses = await statusesOf(Array.from({ length: 100 }, (_, i) => login(i % 2 ? a : b, email, `guess ${i}`, from)));
    expect(statuses.filter((status) => status !== 429)).toEqual(Array(10).fill(401));
    await expectProblem(await login(a, email, PASSWORD, from), 429, 'rate_limited');
    expect(warnings.filter((message) => message.includes('Redis'))).toEqual([]);
  });
});
