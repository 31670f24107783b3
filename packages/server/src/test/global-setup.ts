// A PostgreSQL database of this run's own, dropped once every test file has finished, not when each file ends.
// Kysely's migrator lists the tables of every schema in the database (has_schema_privilege on each), so a schema
// dropped while a migration lists them fails it with "schema ... does not exist". That was a real flake twice: test
// files of one run dropping their schemas (one run in four with two suites sharing the database), then, with the
// drops moved to the end of a run, another run's clean-up (issue 9's concurrent runs). A database per run isolates
// the catalogues: another run's schemas, and their drop, are in another database.
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';

export default async function setup(): Promise<() => Promise<void>> {
  // `npx vitest` on an unsupported Node.js would die in a segfault in the first SQLite test (database.ts says why).
  if (Number(process.versions.node.split('.')[0]) < 22) {
    throw new Error(`the tests need Node.js 22 or later (this is ${process.version}): run \`npm test\`, which picks one`);
  }
  const run = randomBytes(4).toString('hex');
  // Workers start after global setup and inherit the environment: createTestSchema names its schemas after the run.
  process.env.TESSERA_TEST_RUN = run;
  // One key-encryption secret for every server the run starts (in-process or child processes), as one deployment
  // would have, so instances sharing a PostgreSQL schema agree and no development secret file is written into the
  // repository; the tests of TESSERA_SECRET itself pass their own environment.
  process.env.TESSERA_SECRET ??= randomBytes(32).toString('base64url');
  const base = process.env.TEST_DATABASE_URL ?? `postgres://${userInfo().username}@127.0.0.1:5432/test`;
  const database = `tessera_run_${run}`;
  // Without PostgreSQL (TESSERA_TEST_DIALECTS=sqlite) its tests are skipped; without the right to create a database,
  // they use schemas of the base database as before (run-database.test.ts then fails, saying so).
  const created = await adminQuery(base, `CREATE DATABASE ${database}`).then(
    () => true,
    () => false,
  );
  if (created) {
    const url = new URL(base);
    url.pathname = `/${database}`;
    // Workers, and the processes tests start, inherit it: databases.ts reads it as TEST_POSTGRES_URL.
    process.env.TEST_DATABASE_URL = url.toString();
    process.env.TESSERA_TEST_BASE_DATABASE_URL = base;
  }
  return async () => {
    if (created) await adminQuery(base, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  };
}

/** One statement on a connection of its own (CREATE and DROP DATABASE cannot run in a transaction or a pool). */
async function adminQuery(url: string, statement: string): Promise<void> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(statement);
  } finally {
    await admin.end().catch(() => undefined);
  }
}
