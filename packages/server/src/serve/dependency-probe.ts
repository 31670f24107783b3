// probeDependencies: whether the database (and Redis, when configured) answer, checked cheaply. The cluster
// primary runs it four times a second through an outage, to start workers the moment they can start.
import { sql } from 'kysely';
import type { ResolvedConfig } from '../config/index.js';
import { openDatabase } from '../db/database.js';

/** Resolves when every dependency start-up needs answers; rejects with the first one's error otherwise. */
export async function probeDependencies(config: Pick<ResolvedConfig, 'databaseUrl' | 'redisUrl'>): Promise<void> {
  const handle = await openDatabase(config.databaseUrl);
  try {
    await sql`select 1`.execute(handle.db);
  } finally {
    await handle.close();
  }
  if (!config.redisUrl) return;
  const { Redis } = await import('ioredis');
  // One try, no reconnecting and no queueing: the probe itself is the retry loop.
  const redis = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // the rejected connect() below says it
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}
