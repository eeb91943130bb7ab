import type { Applicant, Case } from '@daiban/schemas';
import { type DBCore, type DBCoreMutateRequest, type DBCoreTransaction, Dexie, type Middleware } from 'dexie';
import type { DaibanDb } from './db.ts';
import { EVERY_KEY } from './key-ranges.ts';
import type { PageIds } from './record-pages.ts';

/** What the case lists and searches read of a case: its list fields, none of them personal. */
export type CaseKeys = Pick<
  Case,
  | 'id'
  | 'caseNumber'
  | 'status'
  | 'applicantId'
  | 'serviceItemCode'
  | 'createdAt'
  | 'updatedAt'
  | 'dueDate'
  | 'agentId'
  | 'handlerId'
>;

/** What a search reads of a villager. */
export type ApplicantKeys = Pick<Applicant, 'id' | 'name' | 'idNumber' | 'phone'>;

/** A case's list fields alone; `share` keeps one copy of values many cases have (RecordIndex.once). */
export function caseKeysOf(c: CaseKeys, share: <T extends string | undefined>(value: T) => T = (v) => v): CaseKeys {
  const { id, caseNumber, status, applicantId, serviceItemCode, createdAt, updatedAt, dueDate, agentId, handlerId } = c;
  return {
    id,
    caseNumber,
    status: share(status),
    applicantId: share(applicantId),
    serviceItemCode: share(serviceItemCode),
    createdAt,
    updatedAt,
    dueDate: share(dueDate),
    agentId: share(agentId),
    handlerId: share(handlerId),
  };
}

function applicantKeysOf(a: ApplicantKeys): ApplicantKeys {
  const { id, name, idNumber, phone } = a;
  return { id, name, idNumber, phone };
}

/** Newest change first; among cases changed at the same moment, the higher id first. */
export function newestFirst(a: CaseKeys, b: CaseKeys): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** A write to villagers or cases, as the index takes it in. */
type Change =
  | { table: Half; put: readonly object[] }
  | { table: Half; deleted: string[] }
  /** Rows deleted by a key range (a table cleared): the index is built again. */
  | { table: Half; range: true };

/**
 * The index's two halves, built apart: a list without a search needs only the cases', whose keys are
 * kept in clear (it is built without opening a sealed row, even with the vault locked); a search by
 * name or ID number needs the villagers' too, which need the vault open.
 */
export type Half = 'cases' | 'applicants';

/** How far one half is built. */
class HalfState {
  built = false;
  /** Writes made while a build reads the table: taken in on top of what it read. */
  log: Change[] | undefined;
  building: Promise<void> | undefined;
  /** Counts clears: a build begun before one keeps nothing. */
  generation = 0;
}

/**
 * The tablet's cases and villagers as the lists and searches need them (CaseKeys, ApplicantKeys), in
 * memory: a list or a search reads no IndexedDB index, so the tables need none beyond their ids, and
 * storing a pulled record costs one row write (issue 18, first sync). Each half is built once from its
 * table (`ready`), then kept by every write as it is made (`recordIndexMiddleware`); the whole index is
 * dropped when the vault closes, for it holds names and ID numbers.
 *
 * A write is taken in as it is made, before its transaction commits, so a live query run again for it
 * sees it. A write that fails, or whose transaction aborts, leaves the index ahead of the tables: the
 * index is then built again.
 */
export class RecordIndex {
  private readonly cases = new Map<string, CaseKeys>();
  private readonly applicants = new Map<string, ApplicantKeys>();
  private readonly casesOf = new Map<string, Set<string>>();
  private readonly shared = new Map<string, string>();
  /** Every case, newest change first, as of the last list: cases written since are in `moved`. */
  private ordered: CaseKeys[] = [];
  private readonly moved = new Set<string>();
  private readonly halves: Record<Half, HalfState> = { cases: new HalfState(), applicants: new HalfState() };

  isBuilt(half: Half): boolean {
    return this.halves[half].built;
  }

  /** Resolves once a half holds every record of its table; `read` reads them all if it must be built. */
  ready<H extends Half>(half: H, read: () => Promise<readonly (H extends 'cases' ? CaseKeys : ApplicantKeys)[]>): Promise<void> {
    const state = this.halves[half];
    if (state.built) return Promise.resolve();
    state.building ??= this.build(half, read).finally(() => {
      state.building = undefined;
    });
    return state.building;
  }

