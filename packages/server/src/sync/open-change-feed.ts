// The change feed that fits the database: LISTEN/NOTIFY on PostgreSQL, a polled table on SQLite.
import type { Logger } from '../config/index.js';
import type { DatabaseHandle } from '../db/database.js';
import { createLocalChangeFeed, type ChangeFeed } from './change-feed.js';
import { createPostgresChangeFeed } from './postgres-change-feed.js';
import { createSqliteChangeFeed } from './sqlite-change-feed.js';

export function openChangeFeed(handle: DatabaseHandle, options: { logger: Logger; now: () => number }): Promise<ChangeFeed> {
  if (handle.sqlite) return Promise.resolve(createSqliteChangeFeed(handle.sqlite, options));
  if (handle.dialect === 'postgres' && handle.connectionString)
    return createPostgresChangeFeed(handle.db, handle.connectionString, options);
  options.logger.warn('no change feed for this database handle: other instances learn of key rotations on their next reload');
  return Promise.resolve(createLocalChangeFeed());
}
