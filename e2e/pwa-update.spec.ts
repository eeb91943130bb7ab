import { createHash } from 'node:crypto';
import {
  type CaseDetail,
  type CaseSummary,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  residentIdCheckChar,
  type Session,
} from '@daiban/schemas';
import { type APIRequestContext, type Browser, expect, type Page, test } from '@playwright/test';
import { AgentApp } from './pages/agent-app.ts';
import { buildClient, startVersionedServer } from './pages/versioned-server.ts';

/*
 * Version N and version N+1 of the client, served in turn by a real server of their own. N+1 is built
 * with VITE_TEST_EXTRA_SCHEMA=1, which adds Dexie version 16 (see client/src/data/db.ts).
 */
let server: Awaited<ReturnType<typeof startVersionedServer>>;
let versionN: string;
let versionN1: string;
const N = 'e2e-N';
const N1 = 'e2e-N1';
const headers = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  versionN = buildClient('version-n', N);
  versionN1 = buildClient('version-n1', N1, { VITE_TEST_EXTRA_SCHEMA: '1' });
  // Its own port, beside the shared e2e server's.
  server = await startVersionedServer(Number(process.env.E2E_PORT ?? 8791) + 1000);
});

test.afterAll(async () => {
  await server?.stop();
});

async function tabletOnVersionN(browser: Browser, username: string) {
  server.serve(versionN);
  const context = await browser.newContext({ baseURL: server.url });
  const agent = new AgentApp(await context.newPage());
  await agent.signIn(username, 'daiban-agent');
  await agent.waitForOfflineReady();
  await expect(agent.appBuild()).toContainText(N);
  return { context, agent };
}

/** What the browser does on its own from time to time: asks the server whether the worker changed. */
async function checkForUpdate(page: Page) {
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update();
  });
}

/**
 * Lets the old version's service worker stop once idle, as Chromium does on its own, until the
 * page has reloaded into the new version. Playwright keeps DevTools attached to every service
 * worker, and Chromium does not stop a worker DevTools is attached to
 * (ServiceWorkerVersion::OnRequestTermination); when that worker had once been stopped and started
 * again, a waiting version that called skipWaiting() is held back for Chromium's five-minute
 * lame-duck limit. Without DevTools the idle worker stops and the waiting version takes over.
 */
async function letOldWorkerIdleOut(page: Page, reloaded: () => Promise<boolean>) {
  const cdp = await page.context().newCDPSession(page);
  const versions = new Map<string, { status: string; runningStatus: string }>();
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  });
  await cdp.send('ServiceWorker.enable');
  const deadline = Date.now() + 30_000;
  while (!(await reloaded())) {
    expect(Date.now(), 'the new version did not take over').toBeLessThan(deadline);
    const old = [...versions].find(([, v]) => v.status === 'activated');
    const waiting = [...versions.values()].some((v) => v.status === 'installed');
    if (old && waiting) {
      // A stopped worker is woken by a request of the page, then stopped once it is idle again.
      if (old[1].runningStatus === 'running') await cdp.send('ServiceWorker.stopWorker', { versionId: old[0] });
      else await page.evaluate(() => fetch('/manifest.webmanifest').then(() => undefined)).catch(() => undefined);
    }
    await page.waitForTimeout(500);
  }
  await cdp.detach().catch(() => undefined);
}

/** The native IndexedDB version (Dexie's version × 10) and the indexes of the photo table. */
async function tabletDatabase(page: Page) {
  return page.evaluate(
    () =>
      new Promise<{ version: number; blobIndexes: string[] }>((resolve, reject) => {
        const open = indexedDB.open('daiban');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const blobIndexes = [...db.transaction('blobs').objectStore('blobs').indexNames];
          resolve({ version: db.version, blobIndexes });
          db.close();
        };
      }),
  );
}

