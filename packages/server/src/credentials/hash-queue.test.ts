// Issue 10, item 5: a registration flood shared the hashing queue with sign-ins and had no bound. Now the queue is
// bounded (HASH_QUEUE_MAX) and a flood past it is refused with 503 and Retry-After, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueEmail } from '../test/flows.js';
import { createTestServer, type TestServer } from '../test/test-server.js';

describe('a registration flood against a bounded hashing queue', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Production argon2 cost, so hashes take long enough for the flood to queue.
    server = await createTestServer('sqlite', {
      argon2: { memoryCost: 19_456, timeCost: 2, parallelism: 1 },
      hashConcurrency: 1,
      hashQueueMax: 2,
      registerMaxPerIp: 1000,
    });
  });
  afterAll(() => server?.close());

  it('is answered 201 or 503 service_unavailable with Retry-After, never 500', async () => {
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        server.request('/auth/register', { method: 'POST', json: { email: uniqueEmail(), password: PASSWORD } }),
      ),
    );
    const refused = responses.filter((res) => res.status === 503);
    expect(responses.every((res) => res.status === 201 || res.status === 503)).toBe(true);
    expect(refused.length).toBeGreaterThan(0);
    expect(responses.filter((res) => res.status === 201).length).toBeGreaterThanOrEqual(3);
    for (const res of refused) {
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.headers.get('retry-after')).toBe('1');
      expect(await res.json()).toMatchObject({ code: 'service_unavailable', status: 503 });
    }
  });
});
