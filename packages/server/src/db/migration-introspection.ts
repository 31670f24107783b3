// The database handle the Migrator gets on PostgreSQL: the same Kysely instance, except that its introspection lists
// only the tables of Tessera's schema. Kysely's Migrator asks "does my bookkeeping table exist?" by listing every
// table of every schema with every column (`getTables()`), twice per run, and no option narrows it. On a server that
// hosts other schemas (other apps, tenants, or a test run's hundreds) that listing grows with them. Measured on this
// 2-core machine at load average 9.5, with 300 other schemas of 40 tables (12,001 tables): Kysely's listing took
// 3.2-6.5 s, this one 95-164 ms. During issue 9's flake check, beside two other test suites, Kysely's listing outlasted
// the pool's 5 s query timeout (database.ts), and a fresh schema's migration failed.
import { sql, type DatabaseIntrospector, type Kysely, type TableMetadata } from 'kysely';

/**
 * Tables and views of `schema` only, without their columns: what the Migrator reads (a table's name and schema) and
 * nothing more. Not a general introspector: it serves migrateToLatest's Migrator alone.
 */
function schemaIntrospector<DB>(db: Kysely<DB>, schema: string, base: DatabaseIntrospector): DatabaseIntrospector {
  const getTables = async (): Promise<TableMetadata[]> => {
    const { rows } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where n.nspname = ${schema} and c.relkind in ('r', 'p', 'v', 'm')`.execute(db);
    return rows.map((row) => ({ name: row.name, schema, isView: row.kind === 'v' || row.kind === 'm', columns: [] }));
  };
  return {
    getSchemas: () => base.getSchemas(),
    getTables,
    getMetadata: async () => ({ tables: await getTables() }),
  };
}

/**
 * `db` with its `introspection` scoped to `schema` (see above); every other member is `db`'s own, called on `db`
 * itself (Kysely keeps its state in private fields, which a proxy's methods could not reach).
 */
export function withSchemaIntrospection<DB>(db: Kysely<DB>, schema: string): Kysely<DB> {
  const introspection = schemaIntrospector(db, schema, db.introspection);
  return new Proxy(db, {
    get(target, property) {
      if (property === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
