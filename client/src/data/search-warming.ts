import { caseListsOf } from './case-search.ts';
import type { DaibanDb } from './db.ts';
import { VaultLockedError } from './sealing.ts';
import type { SearchMemory } from './search-memory.ts';

/** How many villagers one slice of warming reads: a few ms of work, so that a search never waits long behind it. */
const SLICE = 50;
/** How long after a search warming waits: while the agent types, searches fill the memory themselves. */
const QUIET_MS = 1000;

/**
 * Fills the search memory (search-memory.ts) while the tablet is idle after the vault opens, so that
 * the first search reads no more than the later ones: villager by villager in id order, a slice at a
 * time, each one's name and case ids, never within QUIET_MS of a search (slices read on the same
 * indexes as the searches, and slow them down). A name search lists the matches first in id order
 * (applicant-search.ts), so the villagers warmed first are the ones vague prefixes reach first.
 *
 * A slice is kept only if no write of villagers or cases came in while it was read, as for a
 * search; the villagers of a slice not kept are left to the searches. Stops when `signal` aborts
 * (the vault closed), when a read finds the vault closed, and after the last villager.
 */
export async function warmSearchMemory(
  db: DaibanDb,
  signal: AbortSignal,
  { idle = () => whenIdleAndQuiet(db.searchMemory), slice = SLICE }: { idle?: () => Promise<void>; slice?: number } = {},
): Promise<void> {
  const memory = db.searchMemory;
  let after: string | undefined;
  for (;;) {
    await idle();
    if (signal.aborted) return;
    const version = memory.version;
    const read = await readSlice(db, after, slice).catch((error: unknown) => {
      // The vault closed during the read: nothing to warm any more.
      if (signal.aborted || error instanceof VaultLockedError) return undefined;
      throw error;
    });
    if (!read) return;
    const { villagers, caseLists } = read;
    const last = villagers.at(-1);
    if (!last) return;
    after = last.id;
    if (version !== memory.version || signal.aborted) continue;
    villagers.forEach((v, i) => {
      memory.names.set(v.id, v.name);
      memory.rememberCases(v.id, caseLists[i]!);
    });
  }
}

/** The `slice` villagers after `after` in id order, with their case lists, in one transaction. */
function readSlice(db: DaibanDb, after: string | undefined, slice: number) {
  return db.transaction('r', db.applicants, db.cases, async (tx) => {
    const villagers = await (after === undefined ? db.applicants.orderBy(':id') : db.applicants.where(':id').above(after))
      .limit(slice)
      .toArray();
    return {
      villagers,
      caseLists: await caseListsOf(
        db,
        tx.idbtrans,
        villagers.map((v) => v.id),
      ),
    };
  });
}

/** The next idle moment at least QUIET_MS after the last search began. */
async function whenIdleAndQuiet(memory: SearchMemory): Promise<void> {
  for (;;) {
    await whenIdle();
    const wait = memory.searchedAt + QUIET_MS - performance.now();
    if (wait <= 0) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The next moment the page is idle (a second at most), or the next task where idle callbacks are missing (Safari). */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 0);
  });
}
