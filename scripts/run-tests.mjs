// `npm test`: typecheck, lint (Biome), every unit and integration test (vitest), then the browser tests
// (Playwright on Debian's Chromium). Ends with one plain line: `N passed, N failed`.
// `--e2e-only` runs just the browser tests (`npm run test:e2e`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.test-output');
const e2eOnly = process.argv.includes('--e2e-only');
const CHROMIUM = '/usr/bin/chromium';
const INSTALL = 'apt-get update && apt-get install -y --no-install-recommends chromium';

let passed = 0;
let failed = 0;

function run(label, command, args, env = {}) {
  console.log(`\n== ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return true;
  if (process.getuid?.() !== 0) {
    console.error(`Debian's Chromium is missing at ${CHROMIUM}. Install it as root with:\n  ${INSTALL}`);
    return false;
  }
  console.log(`Installing Debian's Chromium (${CHROMIUM} is missing)…`);
  return run('install chromium', 'sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${INSTALL}`]);
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

if (!e2eOnly) {
  for (const check of ['typecheck', 'lint']) {
    if (run(check, 'npm', ['run', '--silent', check])) passed += 1;
    else failed += 1;
  }

  const vitestJson = join(out, 'vitest.json');
  const ok = run('unit and integration tests', 'npx', [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${vitestJson}`,
  ]);
  const report = readJson(vitestJson);
  if (report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  if (!ok && (!report || report.numFailedTests === 0)) failed += 1;
}

if (ensureChromium()) {
  const playwrightJson = join(out, 'playwright.json');
  const ok = run('browser tests', 'npx', ['playwright', 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
  });
  const stats = readJson(playwrightJson)?.stats;
  if (stats) {
    passed += stats.expected;
    failed += stats.unexpected + stats.flaky;
  }
  if (!ok && (!stats || stats.unexpected + stats.flaky === 0)) failed += 1;
} else {
  failed += 1;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
