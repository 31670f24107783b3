// Migrations on start: a current schema costs one read, not the Migrator's listing of every table (issue 11's 2 s
// bound from the database's return to a serving port; the flake check of issue 9 saw restarts miss it under load).
import { sql, type KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { dialects, openTestDatabase } from '../test/databases.js';
import { withSchemaIntrospection } from './migration-introspection.js';
import { migrateToLatest } from './migrations.js';

/** Counts the statements run through the returned database. */
function counting<T extends { withPlugin(plugin: KyselyPlugin): T }>(db: T): { db: T; readonly queries: number } {
  let queries = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return {
    db: db.withPlugin(plugin),
    get queries() {
      return queries;
    },
  };
}

describe.each(dialects)('migrations on %s', (dialect) => {
  it('applies every migration to an empty schema, then finds a current schema with a single read', async () => {
    const handle = await openTestDatabase(dialect);
    try {
      const applied = await migrateToLatest(handle.db, dialect);
      expect(applied.length).toBeGreaterThan(0);
      const counted = counting(handle.db);
      expect(await migrateToLatest(counted.db, dialect)).toEqual([]);
      // PostgreSQL also asks for the current schema, to read the bookkeeping table of this schema only.
      expect(counted.queries).toBe(dialect === 'postgres' ? 2 : 1);
    } finally {
      await handle.close();
    }
  });

  it('leaves a schema with a migration this version does not know to the Migrator, which refuses it', async () => {
    const handle = await openTestDatabase(dialect);
    try {
      await migrateToLatest(handle.db, dialect);
      await sql`insert into tessera_migrations (name, timestamp) values ('9999_from_a_newer_version', '2026-12-01T00:00:00.000Z')`.execute(
        handle.db,
      );
      await expect(migrateToLatest(handle.db, dialect)).rejects.toThrow(/9999_from_a_newer_version/);
    } finally {
      await handle.close();
    }
  });
});

describe.skipIf(!dialects.includes('postgres'))('the Migrator on a PostgreSQL server with other schemas', () => {
  it("lists only our schema's tables, the names Kysely's own listing gives for it", async () => {
    const ours = await openTestDatabase('postgres');
    const other = await openTestDatabase('postgres');
    try {
      await migrateToLatest(other.db, 'postgres');
      await sql`create table not_ours (id int)`.execute(other.db);
      const applied = await migrateToLatest(ours.db, 'postgres');
      expect(applied.length).toBeGreaterThan(0);
      const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(ours.db)).rows[0]!.schema;
      const scoped = await withSchemaIntrospection(ours.db, schema).introspection.getTables({ withInternalKyselyTables: true });
      const kysely = await ours.db.introspection.getTables({ withInternalKyselyTables: true });
      const names = (tables: Array<{ name: string; schema?: string | undefined }>) =>
        tables.filter((t) => t.schema === schema).map((t) => t.name);
      expect(scoped.every((t) => t.schema === schema)).toBe(true);
      expect(names(scoped).sort()).toEqual(names(kysely).sort());
      expect(names(scoped)).toContain('tessera_migrations');
      // Kysely's listing holds the other schema's tables too (the cost this avoids).
      expect(kysely.some((t) => t.name === 'not_ours')).toBe(true);
    } finally {
      await ours.close();
      await other.close();
    }
  });
});
