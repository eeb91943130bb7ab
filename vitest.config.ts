import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
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
