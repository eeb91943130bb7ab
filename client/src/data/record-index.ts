import type { Applicant, Case } from '@daiban/schemas';
import { type DBCore, type DBCoreMutateRequest, Dexie, type Middleware } from 'dexie';
import type { DaibanDb } from './db.ts';

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
  | { table: 'applicants' | 'cases'; put: readonly object[] }
  | { table: 'applicants' | 'cases'; deleted: string[] }
  /** Rows deleted by a key range (a table cleared): the index is built again. */
  | { table: 'applicants' | 'cases'; range: true };

/** Every case's keys and every villager's, as read when the index is built. */
export interface IndexedRecords {
  cases: CaseKeys[];
  applicants: ApplicantKeys[];
}

/**
 * The tablet's cases and villagers as the lists and searches need them (CaseKeys, ApplicantKeys), in
 * memory while the vault is open: a list or a search reads no IndexedDB index, so the tables need none
 * beyond their ids, and storing a pulled record costs one row write (issue 18, first sync). Built once
 * from the tables (`ready`), then kept by every write of villagers and cases as it is made
 * (`recordIndexMiddleware`); dropped when the vault closes, for it holds names and ID numbers.
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
  /** Writes made while a build reads the tables: taken in on top of what it read. */
  private log: Change[] | undefined;
  private building: Promise<void> | undefined;
  /** Counts clears: a build begun before one keeps nothing. */
  private generation = 0;
  private built = false;

  get isBuilt(): boolean {
    return this.built;
  }

  /** Resolves once the index holds every record; `read` reads them all (in one transaction) if it must be built. */
  ready(read: () => Promise<IndexedRecords>): Promise<void> {
    if (this.built) return Promise.resolve();
    this.building ??= this.build(read).finally(() => {
      this.building = undefined;
    });
    return this.building;
  }

  private async build(read: () => Promise<IndexedRecords>): Promise<void> {
    for (;;) {
      const generation = this.generation;
      const log: Change[] = [];
      this.log = log;
      let records: IndexedRecords;
      try {
        records = await read();
      } finally {
        if (this.log === log) this.log = undefined;
      }
      // Cleared while reading (a write undone, the vault closed): what was read may be wrong.
      if (generation !== this.generation) continue;
      this.reset();
      for (const a of records.applicants) this.putApplicant(a);
      for (const c of records.cases) this.putCase(c);
      for (const change of log) this.apply(change);
      this.built = true;
      return;
    }
  }

  /** Forgets everything (the vault closed, or a write was undone): the next `ready` builds the index again. */
  clear(): void {
    this.generation++;
    this.built = false;
    this.log = undefined;
    this.reset();
  }

  /** Takes in a write IndexedDB has done (recordIndexMiddleware). */
  written(change: Change): void {
    if ('range' in change) this.clear();
    else if (this.log) this.log.push(change);
    else if (this.built) this.apply(change);
  }

  caseKeys(id: string): CaseKeys | undefined {
    return this.cases.get(id);
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
    const { id, caseNumber, status, applicantId, serviceItemCode, createdAt, updatedAt, dueDate, agentId, handlerId } = c;
    const keys: CaseKeys = {
      id,
      caseNumber,
      status: this.once(status),
      applicantId: this.once(applicantId),
      serviceItemCode: this.once(serviceItemCode),
      createdAt,
      updatedAt,
      dueDate: this.once(dueDate),
      agentId: this.once(agentId),
      handlerId: this.once(handlerId),
    };
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

  private reset(): void {
    this.shared.clear();
    this.cases.clear();
    this.applicants.clear();
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

function changeOf(table: 'applicants' | 'cases', req: DBCoreMutateRequest): Change {
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
 * The record index, built if need be. In a live query it also watches every case and villager: one
 * row read from each table subscribes the query to any write of either (the index itself is no
 * IndexedDB read). Called inside a transaction over both tables, it builds the index in a transaction
 * of its own only when it must; commands make sure it is built before their transaction.
 */
export async function recordsOf(db: DaibanDb): Promise<RecordIndex> {
  await Promise.all([db.cases.limit(1).toArray(), db.applicants.limit(1).toArray()]);
  await Dexie.ignoreTransaction(() => db.records.ready(() => readRecords(db)));
  return db.records;
}

/**
 * Every case's keys and every villager's, in one transaction. The cases' keys are kept in clear
 * (sealing.ts), so their rows are read as stored, without opening the sealed part of each.
 */
function readRecords(db: DaibanDb): Promise<IndexedRecords> {
  return db.transaction('r', db.cases, db.applicants, async (tx) => {
    const rows = new Promise<CaseKeys[]>((resolve, reject) => {
      const request = tx.idbtrans.objectStore('cases').getAll();
      request.onerror = () => reject(request.error);
      request.onsuccess = () => resolve(request.result);
    });
    const [cases, applicants] = await Promise.all([rows, db.applicants.toArray()]);
    return { cases, applicants };
  });
}
