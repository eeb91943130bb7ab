// A fresh tablet pulls a village's 100,000 changes: 20,000 villagers and 80,000 cases. The ledger
// is made once per benchmark process through the real push path (the real server, in-process,
// over loopback HTTP, in batches of the largest push the protocol allows), then copied for each
// run and served by the real server process. In Chromium, the agent signs in and the app's own
// sync engine pulls everything into IndexedDB. Measured: from the first pull request leaving the
// page to the cursor of the last page being committed in IndexedDB. With `engine` 'postgres' the
// server serves the same rows from PostgreSQL (postgres-ledger.ts).
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_PUSH_BATCH, type Mutation } from '@daiban/schemas';
import { startTestServer } from '@daiban/sync-server/testing';
import { ledgerHead, listLatestServiceItems, SqliteDb } from '../sync-server/src/db/index.ts';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { openApp } from './agent-tablet.ts';
import { dropPostgresCopy, postgresCopyOf } from './postgres-ledger.ts';
import type { Engine } from './server-child.ts';
import { idNumberFor } from './workload.ts';

export type PullResult = {
  pull_100k_s: number;
  pull_pages: number;
  pull_wire_mb: number;
  pull_server_s: number;
  pull_transfer_s: number;
  pull_parse_s: number;
  pull_store_s: number;
};

/** Wall time and where it went; pages overlap (the next travels while one is stored), so the parts add up to more. */
type Timing = {
  ms: number;
  pages: number;
  wireBytes: number;
  serverMs: number;
  transferMs: number;
  parseMs: number;
  storeMs: number;
};

const APPLICANTS = 20_000;
const CASES = 80_000;

let ledger: Promise<{ dir: string; head: number }> | undefined;

