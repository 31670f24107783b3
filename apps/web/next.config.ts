// The demo front end. Everything environment-specific (API URL, token lifetimes, Google) is read at request time,
// so one build serves `npm start` and the e2e run on whatever ports they pick.
import type { NextConfig } from 'next';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The e2e run builds into its own directory, so it never clobbers a demo that is running from `.next`.
  distDir: process.env.TESSERA_WEB_DIST_DIR ?? '.next',
  // npm workspaces hoist next, react and @tessera/client to the repository root.
  turbopack: { root },
  outputFileTracingRoot: root,
};

export default config;
