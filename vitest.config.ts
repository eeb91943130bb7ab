import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests wait on disk, loopback HTTP, child processes and PostgreSQL as much as on the CPU:
    // two workers on a 2-core machine run the suite in two thirds of the time of the default one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      { test: { name: 'schemas', root: 'schemas', include: ['src/**/*.test.ts'] } },
      { test: { name: 'sync-server', root: 'sync-server', include: ['src/**/*.test.ts'], testTimeout: 20_000 } },
      {
        test: {
          name: 'client',
          root: 'client',
          include: ['src/**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'simulator',
          root: 'simulator',
          include: ['**/*.test.ts'],
          setupFiles: ['fake-indexeddb/auto'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