  private async build(half: Half, read: () => Promise<readonly object[]>): Promise<void> {
    const state = this.halves[half];
    for (;;) {
      const generation = state.generation;
      const log: Change[] = [];
      state.log = log;
      let rows: readonly object[];
      try {
        rows = await read();
      } finally {
        if (state.log === log) state.log = undefined;
      }
      // Cleared while reading (a write undone, the vault closed): what was read may be wrong.
      if (generation !== state.generation) continue;
      this.reset(half);
      this.apply({ table: half, put: rows });
      for (const change of log) this.apply(change);
      state.built = true;
      return;
    }
  }

  /** Forgets everything (the vault closed, or a write was undone): the next `ready` builds the index again. */
  clear(): void {
    for (const half of ['cases', 'applicants'] as const) {
      const state = this.halves[half];
      state.generation++;
      state.built = false;
      state.log = undefined;
      this.reset(half);
    }
  }

  /** Takes in a write as it is made (recordIndexMiddleware). */
  written(change: Change): void {
    const state = this.halves[change.table];
    if ('range' in change) this.clear();
    else if (state.log) state.log.push(change);
    else if (state.built) this.apply(change);
  }

  applicantKeys(id: string): ApplicantKeys | undefined {
    return this.applicants.get(id);
  }

  /** Every case, newest change first. */
  newestFirst(): readonly CaseKeys[] {
    if (this.moved.size === 0) return this.ordered;
    // Merge the cases written since the last list into the rest, which is still in order.
    const moved = [...this.moved].flatMap((id) => this.cases.get(id) ?? []).sort(newestFirst);
    const rest = this.ordered.filter((c) => !this.moved.has(c.id));
    const merged: CaseKeys[] = new Array(rest.length + moved.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) {
      const next = j >= moved.length || (i < rest.length && newestFirst(rest[i] as CaseKeys, moved[j] as CaseKeys) <= 0);
      merged[k] = (next ? rest[i++] : moved[j++]) as CaseKeys;
    }
    this.ordered = merged;
    this.moved.clear();
    return merged;
  }

  /** A villager's cases, newest change first. */
  casesOfApplicant(applicantId: string): CaseKeys[] {
    return [...(this.casesOf.get(applicantId) ?? [])].flatMap((id) => this.cases.get(id) ?? []).sort(newestFirst);
  }

  /** Every villager, in no particular order. */
  allApplicants(): IterableIterator<ApplicantKeys> {
    return this.applicants.values();
  }

  private apply(change: Change): void {
    const isCases = change.table === 'cases';
    if ('range' in change) return;
    if ('deleted' in change) {
      for (const id of change.deleted) {
        if (isCases) this.deleteCase(id);
        else this.applicants.delete(id);
      }
    } else {
      for (const row of change.put) {
        if (isCases) this.putCase(row as CaseKeys);
        else this.putApplicant(row as ApplicantKeys);
      }
    }
  }

  private putCase(c: CaseKeys): void {
    const before = this.cases.get(c.id);
    if (before && before.applicantId !== c.applicantId) this.casesOf.get(before.applicantId)?.delete(c.id);
    const keys = caseKeysOf(c, (v) => this.once(v));
    this.cases.set(c.id, keys);
    let ofApplicant = this.casesOf.get(c.applicantId);
    if (!ofApplicant) {
      ofApplicant = new Set();
      this.casesOf.set(c.applicantId, ofApplicant);
    }
    ofApplicant.add(c.id);
    this.moved.add(c.id);
  }

  private deleteCase(id: string): void {
    const before = this.cases.get(id);
    if (!before) return;
    this.cases.delete(id);
    this.casesOf.get(before.applicantId)?.delete(id);
    this.moved.add(id);
  }

  /**
   * One copy of a value many cases share (a villager's id, the agents', items, statuses, due days):
   * IndexedDB gives every row its own copies, and 100,000 cases' keys would keep them all (44 MB
   * for the first-sync benchmark's village instead of 30).
   */
  private once<T extends string | undefined>(value: T): T {
    if (value === undefined) return value;
    const kept = this.shared.get(value);
    if (kept !== undefined) return kept as T;
    this.shared.set(value, value);
    return value;
  }

  private putApplicant(a: ApplicantKeys): void {
    this.applicants.set(a.id, applicantKeysOf(a));
  }

  private reset(half: Half): void {
    if (half === 'applicants') {
      this.applicants.clear();
      return;
    }
    this.shared.clear();
    this.cases.clear();
    this.casesOf.clear();
    this.ordered = [];
    this.moved.clear();
  }
}

