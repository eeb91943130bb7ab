// The case list on a tablet holding 50,000 cases, in real Chromium with the built app:
// how long opening the list and each search take until the result count is on screen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { freePort, startServerProcess } from '../simulator/server-process.ts';

export type CaseListResult = {
  case_list_open_50k_ms: number;
  search_50k_p50_ms: number;
  search_50k_p95_ms: number;
};

const CASES = 50_000;
const APPLICANTS = 5_000;

export async function benchCaseList(): Promise<CaseListResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-bench-'));
  const port = await freePort();
  const server = await startServerProcess(dataDir, port, new URL('../client/dist', import.meta.url).pathname);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.getByLabel('用户名').fill('dxg-agent');
    await page.getByLabel('密码').fill('daiban-agent');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('pending').filter({ hasText: '已全部同步' }).waitFor({ timeout: 30_000 });
    await fillTablet(page, CASES, APPLICANTS);

    const open = performance.now();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page
      .getByTestId('case-count')
      .filter({ hasText: `共 ${CASES} 件` })
      .waitFor({ timeout: 60_000 });
    const openMs = performance.now() - open;

    const searches = [
      '村民1',
      '村民42',
      '0012',
      '0999',
      'DXG-T01-20261101-00',
      '村民499',
      '村民3',
      '0101',
      'DXG-T01-20261102',
      '村民77',
    ];
    const times: number[] = [];
    const box = page.getByLabel('姓名、身份证后4位或办件编号');
    for (const term of [...searches, ...searches]) {
      await box.fill('');
      await page
        .getByTestId('case-count')
        .filter({ hasText: `共 ${CASES} 件` })
        .waitFor();
      const t0 = performance.now();
      await box.fill(term);
      await page.waitForFunction(
        (all) => !document.querySelector('[data-testid=case-count]')?.textContent?.includes(String(all)),
        CASES,
      );
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]!);
    return { case_list_open_50k_ms: Math.round(openMs), search_50k_p50_ms: pct(0.5), search_50k_p95_ms: pct(0.95) };
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await server.exited;
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Writes applicants and cases straight into the tablet's IndexedDB, as years of work would leave them. */
async function fillTablet(page: import('@playwright/test').Page, cases: number, applicants: number) {
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
    idTail: String(i).padStart(6, '0').slice(-4),
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
