import { applicantSchema, caseSchema } from '@daiban/schemas';
import {
  cmp,
  type DBCore,
  type DBCoreKeyRange,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreRangeType,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
} from 'dexie';
import { arrayCursor } from './array-cursor.ts';
import { EVERY_KEY, inRange } from './key-ranges.ts';
import { openPage, type RecordPage, type StoredPage } from './page-sealing.ts';
import { type CaseKeys, caseKeysOf } from './record-index.ts';
import type { VaultState } from './sealing.ts';

/**
 * Pulled records kept in their page (issue 18, first sync). A fresh tablet pulls its village's 100,000
 * records in pages of 1,000; written one row each, every record cost IndexedDB a write and the vault a
 * seal of its own, and the first sync took 12 s in Chromium. A full page is stored instead as one
 * `pages` row: its body as the server sent it, sealed in one go. Beside it, a `pageIds` row per table
 * in clear names the villagers and cases read from it (those without local changes) and, for cases,
 * holds what the lists read of each (CaseKeys, nothing personal).
 *
 * The tables stay what the rest of the data layer reads: below Dexie's own layers, a record of `cases`
 * or `applicants` is its own row if it has one, else its copy in the newest page holding it. Every
 * read (get, bulkGet, toArray, filter, count) sees both, a page's records checked against their
 * schema as every pulled record is. A record written as its own row (a local change, a small pull)
 * hides its page copy; a page written holds the newest server version of its records and removes
 * their own rows; a record deleted is also taken out of every page.
 *
 * Which page holds a record is kept in memory (`PageState`) once read, as the record index is: one
 * tab writes a tablet's database. Every transaction over a paged table also covers the page tables,
 * so a page is written and read in the same transaction as its records.
 */

export const PAGED_TABLES = ['cases', 'applicants'] as const;
export type PagedTable = (typeof PAGED_TABLES)[number];

/** The schema a record read from a page is checked against: a page is stored as the server sent it. */
const SCHEMAS = { cases: caseSchema, applicants: applicantSchema } as const;

/** Which records of one table a page holds, in clear; for cases also what the lists and searches read of each. */
export interface PageIds {
  page: number;
  table: PagedTable;
  ids: string[];
  keys?: CaseKeys[];
}

/** A pulled page's records of one table are stored in its page from this many on; fewer go row by row. */
export const PAGE_MIN_RECORDS = 200;

/** Arrays of records `storePage` hands to bulkPut to be kept in their page (`asPage`), with the page. */
const pulledPages = new WeakMap<readonly object[], StoredPage>();

/** Marks a pulled page's records of one table to be kept in `page`, if there are enough of them. */
export function asPage<T extends { id: string }>(records: T[], page: StoredPage | undefined, min = PAGE_MIN_RECORDS): T[] {
  if (page && records.length >= min) pulledPages.set(records, page);
  return records;
}

/** The last page number given out in each transaction writing pages, and each page's there. */
const pageNumbers = new WeakMap<DBCoreTransaction, Promise<number>>();
const pagesWritten = new WeakMap<DBCoreTransaction, Map<StoredPage, Promise<number>>>();

/** How many opened pages (of one table each) are kept for reads of single records. */
const OPENED_PAGES = 4;

/** What this tab knows of the pages: which holds each record, and a few opened ones. */
export class PageState {
  private holders: Partial<Record<PagedTable, Map<string, number>>> = {};
  /** Records of pages opened lately, by page and table, as stored: `checked` copies them out. */
  private readonly opened = new Map<string, Map<string, object>>();

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

  openedPage(page: number, table: PagedTable): Map<string, object> | undefined {
    const key = `${page}/${table}`;
    const records = this.opened.get(key);
    if (records) {
      this.opened.delete(key);
      this.opened.set(key, records);
    }
    return records;
  }

  keepOpened(page: number, table: PagedTable, records: Map<string, object>): void {
    this.opened.set(`${page}/${table}`, records);
    for (const old of this.opened.keys()) {
      if (this.opened.size <= OPENED_PAGES) break;
      this.opened.delete(old);
    }
  }

  dropOpened(page: number): void {
    for (const table of PAGED_TABLES) this.opened.delete(`${page}/${table}`);
  }
}

export function recordPagesMiddleware(state: PageState, vault: VaultState): Middleware<DBCore> {
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
            table: (name) => (isPaged(name) ? pagedTable(down, name, state, vault) : down.table(name)),
          },
  };
}

const isPaged = (name: string): name is PagedTable => (PAGED_TABLES as readonly string[]).includes(name);

const ok = (keys: string[]): DBCoreMutateResponse => ({ numFailures: 0, failures: {}, lastResult: keys.at(-1), results: keys });