function pngSize(bytes: Buffer): string {
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

async function supervisorHeaders(request: APIRequestContext) {
  const res = await request.post(`${server.url}/api/auth/login`, {
    headers,
    data: { username: 'supervisor', password: 'daiban-review', deviceName: 'e2e pwa check' },
  });
  expect(res.status()).toBe(201);
  return { ...headers, authorization: `Bearer ${((await res.json()) as Session).token}` };
}

test('the app is installable: the manifest names it, lists every icon size, and every file it names is served', async ({
  request,
}) => {
  server.serve(versionN);
  const manifest = (await (await request.get(`${server.url}/manifest.webmanifest`)).json()) as Record<string, unknown> & {
    icons: { src: string; sizes: string; type: string; purpose?: string }[];
  };
  expect(manifest).toMatchObject({
    id: '/',
    name: expect.stringContaining('代办'),
    short_name: '代办',
    start_url: '/',
    display: 'standalone',
    lang: 'zh-CN',
    theme_color: '#1f6f8b',
    background_color: expect.stringMatching(/^#/),
  });
  const listed = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
  for (const required of ['192x192 any', '512x512 any', '512x512 maskable']) expect(listed).toContain(required);
  for (const icon of manifest.icons) {
    const res = await request.get(`${server.url}${icon.src}`);
    expect(res.status(), icon.src).toBe(200);
    expect(res.headers()['content-type']).toContain(icon.type);
    expect(pngSize(await res.body()), icon.src).toBe(icon.sizes);
  }
  // The page links the manifest, an Apple touch icon of 180 px and favicons that exist.
  const html = await (await request.get(`${server.url}/`)).text();
  expect(html).toContain('rel="manifest" href="/manifest.webmanifest"');
  const touch = html.match(/rel="apple-touch-icon" href="([^"]+)"/)?.[1];
  expect(pngSize(await (await request.get(`${server.url}${touch}`)).body())).toBe('180x180');
  const favicons = [...html.matchAll(/rel="icon" href="([^"]+)"/g)].map((m) => m[1]);
  expect(favicons).toEqual(['/favicon.svg', '/favicon-32.png']);
  for (const href of favicons) expect((await request.get(`${server.url}${href}`)).status()).toBe(200);
});

test('version N+1 with a schema change replaces version N without losing an unsynced case or its photo', async ({
  browser,
  request,
}) => {
  const { context, agent } = await tabletOnVersionN(browser, 'dxg-agent');
  const page = agent.page;
  await agent.waitUntilSynced();
  // The app shell, the manifest and the icons are in the worker's precache.
  const precached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const req of await (await caches.open(name)).keys()) urls.push(new URL(req.url).pathname);
    }
    return urls;
  });
  for (const path of ['/index.html', '/manifest.webmanifest', '/icons/icon-192.png', '/icons/maskable-512.png']) {
    expect(precached).toContain(path);
  }
  expect(precached.some((p) => /^\/assets\/index-.*\.js$/.test(p))).toBe(true);

  // Offline: a case with a photo, kept on the tablet only.
  await context.setOffline(true);
  await agent.reload();
  await expect(agent.connection()).toHaveText('离线', { timeout: 15_000 });
  const id17 = `43098119500101${String(Math.floor(Math.random() * 900) + 100)}`;
  await agent.newCase.register({ name: '升级前', idNumber: id17 + residentIdCheckChar(id17), phone: '13807370001' });
  const caseNumber = await agent.newCase.openCase('残疾人证');
  await agent.case.attachPhoto(0, await agent.case.cameraPhoto(800, 600));
  const sha256 = await agent.case.attachmentSha(caseNumber, 0);
  await agent.case.receive();
  await expect(agent.pending()).toContainText('待上传照片 1 张');

  // Version N+1 is deployed. The tablet is back on the network but cannot reach the API yet, so
  // the case is still unsynced when the new version takes over.
  server.serve(versionN1);
  server.cutApi(true);
  await context.setOffline(false);
  await checkForUpdate(page);
  const banner = agent.updateBanner();
  await expect(banner).toContainText('新版本可用', { timeout: 30_000 });
  expect((await tabletDatabase(page)).version).toBe(150);
  await banner.getByRole('button', { name: '更新' }).click();

  // The page reloads into N+1 (locked, as every start of the app) and Dexie is upgraded to 16.
  await agent.unlockAfterStart();
  await expect(agent.appBuild()).toContainText(N1);
  expect(await tabletDatabase(page)).toEqual({ version: 160, blobIndexes: ['mime'] });
  await expect(agent.pending()).toContainText('待上传照片 1 张');
  await agent.openCaseFromList(caseNumber);
  await expect(agent.case.thumbs(0)).toHaveCount(1);
  expect(await agent.case.attachmentSha(caseNumber, 0)).toBe(sha256);

  // The township comes back: the case and its photo reach the ledger.
  server.cutApi(false);
  await agent.syncNow();
  await agent.waitUntilSynced();
  const auth = await supervisorHeaders(request);
  const queue = (await (await request.get(`${server.url}/api/cases?status=submitted`, { headers: auth })).json()) as {
    cases: CaseSummary[];
  };
  const summary = queue.cases.find((c) => c.caseNumber === caseNumber);
  expect(summary).toMatchObject({ applicantName: '升级前', blobsComplete: true });
  const detail = (await (await request.get(`${server.url}/api/cases/${summary!.id}`, { headers: auth })).json()) as CaseDetail;
  expect(detail.case.materials[0]!.attachments[0]!.sha256).toBe(sha256);
  const blob = await request.get(`${server.url}/api/blobs/${sha256}`, { headers: auth });
  expect(
    createHash('sha256')
      .update(await blob.body())
      .digest('hex'),
  ).toBe(sha256);
  await context.close();
});

