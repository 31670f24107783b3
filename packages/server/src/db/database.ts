// Opens SQLite (better-sqlite3, WAL) or PostgreSQL (pg) behind one Kysely instance.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
export type SqliteConnection = import('better-sqlite3').Database;

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The better-sqlite3 handle behind `db`, for the synchronous refresh path (see sessions/refresh-store.ts). */
  sqlite?: SqliteConnection;
  /** PostgreSQL's URL, for the connection that listens for changes (sync/postgres-change-feed.ts). */
  connectionString?: string;
  close(): Promise<void>;
}

/** `sqlite:<path>` (`sqlite::memory:` for a throwaway database) or `postgres://…`. */
export async function openDatabase(url: string): Promise<DatabaseHandle> {
  if (url.startsWith('sqlite:')) {
    const { default: SQLite } = await import('better-sqlite3');
    const path = url.slice('sqlite:'.length) || './data/tessera.db';
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  }
  const pg = await import('pg');
  const { Pool, types } = pg.default;
  const pool = new Pool({
    connectionString: url,
    max: 10,
    // Times are stored as bigint epoch milliseconds: read them back as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (value: string) => Number(value) : types.getTypeParser(oid, format as 'text')) as typeof types.getTypeParser,
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', connectionString: url, close: () => db.destroy() };
}

type SqliteHandle = { prepare(sql: string): unknown; close(): unknown };

/**
 * Kysely prepares every query anew, and preparing costs more than running for the short queries of a refresh
 * (measured: about a quarter of a refresh's CPU time). Kysely's SQL text is stable per query shape, so
 * prepared statements are reused by text, up to a bound.
 */
function withStatementCache<T extends SqliteHandle>(sqlite: T, max = 256): T {
  const statements = new Map<string, unknown>();
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (sql: string) => {
        let statement = statements.get(sql);
        if (!statement) {
          statement = target.prepare(sql);
          if (statements.size >= max) statements.delete(statements.keys().next().value!);
          statements.set(sql, statement);
        }
        return statement;
      };
    },
  });
}
