// Opens SQLite (better-sqlite3, WAL) or PostgreSQL (pg) behind one Kysely instance.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
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

/**
 * better-sqlite3 13 (the first release that does not abort on Node.js 24 when the garbage collector finalizes a
 * statement) is a Node-API 10 module, which Node.js 20 lacks: there it segfaults on the first query instead of
 * throwing. Refuse with a message first.
 */
export function assertSqliteSupported(nodeVersion: string): void {
  const major = Number(nodeVersion.split('.')[0]);
  if (major < 22) {
    throw new Error(`SQLite needs Node.js 22 or later; this is ${nodeVersion}`);
  }
}

/** `sqlite:<path>` (`sqlite::memory:` for a throwaway database) or `postgres://…`. */
export async function openDatabase(url: string): Promise<DatabaseHandle> {
  if (url.startsWith('sqlite:')) {
    assertSqliteSupported(process.versions.node);
    const { default: SQLite } = await import('better-sqlite3');
    const path = sqlitePath(url)!;
    if (path !== ':memory:') createPrivateFile(path);
    const sqlite = new SQLite(path);
    sqlite.pragma('journal_mode = WAL');
    // SQLite gives the -wal and -shm files the database file's mode; files left by an older version are tightened.
    if (path !== ':memory:') for (const file of [`${path}-wal`, `${path}-shm`]) if (existsSync(file)) ownerOnly(file);
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
    // Shown in pg_stat_activity, so operators (and the outage tests) can tell Tessera's connections apart;
    // `application_name` in the URL wins.
    fallback_application_name: 'tessera',
    // Bounds on every wait, so a request during an outage fails within seconds (as 503, see database-errors.ts)
    // instead of hanging: opening a connection, or waiting for a free one, gives up after 2 s; a query whose
    // answer does not come within 5 s (a network that drops packets rather than refusing) fails. Tessera's
    // queries are index lookups that take milliseconds; the slowest, the hourly purge and the migrations on
    // Tessera's own tables, are far below 5 s (the Migrator looks at our schema only: migration-introspection.ts).
    connectionTimeoutMillis: 2_000,
    query_timeout: 5_000,
    // Idle connections are closed after 10 s, so few survive an outage to fail their next query.
    idleTimeoutMillis: 10_000,
    // TCP keepalive notices a peer that vanished without closing (a failed-over host) on busy connections.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    // Times are stored as bigint epoch milliseconds: read them back as numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: 'text'): unknown =>
        oid === 20 ? (value: string) => Number(value) : (types.getTypeParser(oid, format) as unknown)) as typeof types.getTypeParser,
    },
  });
  // A connection that breaks (pg_terminate_backend, a restart, a network cut) makes its pg Client emit 'error';
  // with no listener Node ends the process. The pool listens only while a client is idle, so every client gets a
  // listener of its own for the time it is checked out. Nothing else is needed: the pool discards the broken
  // client, and a query that was running on it rejects, which the HTTP layer answers as 503 (http/app.ts).
  pool.on('error', ignore);
  pool.on('connect', (client) => client.on('error', ignore));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', connectionString: url, close: () => db.destroy() };
}

function ignore(): void {}

/** The file of a `sqlite:` URL (`:memory:` for a throwaway database); undefined for other databases. */
export function sqlitePath(url: string): string | undefined {
  return url.startsWith('sqlite:') ? url.slice('sqlite:'.length) || './data/tessera.db' : undefined;
}

/**
 * The database holds password hashes and sessions: its folder is made 0700 and the file 0600 before SQLite opens
 * it (SQLite would make it 0644). A folder that exists is left alone (it may be the working directory); a database
 * file from an older version is tightened.
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  ownerOnly(path);
}

function ownerOnly(file: string): void {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
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
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => Reflect.apply(value, target, args);
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
