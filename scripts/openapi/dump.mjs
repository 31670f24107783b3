// Writes the OpenAPI document that the built server serves at GET /auth/openapi.json to the file named by the first
// argument, for `npm run lint:openapi` (Redocly's lint, openapi-typescript). Uses packages/server/dist as built by
// `npm run build`, with an in-memory SQLite database; builds nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/openapi/dump.mjs <output.json>');

const dist = new URL('../../packages/server/dist/index.js', import.meta.url);
const { createTessera } = await import(dist.href).catch((error) => {
  throw new Error(`cannot load ${dist.pathname}: run \`npm run build\` first`, { cause: error });
});

const silent = { info() {}, warn() {}, error() {} };
const tessera = createTessera({ databaseUrl: 'sqlite::memory:', logger: silent });
try {
  const response = await tessera.fetch(new Request('http://localhost/auth/openapi.json'));
  if (!response.ok) throw new Error(`GET /auth/openapi.json answered ${response.status}: ${await response.text()}`);
  const document = await response.json();
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`OpenAPI ${document.openapi}: ${Object.keys(document.paths ?? {}).length} paths written to ${out}`);
} finally {
  await tessera.close();
}
