import { defineConfig } from '@playwright/test';

import { DATA_DIR, SERVER_LOG } from './server-files.ts';

export const PORT = Number(process.env.E2E_PORT ?? 8791);

/** Browser tests drive Debian's Chromium against the real server with a fresh ledger. */
export default defineConfig({
  testDir: '.',
  timeout: 60_000,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  projects: [
    { name: 'e2e', testIgnore: /\.teardown\.ts$/, teardown: 'final-checks' },
    { name: 'final-checks', testMatch: /final-checks\.teardown\.ts$/ },
  ],
  outputDir: '../.test-output/e2e-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    serviceWorkers: 'allow',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        // A fake camera (a moving test pattern) stands in for the tablet's and the document camera.
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    },
  },
  webServer: {
    command: `rm -rf ${DATA_DIR} && node scripts/start.mjs`,
    cwd: '..',
    env: { PORT: String(PORT), HOST: '127.0.0.1', DATA_DIR, LOG_FILE: SERVER_LOG },
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
