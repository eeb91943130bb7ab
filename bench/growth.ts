// Growth: the cost of one push of 100 mutations and of one pull page on a big ledger divided by
// the same on a ledger of 10,000 events, both through the server process over loopback HTTP.
// Indexes should keep the ratios near 1. The big ledger is one township's 1,000,000 events, or a
// county's (20 townships, county-ledger.ts); the server runs on SQLite or on PostgreSQL (the same
// rows copied there, postgres-ledger.ts). On SQLite the query plans of every statement a push and
// a pull prepare are checked for full scans of the big tables.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PullResponse } from '@daiban/schemas';
import { hashToken } from '../sync-server/src/auth/tokens.ts';
import { openDb, townshipPrincipalByTokenHash } from '../sync-server/src/db/index.ts';
import { applyPush } from '../sync-server/src/sync/apply-push.ts';
import { pullPage } from '../sync-server/src/sync/pull-page.ts';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { countyLedger } from './county-ledger.ts';
import { type CachedLedger, type LedgerMeta, townshipLedger } from './growth-ledger.ts';
import { firstServiceItem } from './ingest.ts';
import { dropPostgresCopy, postgresCopyOf } from './postgres-ledger.ts';
import { apiHeaders, type Engine, pushAll, startServerChild } from './server-child.ts';
import { median } from './stats.ts';
import { BATCH, pushBatch } from './workload.ts';

/** The big side of the ratio: its name in the figures (`push_100_ms_at_<label>`) and how to get it built. */
export interface BigLedger {
  label: string;
  /** Appended to the ratios' names (`ingest_growth<tag>`): empty for the township's 1,000,000 events. */
  tag: string;
  built: () => Promise<CachedLedger>;
}

const SMALL = 10_000;
const WARM = 5;
/** A page both ledgers fill: the 10,000-event ledger holds about 230 records a village. */
const PULL_PAGE = 100;
const SAMPLES = 31;

export const TOWNSHIP_LEDGER: BigLedger = {
  label: '1m',
  tag: '',
  built: () => townshipLedger(Number(process.env.BENCH_GROWTH_EVENTS ?? 1_000_000)),
};

/** 20 townships and `events` events (10,000,000 for `npm run bench -- county`). */
export function countyOf(events: number): BigLedger {
  const label = `county_${events / 1_000_000}m`;
  return { label, tag: `_${label}`, built: () => countyLedger(events) };
}

export async function benchGrowth(big: BigLedger = TOWNSHIP_LEDGER, engine: Engine = 'sqlite'): Promise<Record<string, number>> {
  const small = await openLedger(await townshipLedger(SMALL), engine);
  try {
    const large = await openLedger(await big.built(), engine);
    try {
      // The two servers run side by side and each sample times one operation on each in turn,
      // so a burst of load on the shared machine falls on both sides of the ratio.
      const [pushSmall, pushLarge] = await alternate(
        (i) => small.push(i),
        (i) => large.push(i),
      );
      const [freshSmall, freshLarge] = await alternate(
        () => small.pullFresh(),
        () => large.pullFresh(),
      );
      const [recentSmall, recentLarge] = await alternate(
        () => small.pullRecent(),
        () => large.pullRecent(),
      );
      const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
      const pg = engine === 'postgres' ? '_pg' : '';
      return {
        [`ingest_growth${big.tag}${pg}`]: ratio(pushLarge, pushSmall),
        // A fresh device's first page and a device coming back with a recent cursor: the worse of the two.
        [`pull_growth${big.tag}${pg}`]: Math.max(ratio(freshLarge, freshSmall), ratio(recentLarge, recentSmall)),
        // The small side beside a county is measured again, and named for the county it was measured beside.
        [`push_100_ms_at_10k${big.tag}${pg}`]: pushSmall,
        [`push_100_ms_at_${big.label}${pg}`]: pushLarge,
        [`pull_fresh_ms_at_10k${big.tag}${pg}`]: freshSmall,
        [`pull_fresh_ms_at_${big.label}${pg}`]: freshLarge,
        [`pull_recent_ms_at_10k${big.tag}${pg}`]: recentSmall,
        [`pull_recent_ms_at_${big.label}${pg}`]: recentLarge,
        ...(engine === 'sqlite' ? { [`full_scans_of_big_tables${big.tag}`]: small.scans + large.scans } : {}),
      };
    } finally {
      await large.close();
    }
  } finally {
    await small.close();
  }
}

