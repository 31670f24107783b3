import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDependencies } from './dependency-probe.js';
import { createTestSchema, dialects, TEST_POSTGRES_URL, type TestSchema } from '../test/databases.js';
import { startTcpProxy, type TcpProxy } from '../test/tcp-proxy.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.skipIf(!dialects.includes('postgres'))('probeDependencies', () => {
  let schema: TestSchema;
  let database: TcpProxy;
  let redis: TcpProxy;
  beforeAll(async () => {
    schema = await createTestSchema();
    const target = new URL(TEST_POSTGRES_URL);
    database = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const redisTarget = new URL(REDIS_URL);
    redis = await startTcpProxy({ host: redisTarget.hostname, port: Number(redisTarget.port || 6379) });
  });
  afterAll(async () => {
    await database?.close();
    await redis?.close();
    await schema?.drop();
  });

  it('succeeds while PostgreSQL and Redis answer, and fails with the reason while either is cut', async () => {
    const config = { databaseUrl: schema.url({ port: database.port }), redisUrl: `redis://127.0.0.1:${redis.port}` };
    await probeDependencies(config);

    database.cut();
    await expect(probeDependencies(config)).rejects.toThrow(/ECONNRESET|terminated|closed/i);
    database.restore();

    redis.cut();
    await expect(probeDependencies(config)).rejects.toThrow();
    redis.restore();

    await probeDependencies(config);
  });
});
