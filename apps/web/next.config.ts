// The demo front end. Everything environment-specific (API URL, token lifetimes, Google) is read at request time,
// so one build serves `npm start` and the e2e run on whatever ports they pick.
import type { NextConfig } from 'next';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// Turbopack compiles nothing outside its root, and follows symlinks: in a git worktree whose node_modules links to
// another checkout's packages, the root must hold both (their common ancestor); in a plain checkout it is the repo.
const next = dirname(realpathSync(createRequire(import.meta.url).resolve('next/package.json')));
const theirs = next.split(sep);
const shared = repo.split(sep).findIndex((part, i) => theirs[i] !== part);
const root = shared === -1 ? repo : repo.split(sep).slice(0, shared).join(sep) || sep;

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e run builds into its own directory, so it never clobbers a demo that is running from `.next`.
  distDir: process.env.TESSERA_WEB_DIST_DIR ?? '.next',
  // npm workspaces hoist next, react and @tessera/client to the repository root.
  turbopack: { root },
  outputFileTracingRoot: root,
  // Next treats 127.0.0.1 and localhost as one host and turns a proxy redirect between them into a relative Location,
  // a redirect loop: the proxy's 127.0.0.1 -> localhost redirect (src/loopback-redirect.ts) needs its absolute URL
  // kept. (The normalizing is otherwise for the pages router's /_next/data URLs, which this App Router app has none of.)
  skipProxyUrlNormalize: true,
};

export default config;
