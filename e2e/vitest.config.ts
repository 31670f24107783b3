// The browser tests: one demo stack per run (global setup), Debian's Chromium through playwright-core, one file at a time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    // Browser flows wait on real token expiries (5 s each).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores and one server stack: files run one after another.
    fileParallelism: false,
  },
});