/**
 * A built ledger served by its own server process: on SQLite a copy of the file (or the file itself,
 * for a ledger served in place), its query plans checked; on PostgreSQL a copy of its rows.
 */
async function openLedger({ file, meta, inPlace }: CachedLedger, engine: Engine) {
  const onFile = engine === 'sqlite' && inPlace === true;
  const dataDir = onFile ? dirname(file) : mkdtempSync(join(tmpdir(), 'daiban-bench-growth-'));
  let databaseUrl: string | undefined;
  const remove = async () => {
    if (databaseUrl) await dropPostgresCopy(databaseUrl);
    if (!onFile) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    let scans = 0;
    if (engine === 'postgres') databaseUrl = await postgresCopyOf(file);
    else {
      if (!onFile) copyFileSync(file, join(dataDir, 'ledger.sqlite'));
      scans = await checkPlans(dataDir, meta);
    }
    const server = await startServerChild(dataDir, databaseUrl);
    try {
      return {
        ...(await operationsOn(server.url, meta)),
        scans,
        close: async () => {
          await server.stop();
          await remove();
        },
      };
    } catch (error) {
      await server.stop();
      throw error;
    }
  } catch (error) {
    await remove();
    throw error;
  }
}

async function operationsOn(url: string, meta: LedgerMeta) {
  const tablets = meta.devices.map((d) => new FakeTablet(d.session, () => new Date(), d.lastSeq));
  const villagers = meta.devices.map((d) => d.villagers);
  const item = await firstServiceItem(url, tablets[0]!.session.token);
  const token = tablets[0]!.session.token;
  const pull = (cursor: number) =>
    timed(async () => {
      const res = await fetch(`${url}/api/sync/pull?cursor=${cursor}&limit=${PULL_PAGE}`, { headers: apiHeaders(token) });
      const page = (await res.json()) as PullResponse;
      if (res.status !== 200 || page.cases.length === 0) throw new Error(`pull failed: ${res.status}`);
    });
  return {
    push: (i: number) => {
      const d = i % tablets.length;
      const body = JSON.stringify({ mutations: pushBatch(tablets[d]!, item, villagers[d]!) });
      villagers[d]! += BATCH / 2;
      return timed(() => pushAll(url, tablets[d]!.session.token, body, BATCH));
    },
    pullFresh: () => pull(0),
    // A tablet that synced a little while ago: the last thousand events of the ledger and the pushes since.
    pullRecent: () => pull(meta.head - 1000),
  };
}

/** Medians of `a` and `b`, sampled in turn after a warm-up of each. */
async function alternate(a: (i: number) => Promise<number>, b: (i: number) => Promise<number>): Promise<[number, number]> {
  for (let i = 0; i < WARM; i++) {
    await a(i);
    await b(i);
  }
  const times: [number[], number[]] = [[], []];
  for (let i = WARM; i < WARM + SAMPLES; i++) {
    times[0].push(await a(i));
    times[1].push(await b(i));
  }
  return [roundedMedian(times[0]), roundedMedian(times[1])];
}

function roundedMedian(values: number[]): number {
  return Math.round(median(values) * 100) / 100;
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
async function checkPlans(dataDir: string, meta: LedgerMeta): Promise<number> {
  const db = openDb(dataDir);
  try {
    const device = meta.devices[0]!;
    const who = await townshipPrincipalByTokenHash(db, hashToken(device.session.token));
    const tablet = new FakeTablet(device.session, () => new Date(), device.lastSeq);
    await pullPage(db, who, 0, 500);
    await pullPage(db, who, meta.head - 1000, 500);
    const item = (JSON.parse((await pullPage(db, who, 0, 500)).json) as PullResponse).serviceItems[0]!;
    const rollback = new Error('rolled back');
    try {
      await db.transaction(async () => {
        await applyPush(db, who, pushBatch(tablet, item, 30_000_000), new Date());
        throw rollback;
      });
    } catch (error) {
      if (error !== rollback) throw error;
    }
    let scans = 0;
    for (const sql of db.preparedSql()) {
      const plan = db.raw.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(placeholders(sql)).fill(null)) as {
        detail: string;
      }[];
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
    await db.close();
  }
}

function placeholders(sql: string): number {
  return sql.split('?').length - 1;
}
