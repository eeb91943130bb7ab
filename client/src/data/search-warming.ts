import { Dexie } from 'dexie';
import type { DaibanDb } from './db.ts';
import { VaultLockedError } from './sealing.ts';
import type { SearchMemory } from './search-memory.ts';

/** How many case keys one slice of case-list warming reads: a few ms of work, so that nothing waits long behind it. */
const CASE_SLICE = 1000;
/** How many villagers one slice of name warming reads (and opens). */
const NAME_SLICE = 50;
/** How long after a search warming waits: while the agent types, searches fill the memory themselves. */
const QUIET_MS = 1000;

interface Warming {
  /** Resolves at the moment a slice may be read. */
  idle?: () => Promise<void>;
  /** The size of a slice: case keys for the case lists, villagers for the names. */
  slice?: number;
}

/**
 * Fills the search memory's case lists (search-memory.ts): every villager's case ids, newest change
 * first, read from the keys of the [applicantId+updatedAt] index alone, a slice at a time in villager
 * order, never within QUIET_MS of a search. No case is opened, so this needs no key: it runs while
 * the lock screen waits for the PIN, and the first search after unlocking reads no case list.
 *
 * A slice ends at a villager's last case, so every list kept is whole. It is kept only if no write of
 * villagers or cases came in while it was read, as for a search; the villagers of a slice not kept
 * are left to the searches. Stops when `signal` aborts and after the last case.
 */
export async function warmCaseLists(
  db: DaibanDb,
  signal: AbortSignal,
  { idle = () => whenIdleAndQuiet(db.searchMemory), slice = CASE_SLICE }: Warming = {},
): Promise<void> {
  const memory = db.searchMemory;
  let after: string | undefined;
  for (;;) {
    await idle();
    if (signal.aborted) return;
    const version = memory.version;
    const read = await readCaseLists(db, after, slice).catch(endOfWarming(signal));
    if (!read || signal.aborted) return;
    if (version === memory.version) for (const [id, caseIds] of read.lists) memory.rememberCases(id, caseIds);
    if (read.last === undefined) return;
    after = read.last;
  }
}

/**
 * Fills the search memory's names (a name search orders its matches by them) while the vault is open:
 * villager by villager in id order, a slice at a time, never within QUIET_MS of a search. A name
 * search lists the matches first in id order (applicant-search.ts), so the villagers warmed first are
 * the ones vague prefixes reach first. A slice is kept only if no write came in while it was read.
 * Stops when `signal` aborts (the vault closed), when a read finds the vault closed, and after the
 * last villager.
 */
export async function warmNames(
  db: DaibanDb,
  signal: AbortSignal,
  { idle = () => whenIdleAndQuiet(db.searchMemory), slice = NAME_SLICE }: Warming = {},
): Promise<void> {
  const memory = db.searchMemory;
  let after: string | undefined;
  for (;;) {
    await idle();
    if (signal.aborted) return;
    const version = memory.version;
    const villagers = await (after === undefined ? db.applicants.orderBy(':id') : db.applicants.where(':id').above(after))
      .limit(slice)
      .toArray()
      .catch(endOfWarming(signal));
    const last = villagers?.at(-1);
    if (!last) return;
    after = last.id;
    if (version !== memory.version || signal.aborted) continue;
    for (const v of villagers ?? []) memory.names.set(v.id, v.name);
  }
}

/**
 * Ends warming quietly when a read failed because warming was over: `signal` aborted, the vault
 * closed, or the tablet signed off (its database closed and deleted); any other error is thrown.
 */
function endOfWarming(signal: AbortSignal) {
  return (error: unknown): undefined => {
    const over =
      signal.aborted ||
      error instanceof VaultLockedError ||
      (error instanceof Error && error.name === Dexie.errnames.DatabaseClosed);
    if (!over) throw error;
    return undefined;
  };
}

/**
 * The case lists of the villagers after `after` (all of them from the first when undefined), in one
 * transaction: a key cursor over [applicantId+updatedAt] that stops at the first villager past
 * `slice` keys, with the last villager read whole, or at the end of the index (`last` undefined).
 * The villagers registered in that stretch with no case get an empty list.
 */
function readCaseLists(
  db: DaibanDb,
  after: string | undefined,
  slice: number,
): Promise<{ lists: Map<string, string[]>; last: string | undefined }> {
  return db.transaction('r', db.cases, db.applicants, async (tx) => {
    const lists = new Map<string, string[]>();
    // Dexie names a compound index by its key path in IndexedDB.
    const index = tx.idbtrans.objectStore('cases').index('[applicantId+updatedAt]');
    // Every key of a villager sorts below [villager, Dexie.maxKey]: the range starts at the next villager.
    const cursor = index.openKeyCursor(after === undefined ? null : IDBKeyRange.lowerBound([after, Dexie.maxKey], true));
    const last = await new Promise<string | undefined>((resolve, reject) => {
      let keys = 0;
      let current: string[] = [];
      let villager: string | undefined;
      cursor.onerror = () => reject(cursor.error);
      cursor.onsuccess = () => {
        const at = cursor.result;
        const [applicantId] = (at?.key ?? []) as [string?];
        if (!at || (applicantId !== villager && keys >= slice)) return resolve(at ? villager : undefined);
        if (applicantId !== villager) {
          villager = applicantId;
          current = [];
          lists.set(villager as string, current);
        }
        current.push(at.primaryKey as string);
        keys++;
        at.continue();
      };
    });
    for (const list of lists.values()) list.reverse();
    const registered = await new Promise<IDBValidKey[]>((resolve, reject) => {
      const request = tx.idbtrans.objectStore('applicants').getAllKeys(stretch(after, last));
      request.onerror = () => reject(request.error);
      request.onsuccess = () => resolve(request.result);
    });
    for (const id of registered) if (!lists.has(String(id))) lists.set(String(id), []);
    return { lists, last };
  });
}

/** The keys after `after` up to `last` (inclusive), either end open when undefined. */
function stretch(after: string | undefined, last: string | undefined): IDBKeyRange | null {
  if (after === undefined) return last === undefined ? null : IDBKeyRange.upperBound(last);
  return last === undefined ? IDBKeyRange.lowerBound(after, true) : IDBKeyRange.bound(after, last, true);
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

/**
 * The next moment the page has nothing more urgent to do: a background task where the Scheduler API
 * is (Chromium; idle callbacks wait for a frame, and a page that draws nothing, such as the lock
 * screen while the PIN is typed, has few), an idle callback (a second at most) where it is not, or
 * the next task where neither is (Safari).
 */
function whenIdle(): Promise<void> {
  if (typeof scheduler !== 'undefined') return scheduler.postTask(() => {}, { priority: 'background' });
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 1000 });
    else setTimeout(resolve, 0);
  });
}
