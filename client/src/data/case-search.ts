import { type Case, type CaseStatus, chinaDate, deadlineState, OPEN_STATUSES, type WorkCalendar } from '@daiban/schemas';
import { type DBCoreRangeType, Dexie } from 'dexie';
import { applicantIdsNamed } from './applicant-search.ts';
import { storedWorkCalendar } from './calendar.ts';
import type { DaibanDb } from './db.ts';
import { applicantTokens } from './sealing.ts';

/** How many villagers a name or ID-tail search looks at, at most. */
export const MAX_APPLICANT_MATCHES = 200;

export interface CaseFilter {
  status?: CaseStatus;
  itemCode?: string;
  /** Received from / to, YYYY-MM-DD (by the case's creation day). */
  from?: string;
  to?: string;
  due?: 'overdue' | 'soon';
  /** Applicant name (prefix), the last four characters of the ID number, or a case number (prefix). */
  text?: string;
}

/**
 * What the case list shows. The whole list, or one status, can be tens of thousands of cases:
 * only their count is read, and the rows on screen are read window by window (caseIdsAt). Any
 * other filter narrows the cases down through an index first, and its ids come at once.
 */
export type CaseListing = { count: number; ids?: string[] };

export async function listCases(db: DaibanDb, filter: CaseFilter, now = new Date()): Promise<CaseListing> {
  const all = inIndexOrder(db, filter);
  if (all) return { count: await all.count() };
  const ids = await filteredCaseIds(db, filter, now);
  return { count: ids.length, ids };
}

/** The ids of a listing's rows `start` to `end` (exclusive), newest change first. */
export async function caseIdsAt(
  db: DaibanDb,
  filter: CaseFilter,
  listing: CaseListing,
  start: number,
  end: number,
): Promise<string[]> {
  if (listing.ids) return listing.ids.slice(start, end);
  const all = inIndexOrder(db, filter);
  if (!all) return [];
  return all
    .offset(start)
    .limit(end - start)
    .primaryKeys();
}

