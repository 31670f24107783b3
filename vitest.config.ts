import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Drops the run's PostgreSQL test schemas at the end (packages/server/src/test/global-setup.ts says why).
    globalSetup: ['packages/server/src/test/global-setup.ts'],
    // Bounds for a test that hangs, not timings: on a machine loaded by other suites (issue 9, load average 20 on two
    // cores) tests that start processes took over 30 s to pass.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    // Two cores: keep at most two test files running at once so timing-sensitive concurrency tests stay honest.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
