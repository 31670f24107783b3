// The errors that become 503 are the ones the drivers really raise: each case makes the failure happen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dialects, TEST_POSTGRES_URL } from '../test/databases.js';
import { databaseUnavailable, isDatabaseUnavailable } from './database-errors.js';

const caught = async (work: () => unknown): Promise<unknown> => {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('isDatabaseUnavailable on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-busy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is true for SQLITE_BUSY once the busy timeout is spent', async () => {
    const holder = new SQLite(join(dir, 'busy.db'));
    const waiter = new SQLite(join(dir, 'busy.db'));
    try {
      holder.exec('CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)');
      waiter.pragma('busy_timeout = 0');
      const error = await caught(() => waiter.exec('INSERT INTO t VALUES (2)'));
      expect(error).toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
      expect(isDatabaseUnavailable(error)).toBe(true);
    } finally {
      holder.close();
      waiter.close();
    }
  });

  it('is false for a constraint violation', async () => {
    const db = new SQLite(':memory:');
    db.exec('CREATE TABLE t (x UNIQUE); INSERT INTO t VALUES (1)');
    expect(isDatabaseUnavailable(await caught(() => db.exec('INSERT INTO t VALUES (1)')))).toBe(false);
    db.close();
  });
});

describe.runIf(dialects.includes('postgres'))('isDatabaseUnavailable on PostgreSQL', () => {
  it('is true when nothing listens on the port', async () => {
    const client = new pg.Client({ host: '127.0.0.1', port: 1, user: 'nobody', database: 'nothing' });
    expect(isDatabaseUnavailable(await caught(() => client.connect()))).toBe(true);
  });

  it('is true for a query on a connection that pg_terminate_backend ended, and for the next one', async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    client.on('error', () => {});
    await client.connect();
    try {
      const killer = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await killer.connect();
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      const running = caught(() => client.query('select pg_sleep(5)'));
      await killer.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
      await killer.end();
      // 57P01 "terminating connection due to administrator command", or pg's "Connection terminated unexpectedly".
      expect(isDatabaseUnavailable(await running)).toBe(true);
      // The client is broken now: "Client has encountered a connection error and is not queryable".
      expect(isDatabaseUnavailable(await caught(() => client.query('select 1')))).toBe(true);
    } finally {
      await client.end().catch(() => {});
    }
  });

  it('is true when the pool has no connection to give within its timeout', async () => {
    const pool = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1, connectionTimeoutMillis: 10_000 });
    const held = await pool.connect();
    // Short only for the wait under test: a first connection on a loaded machine can take longer than 50 ms.
    pool.options.connectionTimeoutMillis = 50;
    try {
      expect(isDatabaseUnavailable(await caught(() => pool.query('select 1')))).toBe(true);
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('is false for a unique violation or a syntax error', async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query('create temporary table t (x int unique)');
      await client.query('insert into t values (1)');
      expect(isDatabaseUnavailable(await caught(() => client.query('insert into t values (1)')))).toBe(false);
      expect(isDatabaseUnavailable(await caught(() => client.query('selec 1')))).toBe(false);
    } finally {
      await client.end();
    }
  });
});

describe('isDatabaseUnavailable on wrapped and foreign errors', () => {
  it('follows `cause` to the driver error', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    expect(isDatabaseUnavailable(new Error('query failed', { cause: reset }))).toBe(true);
  });

  it('is false for programming errors and non-errors', () => {
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNRESET')).toBe(false);
  });
});

describe('databaseUnavailable', () => {
  it('is a 503 service_unavailable with Retry-After that keeps the driver error as its cause only', () => {
    const cause = new Error('Connection terminated unexpectedly');
    const error = databaseUnavailable(cause);
    expect(error).toMatchObject({ code: 'service_unavailable', status: 503, headers: { 'Retry-After': '5' }, cause });
    expect(error.toProblem().detail).not.toContain('terminated');
  });
});
