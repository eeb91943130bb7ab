// `npm run bench`: runs every benchmark (never part of `npm test`), prints a table with each
// figure's goal where it has one, and writes bench/results.json. Each figure is the median of
// several runs after a warm-up. `npm run bench -- 'case list'` runs only the benchmarks named
// (and leaves results.json as it was). Ingest and pull run again with the server on PostgreSQL
// ('ingest pg', 'pull pg': figures named `…_pg`). The county growth runs once on SQLite ('county')
// and once on PostgreSQL ('county pg'), on a county of 1,000,000 events in the full run and of
// 10,000,000 when named (`npm run bench -- county`; BENCH_COUNTY_EVENTS sets another size).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { benchBlobLink } from './blob-link.ts';
import { benchBundle } from './bundle.ts';
import { benchCaseList, CASE_LIST_GOALS } from './case-list.ts';
import { benchColdStart } from './cold-start.ts';
import { benchGrowth, countyOf } from './growth.ts';
import { benchIngest } from './ingest.ts';
import { benchIntake } from './intake.ts';
import { benchPouchdb } from './pouchdb.ts';
import { benchPull } from './pull.ts';
import { onEngine } from './server-child.ts';
import { median } from './stats.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const ONLY = process.argv.slice(2);
/** Each goal beside its figure (issue 18); a ratio against PouchDB is a floor, the rest are ceilings. */
const GOALS: Record<string, string | undefined> = {
  ...CASE_LIST_GOALS,
  pull_100k_s: '< 5',
  push_p99_ms_at_half_load: '< 50',
  pouchdb_time_ratio_loopback: '≥ 2',
  pouchdb_time_ratio_link: '≥ 1.5',
};

const wanted = (name: string) => ONLY.length === 0 || ONLY.includes(name);
const COUNTY_EVENTS = Number(process.env.BENCH_COUNTY_EVENTS ?? (ONLY.length > 0 ? 10_000_000 : 1_000_000));

async function medianOf<T extends Record<string, number>>(name: string, run: () => Promise<T>): Promise<Record<string, number>> {
  if (!wanted(name)) return {};
  console.log(`${name}: warm-up…`);
  await settled(run);
  const results: T[] = [];
  for (let i = 0; i < RUNS; i++) {
    results.push(await run());
    console.log(`${name}: run ${i + 1}/${RUNS}`, results.at(-1));
  }
  const keys = Object.keys(results[0]!) as (keyof T)[];
  return Object.fromEntries(keys.map((k) => [k, median(results.map((r) => r[k] as number))])) as T;
}

/**
 * Flushes what the previous benchmark left for the disk to write (the growth benchmark copies ledgers
 * of gigabytes), so the kernel's write-back does not land on the next one's IndexedDB or SQLite commits.
 */
function settled<T>(run: () => Promise<T>): Promise<T> {
  execFileSync('sync');
  return run();
}

const results: Record<string, number> = {
  ...(await medianOf('ingest', () => benchIngest())),
  // Once, after the warm-up inside (each tablet's first batch): on PostgreSQL a run takes minutes.
  ...(wanted('ingest pg') ? onEngine(await settled(() => benchIngest('postgres')), 'postgres') : {}),
  ...(await medianOf('growth', () => benchGrowth())),
  // Once: each figure is already the median of 31 samples taken in turn on both ledgers, and a run on
  // the county's ledger takes minutes (on PostgreSQL, a copy of its gigabytes).
  ...(wanted('county') ? await settled(() => benchGrowth(countyOf(COUNTY_EVENTS), 'sqlite')) : {}),
  ...(wanted('county pg') ? await settled(() => benchGrowth(countyOf(COUNTY_EVENTS), 'postgres')) : {}),
  ...(await medianOf('case list', () => benchCaseList())),
  ...(await medianOf('pull', () => benchPull())),
  ...(await medianOf('pull pg', async () => onEngine(await benchPull('postgres'), 'postgres'))),
  // Warm-up and medians inside: one tablet with 50,000 cases, reloaded offline RUNS + 1 times.
  ...(wanted('cold start') ? await settled(() => benchColdStart(RUNS)) : {}),
  ...(await medianOf('intake', () => benchIntake())),
  ...(wanted('bundle') ? await benchBundle() : {}),
  ...(await medianOf('blob link', () => benchBlobLink())),
  ...(await medianOf('pouchdb', () => benchPouchdb())),
};

console.table(Object.entries(results).map(([figure, value]) => ({ figure, value, goal: GOALS[figure] ?? '' })));
if (ONLY.length === 0) {
  const file = new URL('./results.json', import.meta.url);
  writeFileSync(
    file,
    `${JSON.stringify({ measuredAt: new Date().toISOString(), runs: RUNS, results, goals: GOALS }, null, 2)}\n`,
  );
  console.log(`wrote ${file.pathname}`);
}
