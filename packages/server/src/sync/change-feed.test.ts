// Instances on one database hear each other's changes, and a feed that lost its connection catches up by itself.
import { sql } from 'kysely';
import { describe, expect, it, vi } from 'vitest';
import { migrateToLatest } from '../db/migrations.js';
import { dialects, openTestDatabase } from '../test/databases.js';
import { openChangeFeed } from './open-change-feed.js';

const silent = { info() {}, warn() {}, error() {} };

describe.each(dialects)('change feed on %s', (dialect) => {
  it("delivers one instance's change to the others and to itself", async () => {
    const database = await openTestDatabase(dialect);
    await migrateToLatest(database.db, dialect);
    const [a, b] = await Promise.all([1, 2].map(() => openChangeFeed(database, { logger: silent, now: Date.now })));
    try {
      const heardByA = vi.fn();
      const heardByB = vi.fn();
      a!.subscribe('keys', heardByA);
      b!.subscribe('keys', heardByB);
      await a!.publish('keys');
      await vi.waitFor(() => expect(heardByB).toHaveBeenCalledTimes(1), { timeout: 2_000 });
      await vi.waitFor(() => expect(heardByA).toHaveBeenCalledTimes(1), { timeout: 2_000 });
    } finally {
      await a!.close();
      await b!.close();
      await database.close();
    }
  });

  it.runIf(dialect === 'postgres')('listens again after its connection is killed, and tells its listeners to catch up', async () => {
    const database = await openTestDatabase(dialect);
    await migrateToLatest(database.db, dialect);
    const feed = await openChangeFeed(database, { logger: silent, now: Date.now });
    const other = await openChangeFeed(database, { logger: silent, now: Date.now });
    try {
      const heard = vi.fn();
      feed.subscribe('keys', heard);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tessera-change-feed' and pid <> pg_backend_pid()`.execute(
        database.db,
      );
      // The reconnect announces every topic, since changes may have been missed while it was away.
      await vi.waitFor(() => expect(heard).toHaveBeenCalled(), { timeout: 5_000 });
      heard.mockClear();
      await other.publish('keys');
      await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1), { timeout: 5_000 });
    } finally {
      await feed.close();
      await other.close();
      await database.close();
    }
  });
});
