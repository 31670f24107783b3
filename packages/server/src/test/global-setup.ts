// Drops this run's PostgreSQL test schemas once every test file has finished, not when each file ends.
// Kysely's migrator lists the tables of every schema in the database (has_schema_privilege on each), so a schema
// dropped by one test file while another file migrates makes that migration fail with "schema ... does not exist".
// That was a real flake: about one run in four with two suites sharing the database.
import { randomBytes } from 'node:crypto';

export default function setup(): () => Promise<void> {
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
  return async () => {
    const { TEST_POSTGRES_URL } = await import('./databases.js');
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    try {
      await admin.connect();
      const { rows } = await admin.query<{ name: string }>(`select nspname as name from pg_namespace where nspname like $1`, [
        `t\\_${run}\\_%`,
      ]);
      for (const { name } of rows) await admin.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
    } catch {
      // No PostgreSQL (TESSERA_TEST_DIALECTS=sqlite): nothing was created.
    } finally {
      await admin.end().catch(() => undefined);
    }
  };
}
