import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Seeds the test servers' ledgers once per run, not once per test file (sync-server/src/testing/test-server.ts). */
const SEEDED_LEDGERS = new URL('sync-server/src/testing/global-setup.ts', import.meta.url).pathname;

export default defineConfig({
  test: {
    // The tests wait on disk, loopback HTTP, child processes and PostgreSQL as much as on the CPU:
    // two workers on a 2-core machine run the suite in two thirds of the time of the default one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { test: { name: 'schemas', root: 'schemas', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'sync-server',
          root: 'sync-server',
          include: ['src/**/*.test.ts'],
          globalSetup: [SEEDED_LEDGERS],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'client',
          root: 'client',
          include: ['src/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
          globalSetup: [SEEDED_LEDGERS],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'simulator',
          root: 'simulator',
          include: ['**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
          globalSetup: [SEEDED_LEDGERS],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
