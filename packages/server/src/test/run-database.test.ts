// Issue 9: a first migration failed with 'schema "t_…" does not exist' while another test run dropped its schemas at
// its end (global-setup.ts). Each run now has a database of its own, so another run's schemas and their drop are out
// of sight of this run's migrations.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../db/migrations.js';
import { dialects, openTestDatabase, TEST_POSTGRES_URL } from './databases.js';

describe.runIf(dialects.includes('postgres'))("this run's PostgreSQL database", () => {
  const base = process.env.TESSERA_TEST_BASE_DATABASE_URL;

  it('is not the base database the other runs share', () => {
    expect(base, 'global-setup.ts could not create a database for this run').toBeDefined();
    expect(new URL(TEST_POSTGRES_URL).pathname).not.toBe(new URL(base!).pathname);
  });

  it('migrates while another run creates and drops schemas with tables in the base database', async () => {
    const other = new pg.Client({ connectionString: base });
    await other.connect();
    let churning = true;
    const churn = (async () => {
      while (churning) {
        const name = `churn_${randomBytes(6).toString('hex')}`;
        await other.query(`CREATE SCHEMA ${name}; CREATE TABLE ${name}.a (id int); CREATE TABLE ${name}.b (id int)`);
        await other.query(`DROP SCHEMA ${name} CASCADE`);
      }
    })();
    try {
      for (let round = 0; round < 8; round++) {
        const handle = await openTestDatabase('postgres');
        try {
          expect((await migrateToLatest(handle.db, 'postgres')).length, `round ${round}`).toBeGreaterThan(0);
        } finally {
          await handle.close();
        }
      }
    } finally {
      churning = false;
      await churn;
      await other.end();
    }
  });
});
