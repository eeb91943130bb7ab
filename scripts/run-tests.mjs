// `npm test`: typecheck, lint (Biome), every unit and integration test (vitest), then the browser tests
// (Playwright on Debian's Chromium). Ends with one plain line: `N passed, N failed`.
// `--e2e-only` runs just the browser tests (`npm run test:e2e`).
// The unit suite runs on the machine's clock, then again with the clock set to each moment of
// CLOCKS in another time zone (scripts/test-clock.mjs), so a test that depends on the day fails
// here rather than on the first of next month. `--unit-only --clock=ISO [--tz=ZONE]` runs the
// unit suite once at that moment (`npm run test:unit:at -- --clock=2027-01-01T00:30:00+08:00`).
// The leap-day pass runs with every test server's ledger on PostgreSQL (a throwaway cluster:
// sync-server/src/testing/postgres-cluster.ts), so the whole suite runs on both engines;
// `npm run test:server:pg` runs the server's suite on PostgreSQL alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, '.test-output');
const e2eOnly = process.argv.includes('--e2e-only');
const unitOnly = process.argv.includes('--unit-only');
const option = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const CLOCKS = [
  // The last minute of a month and of a year in China, still the morning of the 31st in California.
  { at: '2026-12-31T23:59:00+08:00', tz: 'America/Los_Angeles' },
  // A leap day, in a year the demo holiday calendar has no entries for; the ledgers on PostgreSQL.
  { at: '2028-02-29T09:00:00+08:00', tz: 'UTC', engine: 'postgres' },
];
const clocks = option('clock') ? [{ at: option('clock'), tz: option('tz') ?? process.env.TZ }] : unitOnly ? [] : CLOCKS;
const preload = join(root, 'scripts', 'test-clock.mjs');
const CHROMIUM = { name: 'Chromium', path: '/usr/bin/chromium', packages: 'chromium' };
// The server's PostgreSQL tests start a throwaway cluster with these binaries (sync-server/src/testing/postgres-cluster.ts).
const POSTGRES = { name: 'PostgreSQL 15', path: '/usr/lib/postgresql/15/bin/initdb', packages: 'postgresql-15' };

let passed = 0;
let failed = 0;

function run(label, command, args, env = {}) {
  console.log(`\n== ${label}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** Installs a Debian package the tests need when it is missing and we are root; otherwise says how. */
function ensureDebian({ name, path, packages }) {
  if (existsSync(path)) return true;
  const install = `apt-get update && apt-get install -y --no-install-recommends ${packages}`;
  if (process.getuid?.() !== 0) {
    console.error(`Debian's ${name} is missing at ${path}. Install it as root with:\n  ${install}`);
    return false;
  }
  console.log(`Installing Debian's ${name} (${path} is missing)…`);
  return run(`install ${packages}`, 'sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${install}`]);
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

if (!e2eOnly && !unitOnly) {
  for (const check of ['typecheck', 'lint']) {
    if (run(check, 'npm', ['run', '--silent', check])) passed += 1;
    else failed += 1;
  }
}

/**
 * One vitest run; `clock` sets the wall clock (and time zone) every process of the run sees, and its
 * `engine: 'postgres'` puts every test server's ledger on PostgreSQL.
 */
function unitTests(clock) {
  const name = clock ? `vitest-${clock.at.replace(/[^0-9]/g, '')}` : 'vitest';
  const vitestJson = join(out, `${name}.json`);
  const env = clock
    ? {
        DAIBAN_TEST_CLOCK: clock.at,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${preload}`,
        ...(clock.tz ? { TZ: clock.tz } : {}),
        ...(clock.engine === 'postgres' ? { DAIBAN_TEST_DB: 'postgres' } : {}),
      }
    : {};
  const engine = clock?.engine === 'postgres' ? ', ledgers on PostgreSQL' : '';
  const label = clock
    ? `unit and integration tests at ${clock.at} (TZ=${clock.tz ?? 'unset'}${engine})`
    : 'unit and integration tests';
  const ok = run(
    label,
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`],
    env,
  );
  const report = readJson(vitestJson);
  if (report) {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
  }
  if (!ok && (!report || report.numFailedTests === 0)) failed += 1;
}

if (!e2eOnly) {
  if (!ensureDebian(POSTGRES)) failed += 1;
  if (!option('clock')) unitTests(undefined);
  for (const clock of clocks) unitTests(clock);
}

if (unitOnly) {
  console.log(`\n${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

if (ensureDebian(CHROMIUM)) {
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