function pagedTable(down: DBCore, name: PagedTable, state: PageState, vault: VaultState): DBCoreTable {
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
      for (const row of rows) for (const id of row.ids) found.set(id, row.page);
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

  /** Pages' records of this table by id, as stored (the vault must be open for a sealed page). */
  function openPages(trans: DBCoreTransaction, numbers: number[], keep: boolean): Promise<Map<number, Map<string, object>>> {
    const opened = new Map<number, Map<string, object>>();
    const toRead: number[] = [];
    for (const n of numbers) {
      const records = keep ? state.openedPage(n, name) : undefined;
      if (records) opened.set(n, records);
      else toRead.push(n);
    }
    if (toRead.length === 0) return Promise.resolve(opened);
    return pages.getMany({ trans, keys: toRead }).then((rows) => {
      toRead.forEach((n, i) => {
        const row = rows[i] as RecordPage | undefined;
        const body = row ? openPage(vault, row) : {};
        const records = new Map(((body[name] ?? []) as { id: string }[]).map((r) => [r.id, r as object]));
        opened.set(n, records);
        if (keep) state.keepOpened(n, name, records);
      });
      return opened;
    });
  }

  /** A record as the data layer has it: checked, and a copy of its own (an opened page is kept). */
  const checked = (record: object | undefined) => record && (SCHEMAS[name].parse(record) as object);

  /** Records with no row of their own, from their pages (undefined where no page holds one). */
  function fromPages(trans: DBCoreTransaction, ids: string[], again = false): Promise<(object | undefined)[]> {
    return holders(trans, again).then((where) => {
      if (!again && ids.some((id) => !where.has(id))) return fromPages(trans, ids, true);
      const numbers = [...new Set(ids.flatMap((id) => where.get(id) ?? []))];
      return openPages(trans, numbers, true).then((opened) => ids.map((id) => checked(opened.get(where.get(id) ?? -1)?.get(id))));
    });
  }

  /** Every record in `range` that lives in a page (its newest page, and no row of its own in `ownKeys`). */
  function pagedInRange(trans: DBCoreTransaction, range: DBCoreKeyRange, ownKeys: Set<string>, values: boolean) {
    return holders(trans, true).then((where) => {
      const living = [...where].filter(([id]) => !ownKeys.has(id) && inRange(id, range));
      if (!values) return living.map(([id]) => ({ key: id, value: undefined as object | undefined }));
      return openPages(trans, [...new Set(living.map(([, n]) => n))], false).then((opened) =>
        living.map(([id, n]) => ({ key: id, value: checked(opened.get(n)?.get(id)) })),
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

  /** Keeps a pulled page's records in their page: their own rows, older views, go. */
  function writePage(
    trans: DBCoreTransaction,
    records: readonly { id: string }[],
    source: StoredPage,
  ): Promise<DBCoreMutateResponse> {
    watchForAbort(trans);
    const ids = records.map((r) => r.id);
    const sorted = [...ids].sort(cmp);
    const span: DBCoreKeyRange = { type: 2 as DBCoreRangeType.Range, lower: sorted[0], upper: sorted.at(-1) };
    const inPage = new Set(ids);
    return Promise.all([
      table.query({ trans, values: false, query: { index: primaryKey, range: span } }),
      pageOf(trans, source),
      holders(trans),
    ]).then(([own, n, where]) => {
      const stale = (own.result as string[]).filter((id) => inPage.has(id));
      const row: PageIds = {
        page: n,
        table: name,
        ids,
        ...(name === 'cases' ? { keys: records.map((r) => caseKeysOf(r as CaseKeys)) } : {}),
      };
      return Promise.all([
        stale.length > 0 && table.mutate({ type: 'delete', trans, keys: stale }),
        pageIds.mutate({ type: 'put', trans, values: [row] }),
      ]).then(() => {
        for (const id of ids) where.set(id, n);
        return ok(ids);
      });
    });
  }

  /** The number of a pulled page, written once in a transaction however many tables keep records in it. */
  function pageOf(trans: DBCoreTransaction, source: StoredPage): Promise<number> {
    let written = pagesWritten.get(trans);
    if (!written) {
      written = new Map();
      pagesWritten.set(trans, written);
    }
    let n = written.get(source);
    if (!n) {
      n = nextPageNumber(trans).then((next) =>
        pages.mutate({ type: 'put', trans, values: [{ ...source, id: next } satisfies RecordPage] }).then(() => next),
      );
      written.set(source, n);
    }
    return n;
  }

  /**
   * The number of a new page: one more than the last, in the order pages are written (the newest
   * holds a record). A pulled page writes its villagers and its cases at once, in one transaction.
   */
  function nextPageNumber(trans: DBCoreTransaction): Promise<number> {
    const last =
      pageNumbers.get(trans) ??
      pages
        .query({ trans, values: false, limit: 1, direction: 'prev', query: { index: pages.schema.primaryKey, range: EVERY_KEY } })
        .then((res) => (res.result[0] as number | undefined) ?? 0);
    const next = last.then((n) => n + 1);
    pageNumbers.set(trans, next);
    return next;
  }

  /** Takes these records out of every page that holds them; a page left holding none goes. */
  function takeOut(trans: DBCoreTransaction, gone: (id: string) => boolean): Promise<void> {
    watchForAbort(trans);
    return pageIdRows(trans).then((rows) => {
      const writes: Promise<unknown>[] = [];
      for (const row of rows) {
        const kept = row.ids.map((id, i) => [id, i] as const).filter(([id]) => !gone(id));
        if (kept.length === row.ids.length) continue;
        state.dropOpened(row.page);
        if (kept.length > 0) {
          const keys = row.keys && kept.map(([, i]) => row.keys?.[i] as CaseKeys);
          const rewritten: PageIds = { ...row, ids: kept.map(([id]) => id), ...(keys ? { keys } : {}) };
          writes.push(pageIds.mutate({ type: 'put', trans, values: [rewritten] }));
          continue;
        }
        const pageRows: DBCoreKeyRange = { type: 2 as DBCoreRangeType.Range, lower: [row.page], upper: [row.page, []] };
        writes.push(
          pageIds
            .mutate({ type: 'delete', trans, keys: [[row.page, name]] })
            .then(() => pageIds.count({ trans, query: { index: pageIds.schema.primaryKey, range: pageRows } }))
            .then((left): Promise<unknown> | undefined =>
              left === 0 ? pages.mutate({ type: 'delete', trans, keys: [row.page] }) : undefined,
            ),
        );
      }
      state.setHolders(name, new Map());
      return Promise.all(writes).then(() => holders(trans, true).then(() => undefined));
    });
  }

  function mutate(req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
    const source = req.type === 'put' ? pulledPages.get(req.values) : undefined;
    if (req.type === 'put' && source) return writePage(req.trans, req.values as { id: string }[], source);
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