/**
 * Tells the record index of every write of villagers and cases as it is made, before IndexedDB does it
 * (a live query may run again before the write's request succeeds); should the write fail, in part or
 * whole, or its transaction abort, the index is built again. It sits above the sealing, so it sees
 * records as they are.
 */
export function recordIndexMiddleware(index: RecordIndex): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'RecordIndex',
    level: 5,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'applicants' && name !== 'cases') return table;
        return {
          ...table,
          mutate: (req) => {
            watchForAbort(req.trans as unknown as IDBTransaction, index);
            index.written(changeOf(name, req));
            return table.mutate(req).then(
              (res) => {
                if (res.numFailures > 0) index.clear();
                return res;
              },
              (error) => {
                index.clear();
                throw error;
              },
            );
          },
        };
      },
    }),
  };
}

/** The transactions whose abort drops the index: each is watched once. */
const watched = new WeakSet<IDBTransaction>();

/**
 * Drops the index when `trans` aborts (below Dexie, a DBCore transaction is IndexedDB's own). Dexie
 * rejects a transaction whose function failed as it calls `abort()`, before IndexedDB's abort event:
 * the index is dropped in that call, so no read made once the rejection is seen finds the undone write.
 */
function watchForAbort(trans: IDBTransaction, index: RecordIndex): void {
  if (watched.has(trans)) return;
  watched.add(trans);
  const abort = trans.abort;
  trans.abort = () => {
    index.clear();
    abort.call(trans);
  };
  trans.addEventListener('abort', () => index.clear());
}

function changeOf(table: Half, req: DBCoreMutateRequest): Change {
  switch (req.type) {
    case 'add':
    case 'put':
      return { table, put: req.values };
    case 'delete':
      return { table, deleted: req.keys.map(String) };
    case 'deleteRange':
      return { table, range: true };
  }
}

/**
 * The record index with these halves built. In a live query it also watches their tables (`watch`), as
 * the index itself is no IndexedDB read. A half is built in a transaction of its own: commands make
 * sure it is built before they open theirs.
 */
export async function recordsOf(db: DaibanDb, ...halves: Half[]): Promise<RecordIndex> {
  await watch(db, halves);
  await Dexie.ignoreTransaction(() => Promise.all(halves.map((half) => buildHalf(db, half))));
  return db.records;
}

/**
 * Builds a half of the index if it is not built. The cases' keys are kept in clear (sealing.ts): their
 * rows are read as stored, without opening the sealed part of each, and with the vault still locked.
 */
export function buildHalf(db: DaibanDb, half: Half): Promise<void> {
  if (half === 'applicants') return db.records.ready('applicants', () => db.applicants.toArray());
  return db.records.ready('cases', () =>
    db.transaction('r', [db.cases, db.pageIds], async (tx) => {
      const [own, pages] = await Promise.all([
        allRows<CaseKeys>(tx.idbtrans.objectStore('cases')),
        allRows<PageIds>(tx.idbtrans.objectStore('pageIds')),
      ]);
      return withPagedCases(own, pages);
    }),
  );
}

function allRows<T>(store: IDBObjectStore): Promise<T[]> {
  const request = store.getAll();
  return new Promise<T[]>((resolve, reject) => {
    request.onerror = () => reject(request.error);
    request.onsuccess = () => resolve(request.result);
  });
}

/** Cases with rows of their own, and those living in pages (record-pages.ts): the newest page holding each. */
function withPagedCases(own: CaseKeys[], pages: PageIds[]): CaseKeys[] {
  const paged = new Map<string, CaseKeys>();
  for (const page of pages) for (const keys of page.table === 'cases' ? (page.keys ?? []) : []) paged.set(keys.id, keys);
  if (paged.size === 0) return own;
  for (const c of own) paged.delete(c.id);
  return [...own, ...paged.values()];
}

/**
 * Subscribes a live query to every write of these tables: on each, a cursor opened over all its ids,
 * and not moved, all in one transaction. Dexie records the range a cursor covers as read, and every
 * write as its ids, so any write runs the query again; no row is read, so nothing sealed is opened,
 * and the vault may be locked.
 */
function watch(db: DaibanDb, halves: Half[]): Promise<void> {
  const tables = halves.map((half) => db.table(half));
  return db.transaction('r', tables, async (tx) => {
    const trans = tx.idbtrans as unknown as DBCoreTransaction;
    await Promise.all(
      tables.map(({ core }) =>
        core.openCursor({ trans, values: false, query: { index: core.schema.primaryKey, range: EVERY_KEY } }),
      ),
    );
  });
}