export async function benchPull(engine: Engine = 'sqlite'): Promise<PullResult> {
  ledger ??= makeLedger();
  const made = await ledger;
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-bench-pull-'));
  const ledgerFile = join(made.dir, 'ledger.sqlite');
  const databaseUrl = engine === 'postgres' ? await postgresCopyOf(ledgerFile) : undefined;
  if (!databaseUrl) copyFileSync(ledgerFile, join(dataDir, 'ledger.sqlite'));
  const tablet = await openApp(dataDir, databaseUrl ? { databaseUrl } : {});
  try {
    const { page } = tablet;
    // Every pull must stay countable: the default buffer keeps only 250 resource timings.
    await page.evaluate(() => performance.setResourceTimingBufferSize(10_000));
    await page.evaluate(OBSERVE_MEASURES);
    await page.getByLabel('用户名').fill('dxg-agent');
    await page.getByLabel('密码').fill('daiban-agent');
    await page.getByRole('button', { name: '登录' }).click();
    await page.evaluate(`(${WAIT_FOR_CURSOR})(${made.head})`);
    const t = (await page.evaluate(`(${PULL_TIMING})()`)) as Timing;
    const s = (ms: number) => Math.round(ms / 10) / 100;
    return {
      pull_100k_s: s(t.ms),
      pull_pages: t.pages,
      pull_wire_mb: Math.round(t.wireBytes / 10_000) / 100,
      pull_server_s: s(t.serverMs),
      pull_transfer_s: s(t.transferMs),
      pull_parse_s: s(t.parseMs),
      pull_store_s: s(t.storeMs),
    };
  } finally {
    await tablet.close();
    if (databaseUrl) await dropPostgresCopy(databaseUrl);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * From the first pull request to the moment the cursor was seen committed, in the page's clock; the
 * bytes the pages took on the wire (headers and bodies as sent, i.e. compressed); and the time split:
 * the server (request sent to first byte), the transfer (first byte to last), and the sync engine's
 * own measures of parsing and storing each page.
 */
const PULL_TIMING = `() => {
  const pulls = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/sync/pull'));
  const sum = (entries, f) => entries.reduce((n, e) => n + f(e), 0);
  const measured = (name) => sum(window.__measures.filter((e) => e.name === name), (e) => e.duration);
  return {
    ms: window.__pulledAt - pulls[0].startTime,
    pages: pulls.length,
    wireBytes: sum(pulls, (e) => e.transferSize),
    serverMs: sum(pulls, (e) => e.responseStart - e.requestStart),
    transferMs: sum(pulls, (e) => e.responseEnd - e.responseStart),
    parseMs: measured('daiban:pull:parse'),
    storeMs: measured('daiban:pull:store'),
  };
}`;

/** The sync engine clears its measures after each sync: they are collected as they are made. */
const OBSERVE_MEASURES = `window.__measures = [];
new PerformanceObserver((list) => window.__measures.push(...list.getEntries())).observe({ type: 'measure' });`;

/** Resolves once the tablet's stored cursor reached the ledger head (the last page is committed), noting when. */
const WAIT_FOR_CURSOR = `(head) => new Promise((resolve) => {
  const poll = () => {
    const open = indexedDB.open('daiban');
    open.onerror = () => setTimeout(poll, 20);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains('meta')) { db.close(); return setTimeout(poll, 20); }
      const get = db.transaction('meta').objectStore('meta').get('cursor');
      get.onsuccess = () => {
        db.close();
        if ((get.result?.value ?? 0) < head) return setTimeout(poll, 20);
        window.__pulledAt = performance.now();
        resolve();
      };
      get.onerror = () => { db.close(); setTimeout(poll, 20); };
    };
  };
  poll();
})`;

/** Another tablet of the village (the B post) registers the villagers and opens the cases. */
async function makeLedger(): Promise<{ dir: string; head: number }> {
  console.log(`pull: making a ledger of ${APPLICANTS + CASES} changes…`);
  const server = await startTestServer();
  const dir = mkdtempSync(join(tmpdir(), 'daiban-bench-ledger-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  try {
    // Two tablets of the B post share the work: a device's HLC counter has five digits.
    const tablets = [
      new FakeTablet(await server.login('dxg-agent-b'), server.now),
      new FakeTablet(await server.login('dxg-agent-b'), server.now),
    ];
    const serviceItem = (await listLatestServiceItems(server.db, tablets[0]!.session.township!.id)).find(
      (i) => i.code === 'MZ-001',
    );
    if (!serviceItem) throw new Error('the demo catalog has no MZ-001');
    const [first, second] = tablets as [FakeTablet, FakeTablet];
    const applicants = Array.from({ length: APPLICANTS }, (_, i) =>
      first.applicant({ name: `村民${i}`, idNumber: idNumberFor(i), createdAt: '2026-01-01T00:00:00.000Z' }),
    );
    const batches: [FakeTablet, Mutation[]][] = [[first, applicants.map((a) => first.mutation('applicant.register', a))]];
    for (const [tablet, from, to] of [
      [first, 0, CASES / 2 - APPLICANTS / 2],
      [second, CASES / 2 - APPLICANTS / 2, CASES],
    ] as const) {
      const mutations: Mutation[] = [];
      for (let n = from; n < to; n++) {
        const day = new Date(Date.UTC(2026, 0, 1) + Math.floor(n / 1000) * 86_400_000).toISOString().slice(0, 10);
        const opened = tablet.openedCase(applicants[n % APPLICANTS]!, serviceItem);
        const caseNumber = `${tablet.session.village!.code}-${tablet.session.device.code}-${day.replaceAll('-', '')}-${String(1 + (n % 1000)).padStart(4, '0')}`;
        mutations.push(tablet.mutation('case.open', { ...opened, caseNumber }));
      }
      batches.push([tablet, mutations]);
    }
    for (const [tablet, mutations] of batches) {
      for (let start = 0; start < mutations.length; start += MAX_PUSH_BATCH) {
        const res = await server.api('/api/sync/push', {
          method: 'POST',
          token: tablet.session.token,
          body: JSON.stringify({ mutations: mutations.slice(start, start + MAX_PUSH_BATCH) }),
        });
        const body = await res.text();
        if (res.status !== 200 || body.includes('"refused"')) throw new Error(`push failed: ${res.status} ${body.slice(0, 300)}`);
      }
    }
    if (server.db instanceof SqliteDb) server.db.raw.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(join(server.dataDir, 'ledger.sqlite'), join(dir, 'ledger.sqlite'));
    return { dir, head: await ledgerHead(server.db) };
  } finally {
    await server.close();
  }
}