test('with the intake form open the update waits, and applies itself once the form is closed', async ({ browser }) => {
  const { context, agent } = await tabletOnVersionN(browser, 'qshs-agent');
  const page = agent.page;
  await agent.menuLink('新建代办').click();
  server.serve(versionN1);
  await checkForUpdate(page);
  const banner = agent.updateBanner();
  await expect(banner).toContainText('正在填写表单', { timeout: 30_000 });
  await banner.getByRole('button', { name: '更新' }).click();
  await expect(banner).toContainText('将在结束后自动更新：正在填写表单');
  // It really waits: still version N, the form still there.
  await page.waitForTimeout(1_500);
  await expect(agent.appBuild()).toContainText(N);
  await expect(agent.newCase.itemSearch).toBeVisible();

  // Closing the form applies it: the page reloads into the new version.
  await agent.menuLink('代办件').click();
  await letOldWorkerIdleOut(page, () => agent.lockScreen().isVisible());
  await agent.unlock();
  await expect(agent.appBuild()).toContainText(N1);
  await context.close();
});

test('two tabs: when one updates, the other is told to reload and the updated one does not hang', async ({ browser }) => {
  const { context, agent: tabA } = await tabletOnVersionN(browser, 'bbg-agent');
  const tabB = new AgentApp(await context.newPage());
  await tabB.page.goto('/');
  await tabB.unlock();

  server.serve(versionN1);
  await checkForUpdate(tabB.page);
  await tabB.applyUpdate();
  await tabB.unlock();
  await expect(tabB.appBuild()).toContainText(N1);
  expect((await tabletDatabase(tabB.page)).version).toBe(160);

  const notice = tabA.databaseNotice('replaced');
  await expect(notice).toContainText('应用已更新，请刷新页面');
  await notice.getByRole('button', { name: '刷新页面' }).click();
  await tabA.unlock();
  await expect(tabA.appBuild()).toContainText(N1);
  await context.close();
});

test('an upgrade blocked by a window that holds the old database says so, and goes on once it lets go', async ({ browser }) => {
  const { context, agent: tabA } = await tabletOnVersionN(browser, 'ng-agent');
  // Something in tab A opens the database and ignores requests to close it.
  await tabA.page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const open = indexedDB.open('daiban');
        open.onsuccess = () => {
          (globalThis as unknown as { held: IDBDatabase }).held = open.result;
          resolve();
        };
      }),
  );
  const tabB = new AgentApp(await context.newPage());
  await tabB.page.goto('/');
  await tabB.unlock();

  server.serve(versionN1);
  await checkForUpdate(tabB.page);
  await tabB.applyUpdate();
  await expect(tabB.databaseNotice('blocked')).toContainText('另一个窗口还在使用旧版本');

  await tabA.page.evaluate(() => (globalThis as unknown as { held: IDBDatabase }).held.close());
  await tabB.unlock();
  await expect(tabB.appBuild()).toContainText(N1);
  expect((await tabletDatabase(tabB.page)).version).toBe(160);
  await context.close();
});
