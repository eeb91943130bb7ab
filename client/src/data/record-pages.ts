import {
  cmp,
  type DBCore,
  type DBCoreCursor,
  type DBCoreKeyRange,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreRangeType,
  type DBCoreTable,
  type DBCoreTransaction,
  Dexie,
  type Middleware,
} from 'dexie';
import { type CaseKeys, caseKeysOf } from './record-index.ts';

/**
 * Pulled records a page to a row (issue 18, first sync). A fresh tablet pulls its village's 100,000
 * records in pages of 1,000; written one row each, every record cost IndexedDB a write and the vault a
 * seal of its own, and the first sync took 12 s in Chromium. A pulled page's records without local
 * changes are stored instead as one `pages` row, sealed whole, beside one `pageIds` row in clear with
 * their ids (and, for cases, what the lists read of each: CaseKeys, nothing personal).
 *
 * The tables stay what the rest of the data layer reads: below Dexie's own layers, a record of `cases`
 * or `applicants` is its own row if it has one, else its copy in the newest page holding it. Every
 * read (get, bulkGet, toArray, filter, count) sees both; a record written as its own row (a local
 * change, a small pull) hides its page copy; a page written holds the newest server version of its
 * records and removes their own rows; a record deleted is also taken out of every page.
 *
 * Which page holds a record is kept in memory (`PageState`) once read, as the record index is: one
 * tab writes a tablet's database. The store of a read-write transaction over a paged table always
 * includes the page tables, so a page is written and read in the same transaction as its records.
 */

export const PAGED_TABLES = ['cases', 'applicants'] as const;
export type PagedTable = (typeof PAGED_TABLES)[number];

/** A page of pulled records: sealing.ts keeps `id` and `table` in clear and seals `records` in one go. */
export interface RecordPage {
  id: number;
  table: PagedTable;
  records: { id: string }[];
}

/** Which records a page holds, in clear; for cases also what the lists and searches read of each. */
export interface PageIds {
  id: number;
  table: PagedTable;
  ids: string[];
  keys?: CaseKeys[];
}

/** A pulled page's records of one table are stored as a page from this many on; fewer go row by row. */
export const PAGE_MIN_RECORDS = 200;

/** Arrays of records `storePage` hands to bulkPut to be written as one page (`asPage`). */
const pulledPages = new WeakSet<readonly object[]>();

/** Marks a pulled page's records to be stored as one page, if there are enough of them. */
export function asPage<T extends { id: string }>(records: T[], min = PAGE_MIN_RECORDS): T[] {
  if (records.length >= min) pulledPages.add(records);
  return records;
}

/** The last page number given out in each transaction writing pages. */
const pageNumbers = new WeakMap<DBCoreTransaction, Promise<number>>();

/** How many opened pages are kept for reads of single records. */
const OPENED_PAGES = 4;

/** What this tab knows of the pages: which holds each record, and a few opened ones. */
export class PageState {
  private holders: Partial<Record<PagedTable, Map<string, number>>> = {};
  private readonly opened = new Map<number, Map<string, object>>();

  /** Forgets everything (the vault closed, or a transaction writing pages aborted). */
  forget(): void {
    this.holders = {};
    this.opened.clear();
  }

  holdersOf(table: PagedTable): Map<string, number> | undefined {
    return this.holders[table];
  }

  setHolders(table: PagedTable, holders: Map<string, number>): void {
    this.holders[table] = holders;
  }

  openedPage(page: number): Map<string, object> | undefined {
    const records = this.opened.get(page);
    if (records) {
      this.opened.delete(page);
      this.opened.set(page, records);
    }
    return records;
  }

  keepOpened(page: number, records: Map<string, object>): void {
    this.opened.set(page, records);
    for (const old of this.opened.keys()) {
      if (this.opened.size <= OPENED_PAGES) break;
      this.opened.delete(old);
    }
  }

  dropOpened(page: number): void {
    this.opened.delete(page);
  }
}

export function recordPagesMiddleware(state: PageState): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'RecordPages',
    // Above the sealing (pages are sealed as rows are), below Dexie's layers and the record index,
    // which see a page's records as the puts they were.
    level: -5,
    // An upgrade from a version before 14 runs its steps on that version's tables: no pages yet.
    create: (down) =>
      !down.schema.tables.some((t) => t.name === 'pages')
        ? down
        : {
            ...down,
            transaction: (stores, mode, options) =>
              down.transaction(stores.some(isPaged) ? [...new Set([...stores, 'pages', 'pageIds'])] : stores, mode, options),
            table: (name) => (isPaged(name) ? pagedTable(down, name, state) : down.table(name)),
          },
  };
}

