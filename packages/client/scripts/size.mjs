// Size budget: each entry bundled and minified with esbuild, then gzipped; exits 1 above budget.
// Bundles the TypeScript sources, so it needs no build. React is a peer: left out of the bundle.
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** core + react together, min+gzip, bytes (issue #4). */
const BUDGET = 5 * 1024;

const entries = {
  '@tessera/client': "export * from './src/index.ts';",
  '@tessera/client/react': "export * from './src/react/index.ts';",
  'core + react': "export * from './src/index.ts'; export * from './src/react/index.ts';",
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

let total = 0;
for (const [name, contents] of Object.entries(entries)) {
  const { min, gzip } = await measure(contents);
  console.log(`${name.padEnd(24)} ${String(min).padStart(6)} B min  ${String(gzip).padStart(5)} B min+gzip`);
  total = gzip;
}
console.log(`budget (core + react)    ${String(BUDGET).padStart(20)} B min+gzip`);
if (total > BUDGET) {
  console.error(`over budget by ${total - BUDGET} B`);
  process.exit(1);
}
