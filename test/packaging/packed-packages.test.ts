// The published packages as a user gets them: `npm pack` both, check what the tarballs hold, install them into a
// fresh project outside the workspace (their dependencies from the npm registry), and use them from there: ESM
// imports under Node, a real server on SQLite that the client signs in to, the declarations under tsc (with the
// packages' README snippets), and the `tessera` bin. Needs `npm run build` first (`npm test` does it).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, npm, PACKAGES, packedTarballs, type PackageDir, type Packed } from './packed-tarballs.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RESOLUTION: ts.CompilerOptions = { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext };

/** The ```ts blocks of a package's README, so the snippets users copy are type-checked against the tarballs. */
async function readmeSnippets(pkg: PackageDir): Promise<string[]> {
  const readme = await readFile(join(ROOT, 'packages', pkg, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

interface Manifest {
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** The packages (not node: modules, not relative files) that a package's shipped .d.ts files import. */
async function declarationImports(dir: string): Promise<Set<string>> {
  const names = new Set<string>();
  const files = (await readdir(join(dir, 'dist'), { recursive: true })).filter((file) => file.endsWith('.d.ts'));
  for (const file of files) {
    const text = await readFile(join(dir, 'dist', file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from |import\()'([^'.][^']*)'/g)) {
      if (specifier!.startsWith('node:')) continue;
      const parts = specifier!.split('/');
      names.add(specifier!.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return names;
}

/** Every file an `exports` entry points at (conditions included), relative to the package. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports.replace(/^\.\//, '')];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

let work: string;
let app: string;
let packed: Packed['results'];

beforeAll(async () => {
  const { results, tarballs } = await packedTarballs();
  packed = results;
  for (const result of Object.values(results)) {
    console.log(`${result.filename}: ${(result.size / 1024).toFixed(1)} kB packed, ${result.entryCount} files`);
  }
  work = await mkdtemp(join(tmpdir(), 'tessera-packed-'));
  app = join(work, 'app');
  await mkdir(app);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'packed-check', private: true, type: 'module' }));
  await npm(['install', '--no-audit', '--no-fund', ...PACKAGES.map((pkg) => tarballs[pkg])], app, 150_000);
}, 240_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it.each(PACKAGES)('the %s tarball holds its README, LICENSE, CHANGELOG and every file its exports name', async (pkg) => {
    const files = packed[pkg].files.map((file) => file.path);
    const manifest = JSON.parse(await readFile(join(ROOT, 'packages', pkg, 'package.json'), 'utf8')) as { exports: unknown };
    const targets = exportTargets(manifest.exports);
    expect(targets).toContain('dist/index.js');
    expect(targets).toContain('dist/index.d.ts');
    for (const file of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', ...targets]) expect(files).toContain(file);
    if (pkg === 'server') expect(files).toEqual(expect.arrayContaining(['bin/tessera.js', 'assets/common-passwords.txt.gz']));
  });

  it.each(PACKAGES)('the %s tarball ships no tests, sources, source maps or build state', (pkg) => {
    const files = packed[pkg].files.map((file) => file.path);
    // Source maps point at src/, which is not shipped.
    const strays = files.filter((file) => /\.test\.|(^|\/)test\/|^src\/|\.map$|\.tsbuildinfo$|^node_modules\//.test(file));
    expect(strays).toEqual([]);
    expect(files.filter((file) => !/^(dist|bin|assets)\//.test(file)).sort()).toEqual(
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'].sort(),
    );
  });

  it.each(PACKAGES)('the installed %s package carries the repository LICENSE', async (pkg) => {
    const license = await readFile(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(await readFile(join(app, 'node_modules/@tessera', pkg, 'LICENSE'), 'utf8')).toBe(license);
  });
});

describe('installed outside the workspace', () => {
  it('Node imports all three as ESM, serves Tessera on SQLite, the client signs in and reads /auth/me, @tessera/next relays a sign-in', async () => {
    await writeFile(
      join(app, 'sign-in.mjs'),
      `import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTessera } from '@tessera/server';
import { serveTessera } from '@tessera/server/node';
import { createAuthClient, isAuthError } from '@tessera/client';
import { createTesseraNext } from '@tessera/next';

const quiet = { info() {}, warn() {}, error() {} };
const database = join(mkdtempSync(join(tmpdir(), 'tessera-db-')), 'tessera.db');
const server = await serveTessera(createTessera({ databaseUrl: 'sqlite:' + database, logger: quiet }), { port: 0 });
const out = {};
try {
  const registered = await fetch(server.url + '/auth/register', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery', name: 'Ada' }),
  });
  out.registered = registered.status;
  out.anonymousMe = (await fetch(server.url + '/auth/me')).status;
  const client = createAuthClient({ baseUrl: server.url, fetch: (input, init) => fetch(input, init) });
  try {
    await client.login({ email: 'ada@example.com', password: 'wrong password' });
  } catch (error) {
    out.wrongPassword = isAuthError(error) ? error.code : String(error);
  }
  out.login = await client.login({ email: 'ada@example.com', password: 'correct horse battery' });
  out.status = client.getState().status;
  out.me = await client.getUser();
  out.token = (await client.getToken())?.split('.').length;
  client.destroy();
  // The same sign-in relayed by @tessera/next's route handler, as a Next.js app on its own origin would.
  const { handlers } = createTesseraNext({ upstream: server.url, secureCookies: false });
  const relayed = await handlers.POST(
    new Request('http://app.test/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://app.test', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({ email: 'ada@example.com', password: 'correct horse battery' }),
    }),
  );
  out.relayed = relayed.status;
  out.relayedCookies = relayed.headers.getSetCookie().map((cookie) => cookie.split('=')[0]).sort();
} finally {
  await server.close();
}
console.log(JSON.stringify(out));
`,
    );
    const { stdout } = await run(process.execPath, ['sign-in.mjs'], { cwd: app, env: childEnv, timeout: 60_000 });
    const out = JSON.parse(stdout);
    expect(out.registered).toBe(201);
    expect(out.anonymousMe).toBe(401);
    expect(out.wrongPassword).toBe('invalid_credentials');
    expect(out.login).toMatchObject({ email: 'ada@example.com', name: 'Ada' });
    expect(out.status).toBe('authenticated');
    expect(out.me).toMatchObject({ id: out.login.id, email: 'ada@example.com', name: 'Ada' });
    expect(out.token).toBe(3);
    expect(out.relayed).toBe(200);
    expect(out.relayedCookies).toEqual(['refresh_token', 'tessera_access', 'tessera_session']);
  });

  it.each(PACKAGES)('every package the %s declarations import is a dependency that brings its types', async (pkg) => {
    // What tsc's skipLibCheck (below) would hide from a user: a type from a devDependency becomes a silent `any`.
    const dir = join(app, 'node_modules/@tessera', pkg);
    const manifest = await readManifest(dir);
    const imported = await declarationImports(dir);
    expect(imported.size).toBeGreaterThan(0);
    for (const name of imported) {
      // Optional peers (react, next, next-auth) are imported only by the subpaths for them; the user installs them.
      if (manifest.peerDependencies?.[name]) continue;
      expect(manifest.dependencies, `${pkg} declarations import ${name}`).toHaveProperty([name]);
      // The resolution tsc itself makes from the package's files (NodeNext, ESM): a .js without declarations is an `any`.
      const resolved = ts.resolveModuleName(
        name,
        join(dir, 'dist/index.d.ts'),
        RESOLUTION,
        ts.sys,
        undefined,
        undefined,
        ts.ModuleKind.ESNext,
      );
      expect(resolved.resolvedModule?.extension, `types of ${name}, imported by the ${pkg} declarations`).toMatch(/^\.d\.[mc]?ts$/);
    }
  });

  it('tsc (strict, NodeNext) accepts the README snippets and the declared types', async () => {
    const snippets = [...(await readmeSnippets('server')), ...(await readmeSnippets('client'))];
    expect(snippets.length).toBeGreaterThanOrEqual(4);
    await mkdir(join(app, 'src'));
    await Promise.all(snippets.map((code, i) => writeFile(join(app, 'src', `readme-${i + 1}.ts`), code)));
    await writeFile(
      join(app, 'src/types.ts'),
      `import { createTessera, isTesseraError, type AccessClaims, type ErrorCode } from '@tessera/server';
import { parseDuration } from '@tessera/server/duration';
import { toNodeMiddleware } from '@tessera/server/node';
import { createAuthClient, type AuthErrorCode, type TesseraUser } from '@tessera/client';
import { simplejwt } from '@tessera/client/simplejwt';

const tessera = createTessera({ accessTokenTtl: '15m', corsAllowedOrigins: ['http://localhost:3000'] });
export const middleware = toNodeMiddleware(tessera);
export const ttl: number | undefined = parseDuration('10s');
export async function subject(request: Request): Promise<string> {
  const claims: AccessClaims = await tessera.authenticate(request);
  return claims.sub;
}
export function code(error: unknown): ErrorCode | undefined {
  return isTesseraError(error) ? error.code : undefined;
}
const client = createAuthClient({ baseUrl: 'https://api.example.com' });
export const user: Promise<TesseraUser | null> = client.getUser();
export const clientCode: AuthErrorCode = 'session_revoked';
export const django = createAuthClient({ baseUrl: 'https://api.example.com', adapter: simplejwt() });

// The declarations are real types, not any: each of these must be refused.
// @ts-expect-error: options are camelCase
createTessera({ access_token_ttl: '15m' });
// @ts-expect-error: not an error code
export const unknownCode: ErrorCode = 'no_such_code';
// @ts-expect-error: the Tessera adapter signs in with an email
void client.login({ username: 'ada', password: 'x' });
`,
    );
    await writeFile(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          lib: ['ES2023', 'DOM', 'DOM.Iterable'],
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // As most projects have it (checking every library's .d.ts costs 25 s here); the test above covers what it hides.
          skipLibCheck: true,
          // A server project has @types/node; this one borrows the workspace's rather than download it.
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules/@types')],
        },
        include: ['src'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', app], { cwd: app, env: childEnv, timeout: 120_000 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout).toBe('');
  }, 150_000);

  it('the tessera bin runs from the installed package: --help, and migrate on a new SQLite database', async () => {
    const help = await npm(['exec', '--no', '--', 'tessera', '--help'], app, 30_000);
    expect(help.stdout).toMatch(/^Usage: tessera <command>/m);
    expect(help.stdout).toContain('createsuperuser');
    const database = join(work, 'cli.db');
    // The link npm made in node_modules/.bin, which npx runs, run directly here to spare a second npm start-up.
    await run(join(app, 'node_modules/.bin/tessera'), ['migrate'], {
      cwd: app,
      env: { ...childEnv, DATABASE_URL: `sqlite:${database}` },
      timeout: 30_000,
    });
    expect(existsSync(database)).toBe(true);
  }, 60_000);
});
