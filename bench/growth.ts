// Growth: the cost of one push of 100 mutations and of one pull page on a ledger of 1,000,000
// events divided by the same on 10,000 events, both through the server process over loopback
// HTTP. Indexes should keep the ratios near 1. The query plans of every statement a push and a
// pull prepare are checked for full scans of the big tables.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PullResponse } from '@daiban/schemas';
import { hashToken } from '../sync-server/src/auth/tokens.ts';
import { openDb, principalByTokenHash } from '../sync-server/src/db/index.ts';
import { preparedSql } from '../sync-server/src/db/statements.ts';
import { applyPush } from '../sync-server/src/sync/apply-push.ts';
import { changesSince } from '../sync-server/src/sync/changes-since.ts';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { type LedgerMeta, ledgerOf } from './growth-ledger.ts';
import { firstServiceItem } from './ingest.ts';
import { apiHeaders, pushAll, startServerChild } from './server-child.ts';
import { BATCH, pushBatch } from './workload.ts';

export type GrowthResult = {
  ingest_growth: number;
  pull_growth: number;
  push_100_ms_at_10k: number;
  push_100_ms_at_1m: number;
  pull_fresh_ms_at_10k: number;
  pull_fresh_ms_at_1m: number;
  pull_recent_ms_at_10k: number;
  pull_recent_ms_at_1m: number;
  full_scans_of_big_tables: number;
};

const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_GROWTH_EVENTS ?? 1_000_000);
const WARM = 5;
const SAMPLES = 21;

export async function benchGrowth(): Promise<GrowthResult> {
  const small = await measure(SMALL);
  const large = await measure(LARGE);
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  return {
    ingest_growth: ratio(large.push, small.push),
    // A fresh device's first page and a device coming back with a recent cursor: the worse of the two.
    pull_growth: Math.max(ratio(large.pullFresh, small.pullFresh), ratio(large.pullRecent, small.pullRecent)),
    push_100_ms_at_10k: small.push,
    push_100_ms_at_1m: large.push,
    pull_fresh_ms_at_10k: small.pullFresh,
    pull_fresh_ms_at_1m: large.pullFresh,
    pull_recent_ms_at_10k: small.pullRecent,
    pull_recent_ms_at_1m: large.pullRecent,
    full_scans_of_big_tables: large.scans,
  };
}

async function measure(events: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'daiban-bench-growth-'));
  try {
    const meta = await ledgerOf(events, dataDir);
    const scans = checkPlans(dataDir, meta);
    const server = await startServerChild(dataDir);
    let timings: { push: number; pullFresh: number; pullRecent: number };
    try {
      timings = await timeOperations(server.url, meta);
    } finally {
      await server.stop();
    }
    return { ...timings, scans };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timeOperations(url: string, meta: LedgerMeta) {
  const tablets = meta.devices.map((d) => new FakeTablet(d.session, d.lastSeq));
  const villagers = meta.devices.map((d) => d.villagers);
  const item = await firstServiceItem(url, tablets[0]!.session.token);
  const token = tablets[0]!.session.token;

  const push = async (i: number) => {
    const d = i % tablets.length;
    const body = JSON.stringify({ mutations: pushBatch(tablets[d]!, item, villagers[d]!) });
    villagers[d]! += BATCH / 2;
    return timed(() => pushAll(url, tablets[d]!.session.token, body, BATCH));
  };
  const pull = (cursor: number) =>
    timed(async () => {
      const res = await fetch(`${url}/api/sync/pull?cursor=${cursor}`, { headers: apiHeaders(token) });
      const page = (await res.json()) as PullResponse;
      if (res.status !== 200 || page.cases.length === 0) throw new Error(`pull failed: ${res.status}`);
    });

  return {
    push: await medianOfSamples(push),
    pullFresh: await medianOfSamples(() => pull(0)),
    // A tablet that synced a little while ago: the last thousand events of the ledger and the pushes above.
    pullRecent: await medianOfSamples(() => pull(meta.head - 1000)),
  };
}

async function medianOfSamples(op: (i: number) => Promise<number>): Promise<number> {
  for (let i = 0; i < WARM; i++) await op(i);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) times.push(await op(WARM + i));
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 100) / 100;
}

async function timed(op: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await op();
  return performance.now() - t0;
}

const BIG_TABLES = ['events', 'cases', 'applicants', 'mutation_results', 'visits', 'handovers'];

/**
 * Runs a push (rolled back) and both pulls in-process on the ledger, then asks SQLite for the plan
 * of every statement they prepared. Prints each full scan of a big table and returns how many.
 */
function checkPlans(dataDir: string, meta: LedgerMeta): number {
  const db = openDb(dataDir);
  try {
    const device = meta.devices[0]!;
    const who = principalByTokenHash(db, hashToken(device.session.token))!;
    const tablet = new FakeTablet(device.session, device.lastSeq);
    changesSince(db, who, 0, 500);
    changesSince(db, who, meta.head - 1000, 500);
    const item = changesSince(db, who, 0, 500).serviceItems[0]!;
    const rollback = new Error('rolled back');
    try {
      db.transaction(() => {
        applyPush(db, who, pushBatch(tablet, item, 30_000_000), new Date());
        throw rollback;
      })();
    } catch (error) {
      if (error !== rollback) throw error;
    }
    let scans = 0;
    for (const sql of preparedSql(db)) {
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(placeholders(sql)).fill(null)) as { detail: string }[];
      for (const { detail } of plan) {
        const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
        if (scanned && BIG_TABLES.includes(scanned) && !/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(detail)) {
          scans += 1;
          console.log(`growth: full scan of ${scanned}: ${detail}\n  in ${sql.replace(/\s+/g, ' ')}`);
        }
      }
    }
    return scans;
  } finally {
    db.close();
  }
}

function placeholders(sql: string): number {
  return sql.split('?').length - 1;
}
