// Ledgers of a given size for the growth benchmark. They are generated through the real apply
// path (`applyPush`, the function the push route calls after validation), so every row — event
// with its hash chain, projection, mutation result — is the row the server itself writes; only
// HTTP and zod are skipped, and many batches share one transaction. The 1,000,000-event ledger is
// cached under .test-output/bench/, keyed by the migrations and the workload; each run copies it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Session } from '@daiban/schemas';
import { hashToken } from '../sync-server/src/auth/tokens.ts';
import { ledgerHead, openDb, type Principal, townshipPrincipalByTokenHash } from '../sync-server/src/db/index.ts';
import { applyPush } from '../sync-server/src/sync/apply-push.ts';
import { FakeTablet } from '../sync-server/src/testing/fixtures.ts';
import { firstServiceItem } from './ingest.ts';
import { signInDevices, startServerChild } from './server-child.ts';
import { lifecycleBatch } from './workload.ts';

/** What a benchmark needs to go on from a built ledger: its tablets' sessions and where they are. */
export type LedgerMeta = { head: number; devices: { session: Session; lastSeq: number; villagers: number }[] };

/**
 * A built ledger in the cache: its SQLite file and its meta. A benchmark copies the file before
 * writing, unless the ledger is served `inPlace` (too big to copy: the benchmark's pushes stay in it,
 * and the meta says where its tablets stopped).
 */
export type CachedLedger = { file: string; meta: LedgerMeta; inPlace?: true };

const CACHE = new URL('../.test-output/bench/', import.meta.url).pathname;
const MIGRATIONS = new URL('../sync-server/src/db/migrations/', import.meta.url);
const DEVICES = 20;
/** Batches per transaction while building: big transactions make the build fast. */
const BATCHES_PER_COMMIT = 50;

/** A ledger of one township of at least `events` events, building and caching it first if needed. */
export async function townshipLedger(events: number): Promise<CachedLedger> {
  const name = `ledger-${events}-${cacheKey()}`;
  const cached = join(CACHE, name);
  if (!existsSync(join(cached, 'meta.json'))) {
    // Ledgers of this size built for an older schema or workload take gigabytes: they go first.
    mkdirSync(CACHE, { recursive: true });
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith(`ledger-${events}-`) && !old.startsWith(name))
        rmSync(join(CACHE, old), { recursive: true, force: true });
    }
    await build(events, cached);
  }
  return { file: join(cached, 'ledger.sqlite'), meta: JSON.parse(readFileSync(join(cached, 'meta.json'), 'utf8')) as LedgerMeta };
}

/** The cached ledger is good while the schema (migration list) and the work that fills it are unchanged. */
function cacheKey(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS).sort()) hash.update(file).update(readFileSync(new URL(file, MIGRATIONS)));
  // The workload, and the fake tablet that makes its ids and records.
  hash.update(readFileSync(new URL('./workload.ts', import.meta.url)));
  hash.update(readFileSync(new URL('../sync-server/src/testing/fixtures.ts', import.meta.url)));
  return hash.digest('hex').slice(0, 12);
}

async function build(events: number, dir: string): Promise<void> {
  const building = `${dir}.building`;
  rmSync(building, { recursive: true, force: true });
  const started = performance.now();
  console.log(`growth: building a ledger of ${events.toLocaleString()} events…`);
  // The server itself seeds the township and signs the tablets in; then it stops and the
  // batches are applied straight to the file.
  const server = await startServerChild(building);
  const sessions = await signInDevices(server.url, DEVICES);
  const item = await firstServiceItem(server.url, sessions[0]!.token);
  await server.stop();

  const db = openDb(building);
  const tablets = sessions.map((s) => new FakeTablet(s, () => new Date()));
  const principals: Principal[] = [];
  for (const s of sessions) principals.push(await townshipPrincipalByTokenHash(db, hashToken(s.token)));
  // Two tablets share each village: each numbers its villagers in its own million.
  const villagers = sessions.map((_, d) => d * 1_000_000);
  const lastSeqs = sessions.map(() => 0);
  const now = new Date();
  const round = () =>
    db.transaction(async () => {
      for (let i = 0; i < BATCHES_PER_COMMIT; i++) {
        const d = i % DEVICES;
        const batch = lifecycleBatch(tablets[d]!, item, villagers[d]!);
        const refused = (await applyPush(db, principals[d]!, batch, now)).find((r) => r.outcome !== 'applied');
        if (refused) throw new Error(`building the ledger: ${refused.message}`);
        villagers[d]! += 20;
        lastSeqs[d]! += batch.length;
      }
    });
  while ((await ledgerHead(db)) < events) await round();
  const meta: LedgerMeta = {
    head: await ledgerHead(db),
    devices: sessions.map((session, d) => ({ session, lastSeq: lastSeqs[d]!, villagers: villagers[d]! })),
  };
  await db.close();
  writeFileSync(join(building, 'meta.json'), JSON.stringify(meta));
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  console.log(`growth: built ${meta.head.toLocaleString()} events in ${Math.round((performance.now() - started) / 1000)} s`);
}
