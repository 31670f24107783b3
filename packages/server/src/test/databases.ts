// The dialects every storage test runs on: SQLite always, PostgreSQL unless TESSERA_TEST_DIALECTS leaves it out.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { openDatabase, type DatabaseHandle, type Dialect } from '../db/database.js';

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;

export const dialects: Dialect[] = (process.env.TESSERA_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

/**
 * A fresh, empty database: in-memory SQLite, or a schema of its own in PostgreSQL. Within a test run the schema is
 * dropped by the run's global teardown (global-setup.ts explains why not here); outside one, on close.
 */
export async function openTestDatabase(dialect: Dialect): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') return openDatabase('sqlite::memory:');
  const schema = await createTestSchema();
  const handle = await openDatabase(schema.url());
  return {
    ...handle,
    async close() {
      await handle.close();
      if (!process.env.TESSERA_TEST_RUN) await schema.drop();
    },
  };
}

export interface TestSchema {
  /** A PostgreSQL URL whose search_path is the schema; `port` points it at a proxy, `applicationName` tags it. */
  url(options?: { port?: number; applicationName?: string }): string;
  /** Drops the schema and everything in it (within a test run, the global teardown does it: see global-setup.ts). */
  drop(): Promise<void>;
}

/** An empty PostgreSQL schema for a server that opens its own connections (a child process, or through a proxy). */
export async function createTestSchema(): Promise<TestSchema> {
  const run = process.env.TESSERA_TEST_RUN;
  const name = `t_${run ? `${run}_` : ''}${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const execute = async (statement: string) => {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(statement);
    } finally {
      await admin.end();
    }
  };
  await execute(`CREATE SCHEMA ${name}`);
  return {
    url({ port, applicationName } = {}) {
      const url = new URL(TEST_POSTGRES_URL);
      if (port !== undefined) {
        url.hostname = '127.0.0.1';
        url.port = String(port);
      }
      url.searchParams.set('options', `-c search_path=${name}`);
      if (applicationName) url.searchParams.set('application_name', applicationName);
      return url.toString();
    },
    // Within a test run the global teardown drops it, after every file: see global-setup.ts.
    drop: async () => {
      if (!run) await execute(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    },
  };
}