const isPaged = (name: string): name is PagedTable => (PAGED_TABLES as readonly string[]).includes(name);

/** The whole key range (DBCoreRangeType is a const enum, which an isolated module cannot read). */
const EVERY_KEY: DBCoreKeyRange = { type: 2 as DBCoreRangeType.Range, lower: Dexie.minKey, upper: Dexie.maxKey };

function inRange(key: unknown, range: DBCoreKeyRange): boolean {
  switch (range.type as number) {
    case 1:
      return cmp(key, range.lower) === 0;
    case 3:
      return true;
    case 4:
      return false;
  }
  const lower = cmp(key, range.lower);
  const upper = cmp(key, range.upper);
  return (range.lowerOpen ? lower > 0 : lower >= 0) && (range.upperOpen ? upper < 0 : upper <= 0);
}

const ok = (keys: string[]): DBCoreMutateResponse => ({ numFailures: 0, failures: {}, lastResult: keys.at(-1), results: keys });

function pagedTable(down: DBCore, name: PagedTable, state: PageState): DBCoreTable {
  const table = down.table(name);
  const pages = down.table('pages');
  const pageIds = down.table('pageIds');
  const primaryKey = table.schema.primaryKey;
  const watched = new WeakSet<DBCoreTransaction>();

  /** The page of each record, read from `pageIds` if this tab does not know it yet (or `again`). */
  function holders(trans: DBCoreTransaction, again = false): Promise<Map<string, number>> {
    const known = state.holdersOf(name);
    if (known && !again) return Promise.resolve(known);
    return pageIdRows(trans).then((rows) => {
      const found = new Map<string, number>();
      for (const row of rows) for (const id of row.ids) found.set(id, row.id);
      state.setHolders(name, found);
      return found;
    });
  }

  /** This table's rows of `pageIds`, oldest page first. */
  function pageIdRows(trans: DBCoreTransaction): Promise<PageIds[]> {
    return pageIds
      .query({ trans, values: true, query: { index: pageIds.schema.primaryKey, range: EVERY_KEY } })
      .then((res) => (res.result as PageIds[]).filter((row) => row.table === name));
  }

  /** A page's records by id, opened (the vault must be open for a sealed page). */
  function openPages(trans: DBCoreTransaction, numbers: number[], keep: boolean): Promise<Map<number, Map<string, object>>> {
    const opened = new Map<number, Map<string, object>>();
    const toRead: number[] = [];
    for (const n of numbers) {
      const records = keep ? state.openedPage(n) : undefined;
      if (records) opened.set(n, records);
      else toRead.push(n);
    }
    if (toRead.length === 0) return Promise.resolve(opened);
    return pages.getMany({ trans, keys: toRead }).then((rows) => {
      toRead.forEach((n, i) => {
        const records = new Map(((rows[i] as RecordPage | undefined)?.records ?? []).map((r) => [r.id, r as object]));
        opened.set(n, records);
        if (keep) state.keepOpened(n, records);
      });
      return opened;
    });
  }

  /** Records with no row of their own, from their pages (undefined where no page holds one). */
  function fromPages(trans: DBCoreTransaction, ids: string[], again = false): Promise<(object | undefined)[]> {
    return holders(trans, again).then((where) => {
      if (!again && ids.some((id) => !where.has(id))) return fromPages(trans, ids, true);
      const numbers = [...new Set(ids.flatMap((id) => where.get(id) ?? []))];
      return openPages(trans, numbers, true).then((opened) =>
        // A copy each time: the opened page is kept, and a caller may change what it gets.
        ids.map((id) => {
          const record = opened.get(where.get(id) ?? -1)?.get(id);
          return record && structuredClone(record);
        }),
      );
    });
  }

  /** Every record in `range` that lives in a page (its newest page, and no row of its own in `ownKeys`). */
  function pagedInRange(trans: DBCoreTransaction, range: DBCoreKeyRange, ownKeys: Set<string>, values: boolean) {
    return holders(trans, true).then((where) => {
      const living = [...where].filter(([id]) => !ownKeys.has(id) && inRange(id, range));
      if (!values) return living.map(([id]) => ({ key: id, value: undefined as object | undefined }));
      return openPages(trans, [...new Set(living.map(([, n]) => n))], false).then((opened) =>
        living.map(([id, n]) => ({ key: id, value: opened.get(n)?.get(id) })),
      );
    });
  }

  /** Own rows and page records in `range`, in key order (reversed for 'prev'), at most `limit`. */
  function everyInRange(trans: DBCoreTransaction, range: DBCoreKeyRange, values: boolean, reverse: boolean, limit?: number) {
    return table.query({ trans, values, query: { index: primaryKey, range } }).then((own) => {
      const ownRows = (own.result as ({ id: string } | string)[]).map((r) =>
        typeof r === 'string' ? { key: r, value: undefined } : { key: r.id, value: r as object | undefined },
      );
      const ownKeys = new Set(ownRows.map((r) => r.key));
      return pagedInRange(trans, range, ownKeys, values).then((paged) => {
        const all = [...ownRows, ...paged];
        all.sort((a, b) => (reverse ? -cmp(a.key, b.key) : cmp(a.key, b.key)));
        return limit === undefined ? all : all.slice(0, limit);
      });
    });
  }

  /** Whether any page holds records of this table (read from the database). */
  function hasPages(trans: DBCoreTransaction): Promise<boolean> {
    return holders(trans).then((where) => where.size > 0);
  }

  /** Forgets what this tab knows should a transaction that wrote pages abort. */
  function watchForAbort(trans: DBCoreTransaction): void {
    if (watched.has(trans)) return;
    watched.add(trans);
    (trans as unknown as IDBTransaction).addEventListener('abort', () => state.forget());
  }

  /** Writes a pulled page's records as one page: their own rows, older views, go. */
  function writePage(trans: DBCoreTransaction, records: readonly { id: string }[]): Promise<DBCoreMutateResponse> {
    watchForAbort(trans);
    const ids = records.map((r) => r.id);
    const sorted = [...ids].sort(cmp);
    const span: DBCoreKeyRange = { type: 2 as DBCoreRangeType.Range, lower: sorted[0], upper: sorted.at(-1) };
    const inPage = new Set(ids);
    return Promise.all([
      table.query({ trans, values: false, query: { index: primaryKey, range: span } }),
      nextPageNumber(trans),
      holders(trans),
    ]).then(([own, n, where]) => {
      const stale = (own.result as string[]).filter((id) => inPage.has(id));
      const page: RecordPage = { id: n, table: name, records: [...records] };
      const row: PageIds = {
        id: n,
        table: name,
        ids,
        ...(name === 'cases' ? { keys: records.map((r) => caseKeysOf(r as CaseKeys)) } : {}),
      };
      return Promise.all([
        stale.length > 0 && table.mutate({ type: 'delete', trans, keys: stale }),
        pages.mutate({ type: 'put', trans, values: [page] }),
        pageIds.mutate({ type: 'put', trans, values: [row] }),
      ]).then(() => {
        for (const id of ids) where.set(id, n);
        return ok(ids);
      });
    });
  }

  /**
   * The number of a new page: one more than the last, in the order pages are written (the newest
   * holds a record). A pulled page writes its villagers and its cases at once, in one transaction.
   */
  function nextPageNumber(trans: DBCoreTransaction): Promise<number> {
    const last =
      pageNumbers.get(trans) ??
      pageIds
        .query({
          trans,
          values: false,
          limit: 1,
          direction: 'prev',
          query: { index: pageIds.schema.primaryKey, range: EVERY_KEY },
        })
        .then((res) => (res.result[0] as number | undefined) ?? 0);
    const next = last.then((n) => n + 1);
    pageNumbers.set(trans, next);
    return next;
  }

  /** Takes these records out of every page that holds them; a page left empty goes. */
  function takeOut(trans: DBCoreTransaction, gone: (id: string) => boolean): Promise<void> {
    watchForAbort(trans);
    return pageIdRows(trans).then((rows) => {
      const writes: Promise<unknown>[] = [];
      for (const row of rows) {
        const kept = row.ids.map((id, i) => [id, i] as const).filter(([id]) => !gone(id));
        if (kept.length === row.ids.length) continue;
        state.dropOpened(row.id);
        if (kept.length === 0) {
          writes.push(pages.mutate({ type: 'delete', trans, keys: [row.id] }));
          writes.push(pageIds.mutate({ type: 'delete', trans, keys: [row.id] }));
        } else {
          const keys = row.keys && kept.map(([, i]) => row.keys?.[i] as CaseKeys);
          const rewritten: PageIds = { ...row, ids: kept.map(([id]) => id), ...(keys ? { keys } : {}) };
          writes.push(pageIds.mutate({ type: 'put', trans, values: [rewritten] }));
        }
      }
      state.setHolders(name, new Map());
      return Promise.all(writes).then(() => holders(trans, true).then(() => undefined));
    });
  }

  function mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    if (req.type === 'put' && pulledPages.has(req.values)) return writePage(req.trans, req.values as { id: string }[]);
    if (req.type === 'delete') {
      const keys = new Set(req.keys.map(String));
      const held = state.holdersOf(name);
      if (held && ![...keys].some((id) => held.has(id))) return table.mutate(req);
      return table.mutate(req).then((res) => takeOut(req.trans, (id) => keys.has(id)).then(() => res));
    }
    if (req.type === 'deleteRange') {
      return table.mutate(req).then((res) => takeOut(req.trans, (id) => inRange(id, req.range)).then(() => res));
    }
    return table.mutate(req);
  }

  return {
    ...table,
    mutate,
    get: (req) =>
      table.get(req).then((own) => (own !== undefined ? own : fromPages(req.trans, [String(req.key)]).then(([r]) => r))),
    getMany: (req) =>
      table.getMany(req).then((rows) => {
        const missing = req.keys.filter((_, i) => rows[i] === undefined).map(String);
        if (missing.length === 0) return rows;
        return fromPages(req.trans, missing).then((found) => {
          const byId = new Map(missing.map((id, i) => [id, found[i]]));
          return rows.map((row, i) => row ?? byId.get(String(req.keys[i])));
        });
      }),
    query: (req) => {
      if (!req.query.index.isPrimaryKey) return table.query(req);
      return hasPages(req.trans).then((paged) => {
        if (!paged) return table.query(req);
        const reverse = req.direction === 'prev' || req.direction === 'prevunique';
        return everyInRange(req.trans, req.query.range, req.values !== false, reverse, req.limit).then((rows) => ({
          result: rows.map((r) => (req.values === false ? r.key : r.value)),
        }));
      });
    },
    count: (req) =>
      hasPages(req.trans).then((paged) =>
        paged ? everyInRange(req.trans, req.query.range, false, false).then((rows) => rows.length) : table.count(req),
      ),
    openCursor: (req) => {
      if (req.values === false || !req.query.index.isPrimaryKey) return table.openCursor(req);
      return hasPages(req.trans).then((paged) =>
        paged
          ? everyInRange(req.trans, req.query.range, true, req.reverse === true).then((rows) =>
              arrayCursor(req.trans, rows, req.reverse === true),
            )
          : table.openCursor(req),
      );
    },
  };
}

