// Several Tessera instances share the login limiter through Redis (REDIS_URL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, PASSWORD, registerWithBody } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('login limiter on Redis', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const shared = { redisUrl, redisKeyPrefix: `tessera-test:${process.pid}:${Date.now()}:`, loginMaxFailuresPerAccount: 4 };
    a = await createTestServer('sqlite', shared);
    b = await createTestServer('sqlite', shared);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('counts failures from every instance against the same account', async () => {
    const { email } = await registerWithBody(a);
    for (const server of [a, b, a, b]) {
      await expectProblem(
        await server.request('/auth/login', { method: 'POST', json: { email, password: 'guess' } }),
        401,
        'invalid_credentials',
      );
    }
    const blocked = await a.request('/auth/login', { method: 'POST', json: { email, password: PASSWORD } });
    await expectProblem(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
  });
});
