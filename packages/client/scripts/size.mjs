// Size budget: each entry bundled and minified with esbuild, then gzipped; exits 1 above budget.
// Bundles the TypeScript sources, so it needs no build. React is a peer: left out of the bundle.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** core + react together, min+gzip, bytes (issue #4). */
const BUDGET = 5 * 1024;
/**
 * What the account subpath adds on top of the core, min+gzip, bytes: rarely used calls, kept out of the core (issue 12).
 * 1 KiB until issue 16 added the user's own events, export and deletion (~140 B); the admin calls went to a subpath.
 */
const ACCOUNT_BUDGET = 1152;
/** The passkeys subpath on its own (WebAuthn calls, base64url, the sign-in calls), min+gzip, bytes (issue 15). */
const PASSKEYS_BUDGET = 2 * 1024;
/** The admin subpath on its own (issue 16): only an admin screen ships it, so it has its own small budget. */
const ADMIN_BUDGET = 1024;
/**
 * The simplejwt subpath on its own: only Django apps ship it. ~0.9 kB until issue 14 added field names, expiry formats
 * and the cookie transport (~0.2 kB).
 */
const SIMPLEJWT_BUDGET = 1280;

const entries = {
  '@tessera/client': "export * from './src/index.ts';",
  '@tessera/client/react': "export * from './src/react/index.ts';",
  'core + react': "export * from './src/index.ts'; export * from './src/react/index.ts';",
  '@tessera/client/account': "export * from './src/account/index.ts';",
  '@tessera/client/account/react': "export * from './src/account/react/index.ts';",
  'core + account': "export * from './src/index.ts'; export * from './src/account/index.ts';",
  '@tessera/client/passkeys': "export * from './src/passkeys/index.ts';",
  'core + passkeys': "export * from './src/index.ts'; export * from './src/passkeys/index.ts';",
  '@tessera/client/admin': "export * from './src/admin/index.ts';",
  '@tessera/client/simplejwt': "export * from './src/adapters/simplejwt.ts';",
};

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external: ['react', 'react/jsx-runtime', 'react-dom'],
    write: false,
    logLevel: 'error',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

const sizes = {};
for (const [name, contents] of Object.entries(entries)) {
  const { min, gzip } = await measure(contents);
  console.log(`${name.padEnd(30)} ${String(min).padStart(6)} B min  ${String(gzip).padStart(5)} B min+gzip`);
  sizes[name] = gzip;
}
const total = sizes['core + react'];
const account = sizes['core + account'] - sizes['@tessera/client'];
const passkeys = sizes['@tessera/client/passkeys'];
const admin = sizes['@tessera/client/admin'];
const simplejwt = sizes['@tessera/client/simplejwt'];
console.log(`budget (core + react)          ${String(BUDGET).padStart(20)} B min+gzip`);
console.log(`account over the core          ${String(account).padStart(20)} B min+gzip (budget ${ACCOUNT_BUDGET} B)`);
console.log(`passkeys subpath               ${String(passkeys).padStart(20)} B min+gzip (budget ${PASSKEYS_BUDGET} B)`);
console.log(`admin subpath                  ${String(admin).padStart(20)} B min+gzip (budget ${ADMIN_BUDGET} B)`);
console.log(`simplejwt subpath              ${String(simplejwt).padStart(20)} B min+gzip (budget ${SIMPLEJWT_BUDGET} B)`);
if (total > BUDGET) {
  console.error(`over budget by ${total - BUDGET} B`);
  process.exit(1);
}
if (account > ACCOUNT_BUDGET) {
  console.error(`the account subpath is over its budget by ${account - ACCOUNT_BUDGET} B`);
  process.exit(1);
}
if (passkeys > PASSKEYS_BUDGET) {
  console.error(`the passkeys subpath is over its budget by ${passkeys - PASSKEYS_BUDGET} B`);
  process.exit(1);
}
if (admin > ADMIN_BUDGET) {
  console.error(`the admin subpath is over its budget by ${admin - ADMIN_BUDGET} B`);
  process.exit(1);
}
if (simplejwt > SIMPLEJWT_BUDGET) {
  console.error(`the simplejwt subpath is over its budget by ${simplejwt - SIMPLEJWT_BUDGET} B`);
  process.exit(1);
}