/** A cursor over rows already read, as Dexie drives one (start, continue, advance, stop). */
function arrayCursor(
  trans: DBCoreTransaction,
  rows: { key: string; value: object | undefined }[],
  reverse: boolean,
): DBCoreCursor | null {
  if (rows.length === 0) return null;
  let at = 0;
  let moved = false;
  let stopped = false;
  let finish: (value?: unknown) => void = () => {};
  let failed: (error: Error) => void = () => {};
  const seek = (key: unknown) => {
    while (at < rows.length && (reverse ? cmp(rows[at]?.key, key) > 0 : cmp(rows[at]?.key, key) < 0)) at++;
  };
  const cursor: DBCoreCursor & { done: boolean } = {
    trans,
    done: false,
    get key() {
      return rows[at]?.key;
    },
    get primaryKey() {
      return rows[at]?.key;
    },
    get value() {
      return rows[at]?.value;
    },
    continue(key?: unknown) {
      if (key === undefined) at++;
      else seek(key);
      moved = true;
    },
    continuePrimaryKey(key: unknown) {
      seek(key);
      moved = true;
    },
    advance(count: number) {
      at += count;
      moved = true;
    },
    stop(value?: unknown) {
      stopped = true;
      finish(value);
    },
    fail(error: Error) {
      stopped = true;
      failed(error);
    },
    next() {
      let once = true;
      return cursor
        .start(() => {
          if (once) {
            once = false;
            cursor.continue();
          } else cursor.stop();
        })
        .then(() => cursor);
    },
    start(onNext: () => void) {
      return new Promise((resolve, reject) => {
        finish = resolve;
        failed = reject;
        stopped = false;
        // Each step runs once the one before moved the cursor, as a request's success would.
        const step = () => {
          if (stopped) return;
          if (at >= rows.length) {
            cursor.done = true;
            resolve(undefined);
            return;
          }
          moved = false;
          try {
            onNext();
          } catch (error) {
            reject(error);
            return;
          }
          if (moved && !stopped) queueMicrotask(step);
        };
        step();
      });
    },
  };
  return cursor;
}
