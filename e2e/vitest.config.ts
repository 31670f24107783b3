// The browser tests: one demo stack per run (global setup), Debian's Chromium through playwright-core, one file at a time.
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    // TESSERA_E2E_EXAMPLES=skip leaves out the examples' test (two installs and two `next build`s, about 5 minutes):
    // CI runs it on Node.js 22 only, since what it checks (packed tarballs, the docs' apps) does not vary by version.
    exclude: [...configDefaults.exclude, ...(process.env.TESSERA_E2E_EXAMPLES === 'skip' ? ['e2e/examples.e2e.ts'] : [])],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    // Browser flows wait on real token expiries (5 s each).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll gives up after 15 s, not its default 1 s: a page that acts on an answer is a bound for a hang, and at
    // load average 35 (issue 9's flake check) a poll in direct.e2e missed the default.
    expect: { poll: { timeout: 15_000 } },
    // Two cores and one server stack: files run one after another.
    fileParallelism: false,
  },
});