/** With no filter but the status, the list is an index read in order, newest change first. */
function inIndexOrder(db: DaibanDb, { status, itemCode, from, to, due, text }: CaseFilter) {
  if (text?.trim() || itemCode || from || to || due) return undefined;
  if (!status) return db.cases.orderBy('updatedAt').reverse();
  return db.cases.where('[status+updatedAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]).reverse();
}

/**
 * The ids of the cases matching a filter beyond the status. Each query starts from the most
 * selective index, so 50,000 cases on a tablet stay fast. A search term alone is answered from
 * index keys: a villager's cases together, newest change first; case numbers newest first.
 * Any other filter reads the candidate cases and lists them newest change first.
 */
async function filteredCaseIds(db: DaibanDb, filter: CaseFilter, now: Date): Promise<string[]> {
  const { status, itemCode, from, to, due, text } = filter;
  const q = text?.trim() ?? '';
  if (q) db.searchMemory.searchedAt = performance.now();
  if (q && !status && !itemCode && !from && !to && !due) {
    const ofApplicants = await applicantsMatching(db, q);
    if (ofApplicants) return byVillager(db, ofApplicants);
    return (await caseNumbersFrom(db, q).primaryKeys()).reverse();
  }
  const today = chinaDate(now);
  const candidates = await candidatesFor(db, q, itemCode, due, today);
  const calendar = await storedWorkCalendar(db);
  const keep = (c: Case) =>
    (!status || c.status === status) &&
    (!itemCode || c.serviceItemCode === itemCode) &&
    (!from || c.createdAt.slice(0, 10) >= from) &&
    (!to || c.createdAt.slice(0, 10) <= to) &&
    (!due || isDue(c, due, today, calendar));
  return candidates
    .filter(keep)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
    .map((c) => c.id);
}

/** Overdue: an open case past its due date. Soon: due today or within two working days of the township's calendar. */
export function isDue(c: Case, due: 'overdue' | 'soon', today: string, calendar: WorkCalendar): boolean {
  return Boolean(c.dueDate) && OPEN_STATUSES.includes(c.status) && deadlineState(c.dueDate ?? today, today, calendar) === due;
}

/**
 * The villagers a search term names (a name prefix or the last four characters of the ID number),
 * or undefined when the term is a case number.
 */
async function applicantsMatching(db: DaibanDb, q: string): Promise<string[] | undefined> {
  const upper = q.toUpperCase();
  if (/^[A-Z]{2,4}-/.test(upper)) return undefined;
  if (/^[\dX]{4}$/.test(upper)) {
    return db.applicants
      .where('idTailKey')
      .equals(applicantTokens.idTail(db.vault, upper))
      .limit(MAX_APPLICANT_MATCHES)
      .primaryKeys();
  }
  // A name prefix shared by hundreds of villagers is too vague to list: some of them, by name, suffice.
  return applicantIdsNamed(db, q, MAX_APPLICANT_MATCHES);
}

/** The cases whose number starts with the term (case numbers are upper case). */
function caseNumbersFrom(db: DaibanDb, q: string) {
  return db.cases.where('caseNumber').startsWith(q.toUpperCase());
}

/**
 * The ids of these villagers' cases: villager by villager (in the order they matched), each one's
 * newest change first. Only the [applicantId+updatedAt] index is read, never a case record, and
 * only for villagers whose cases neither warming nor a search has read: the others' come from the
 * search memory (search-memory.ts), so a vague prefix (hundreds of villagers, thousands of cases)
 * reads little. A search for a person shows that person's cases together.
 *
 * The reads go to Dexie's DBCore, below its collections: one key range per villager, all in one
 * transaction, without a collection, a zone and a promise chain each. Two more key reads, one key
 * each, let a live query watch every case, since the lists from memory were not read: any case
 * written or deleted runs the search again (cheaply: from memory, but for the villager written).
 */
async function byVillager(db: DaibanDb, applicantIds: string[]): Promise<string[]> {
  const memory = db.searchMemory;
  const known = new Map(applicantIds.map((id) => [id, memory.casesOf.get(id)]));
  const unknown = applicantIds.filter((id) => !known.get(id));
  const cases = db.cases.core;
  const version = memory.version;
  const [, , read] = await db.transaction('r', db.cases, (tx) => {
    const trans = tx.idbtrans;
    const everything = range(Dexie.minKey, Dexie.maxKey);
    return Promise.all([
      cases.query({ trans, values: false, limit: 1, query: { index: cases.schema.primaryKey, range: everything } }),
      cases.query({ trans, values: false, limit: 1, query: { index: byApplicantIndex(db), range: everything } }),
      caseListsOf(db, trans, unknown),
    ]);
  });
  // A case written since the reads began may be missing from them: they serve this search, not the next.
  const keep = version === memory.version;
  read.forEach((ids, i) => {
    const id = unknown[i]!;
    known.set(id, ids);
    if (keep) memory.rememberCases(id, ids);
  });
  return applicantIds.flatMap((id) => known.get(id) ?? []);
}

/**
 * Each villager's case ids, newest change first, read in the transaction `trans` (which covers
 * cases) from the [applicantId+updatedAt] index: one key range per villager, all in flight at once.
 */
async function caseListsOf(db: DaibanDb, trans: IDBTransaction, applicantIds: readonly string[]): Promise<string[][]> {
  const cases = db.cases.core;
  const index = byApplicantIndex(db);
  const read = await Promise.all(
    applicantIds.map((id) =>
      cases.query({ trans, values: false, query: { index, range: range([id, Dexie.minKey], [id, Dexie.maxKey]) } }),
    ),
  );
  return read.map(({ result }) => (result as string[]).reverse());
}

function byApplicantIndex(db: DaibanDb) {
  const index = db.cases.core.schema.getIndexByKeyPath(['applicantId', 'updatedAt']);
  if (!index) throw new Error('cases lack the [applicantId+updatedAt] index');
  return index;
}

const range = (lower: unknown, upper: unknown) => ({ type: RANGE, lower, upper });

/** DBCoreRangeType.Range: Dexie declares it a const enum, which an isolated module cannot read. */
const RANGE = 2 as DBCoreRangeType.Range;

async function candidatesFor(
  db: DaibanDb,
  q: string,
  itemCode: string | undefined,
  due: string | undefined,
  today: string,
): Promise<Case[]> {
  if (q) {
    const applicants = await applicantsMatching(db, q);
    if (!applicants) return caseNumbersFrom(db, q).toArray();
    // One getAll per villager, all in flight at once: far cheaper than one cursor jumping between them.
    return db.transaction('r', db.cases, async () =>
      (await Promise.all(applicants.map((id) => db.cases.where('applicantId').equals(id).toArray()))).flat(),
    );
  }
  if (due === 'overdue') return db.cases.where('dueDate').below(today).toArray();
  if (due === 'soon') return db.cases.where('dueDate').aboveOrEqual(today).toArray();
  if (itemCode) return db.cases.where('serviceItemCode').equals(itemCode).toArray();
  return db.cases.toArray();
}
