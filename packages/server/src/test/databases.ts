// The dialects every storage test runs on: SQLite always, PostgreSQL unless TESSERA_TEST_DIALECTS leaves it out.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import { openDatabase, type DatabaseHandle, type Dialect } from '../db/database.js';

export const TEST_POSTGRES_URL = process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;

export const dialects: Dialect[] = (process.env.TESSERA_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

/** A fresh, empty database: in-memory SQLite, or a schema of its own in PostgreSQL that is dropped on close. */
export async function openTestDatabase(dialect: Dialect): Promise<DatabaseHandle> {
  if (dialect === 'sqlite') return openDatabase('sqlite::memory:');
  const schema = await createTestSchema();
  const handle = await openDatabase(schema.url());
  return {
    ...handle,
    async close() {
      await handle.close();
      await schema.drop();
    },
  };
}

export interface TestSchema {
  /** A DATABASE_URL for the schema; through `port` on 127.0.0.1 when given (a proxy in front of PostgreSQL). */
  url(port?: number): string;
  drop(): Promise<void>;
}

/** An empty schema of its own in the test PostgreSQL, for a test that needs a URL (a server process, say). */
export async function createTestSchema(): Promise<TestSchema> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  return {
    url(port) {
      const url = new URL(TEST_POSTGRES_URL);
      if (port !== undefined) {
        url.hostname = '127.0.0.1';
        url.port = String(port);
      }
      url.searchParams.set('options', `-c search_path=${schema}`);
      return url.toString();
    },
    async drop() {
      const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}
