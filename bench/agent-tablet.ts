// An agent's tablet for the browser benchmarks: the built app in real Chromium against the real
// server process, signed in with a PIN chosen, the app installed (service worker active), and
// optionally years of work (cases and villagers) written into its IndexedDB.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from '@playwright/test';
import { freePort, startServerProcess } from '../simulator/server-process.ts';

export const BENCH_PIN = '482913';
const DIST = new URL('../client/dist', import.meta.url).pathname;

export interface Tablet {
  url: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Starts a server on a fresh ledger (or `dataDir`'s, or the PostgreSQL database at `databaseUrl`) and
 * opens the app in Chromium, not yet signed in. `bypassCSP` lets a benchmark run the app's data layer
 * as a script of its own in the page.
 */
export async function openApp(
  dataDir?: string,
  { databaseUrl, ...options }: { bypassCSP?: boolean; databaseUrl?: string } = {},
): Promise<Tablet> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'daiban-bench-'));
  const port = await freePort();
  const server = await startServerProcess(dir, port, DIST, { DATABASE_URL: databaseUrl });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  return {
    url: server.url,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      server.kill('SIGTERM');
      await server.exited;
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the login form and chooses the PIN, as on a fresh tablet. */
export async function signIn(page: Page, username = 'dxg-agent', password = 'daiban-agent') {
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  const form = page.getByRole('form', { name: '设置解锁 PIN' });
  await form.getByLabel('新 PIN', { exact: true }).fill(BENCH_PIN);
  await form.getByLabel('再次输入新 PIN').fill(BENCH_PIN);
  await form.getByRole('button', { name: '设置 PIN' }).click();
}

export async function waitUntilSynced(page: Page, timeout = 60_000) {
  await page.getByTestId('pending').filter({ hasText: '已全部同步' }).waitFor({ timeout });
}

/** Waits until the service worker controls the page: the app shell is precached and starts offline. */
export async function waitForOfflineReady(page: Page) {
  await page.waitForFunction(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state === 'activated' && navigator.serviceWorker.controller !== null;
  });
}

/**
 * Opens the lock screen after a start of the app: with the PIN (the server hands out its key share),
 * or with the password (offline), keeping the PIN. Resolves once the lock screen is gone. The PIN is
 * filled at once, or with `keyDelayMs` between its digits, as a person types it.
 */
export async function unlock(page: Page, using: 'pin' | 'password' = 'pin', keyDelayMs = 0) {
  const lock = page.getByTestId('lock-screen');
  if (using === 'pin') {
    const pin = lock.getByLabel('PIN', { exact: true });
    if (keyDelayMs > 0) await pin.pressSequentially(BENCH_PIN, { delay: keyDelayMs });
    else await pin.fill(BENCH_PIN);
    await lock.getByRole('button', { name: '解锁', exact: true }).click();
  } else {
    await lock.getByRole('button', { name: '用登录密码解锁' }).click();
    await lock.getByLabel('登录密码', { exact: true }).fill('daiban-agent');
    await lock.getByRole('button', { name: '验证密码' }).click();
    await page.getByRole('button', { name: '暂不更换 PIN' }).click();
  }
  await lock.waitFor({ state: 'detached' });
}

/**
 * Writes villagers and cases straight into the tablet's IndexedDB, as years of work would leave them:
 * before sign-in, which seals them with everything else on the tablet as it makes the vault.
 */
export async function fillTablet(page: Page, cases: number, applicants: number) {
  // Plain JavaScript, not a TypeScript function: the TS runner's helpers do not exist in the page.
  await page.evaluate(`(${FILL_TABLET})(${cases}, ${applicants})`);
}

const FILL_TABLET = `async (caseCount, applicantCount) => {
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('daiban');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const put = (store, rows) =>
    new Promise((resolve, reject) => {
      const tx = db.transaction(store, 'readwrite');
      for (const row of rows) tx.objectStore(store).put(row);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  const uuid = (n, prefix) => prefix + '-0000-4000-8000-' + String(n).padStart(12, '0');
  const people = Array.from({ length: applicantCount }, (_, i) => ({
    id: uuid(i, '10000000'),
    villageId: 'v-dxg',
    name: '村民' + i,
    idNumber: '430981195001' + String(i).padStart(6, '0'),
    flags: [],
    createdAt: '2026-01-01T00:00:00.000Z',
  }));
  await put('applicants', people);
  const statuses = ['submitted', 'accepted', 'completed', 'delivered', 'rated', 'returned'];
  for (let start = 0; start < caseCount; start += 5000) {
    const rows = Array.from({ length: Math.min(5000, caseCount - start) }, (_, k) => {
      const n = start + k;
      const day = String(1 + (n % 28)).padStart(2, '0');
      const row = {
        id: uuid(n, '20000000'),
        caseNumber: 'DXG-T01-202611' + day + '-' + String(n).padStart(4, '0'),
        villageId: 'v-dxg',
        serviceItemCode: 'MZ-001',
        serviceItemVersion: 1,
        applicantId: uuid(n % applicantCount, '10000000'),
        agentId: 'a',
        deviceId: 'd',
        channel: 'walk_in',
        materials: [{ key: 'application_form', name: '申请书', required: true, status: 'collected', attachments: [] }],
        notes: '',
        status: statuses[n % statuses.length],
        createdAt: '2026-11-' + day + 'T01:00:00.000Z',
        updatedAt: '2026-11-' + day + 'T' + String(n % 24).padStart(2, '0') + ':00:00.000Z',
      };
      if (n % 3 === 0) row.dueDate = '2026-12-' + day;
      return row;
    });
    await put('cases', rows);
  }
  db.close();
}`;
