// `npm pack` of @tessera/server, @tessera/client and @tessera/next, once per build: the tarballs are kept under test-results/packed/,
// keyed by what goes into them, so the packaging test and the examples test (e2e/examples.e2e.ts) share one pack.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'test-results/packed');

export const PACKAGES = ['server', 'client', 'next'] as const;
export type PackageDir = (typeof PACKAGES)[number];

export interface PackResult {
  name: string;
  filename: string;
  size: number;
  entryCount: number;
  files: Array<{ path: string }>;
}

export interface Packed {
  /** `npm pack --json`'s answer per package. */
  results: Record<PackageDir, PackResult>;
  /** Absolute paths of the tarballs. */
  tarballs: Record<PackageDir, string>;
}

// `npm test` runs the tests under `npm run`, which exports npm_config_* (the workspace's prefix among them) and
// npm_package_*: a child npm would act on the repository instead of the temporary project. Children get a clean env.
// (A cast: Next.js's types declare NODE_ENV always set, which a filtered copy cannot show.)
export const childEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key))) as NodeJS.ProcessEnv;

export async function npm(args: string[], cwd: string, timeout = 120_000) {
  return run('npm', args, { cwd, env: childEnv, timeout, maxBuffer: 64 * 1024 * 1024 });
}

/** Path, size and modification time of every file a tarball is made from: a new build or edit gives a new key. */
async function sourceKey(): Promise<string> {
  const hash = createHash('sha256');
  for (const pkg of PACKAGES) {
    const dir = join(ROOT, 'packages', pkg);
    const files = ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE'];
    for (const sub of ['dist', 'bin', 'assets']) {
      if (!existsSync(join(dir, sub))) continue;
      files.push(...(await readdir(join(dir, sub), { recursive: true })).map((file) => join(sub, file)));
    }
    for (const file of files.sort()) {
      const info = await stat(join(dir, file));
      if (info.isFile()) hash.update(`${pkg}/${file}\0${info.size}\0${info.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The packed packages, packing them only when no tarballs of the current build are in test-results/packed/. */
export async function packedTarballs(): Promise<Packed> {
  for (const pkg of PACKAGES) {
    if (!existsSync(join(ROOT, 'packages', pkg, 'dist/index.js'))) throw new Error(`packages/${pkg} is not built: run npm run build`);
  }
  const dir = join(CACHE, await sourceKey());
  if (!existsSync(join(dir, 'pack.json'))) {
    await mkdir(CACHE, { recursive: true });
    const fresh = await mkdtemp(join(CACHE, 'tmp-'));
    const workspaces = PACKAGES.flatMap((pkg) => ['-w', `packages/${pkg}`]);
    const { stdout } = await npm(['pack', '--json', '--pack-destination', fresh, ...workspaces], ROOT);
    await writeFile(join(fresh, 'pack.json'), stdout);
    // Another test file may have packed the same build meanwhile: then its directory stays and this one goes.
    await rename(fresh, dir).catch(() => rm(fresh, { recursive: true, force: true }));
    // Older builds' tarballs are of no further use.
    for (const entry of await readdir(CACHE)) {
      if (join(CACHE, entry) !== dir && !entry.startsWith('tmp-')) await rm(join(CACHE, entry), { recursive: true, force: true });
    }
  }
  const results = {} as Record<PackageDir, PackResult>;
  const tarballs = {} as Record<PackageDir, string>;
  for (const result of JSON.parse(await readFile(join(dir, 'pack.json'), 'utf8')) as PackResult[]) {
    const pkg = result.name.replace('@tessera/', '') as PackageDir;
    results[pkg] = result;
    tarballs[pkg] = join(dir, result.filename);
  }
  return { results, tarballs };
}
