import { type Case, type CaseStatus, chinaDate, deadlineState, OPEN_STATUSES, type WorkCalendar } from '@daiban/schemas';
import { applicantsNamed, applicantsWithIdTail } from './applicant-search.ts';
import { storedWorkCalendar } from './calendar.ts';
import type { DaibanDb } from './db.ts';
import { type CaseKeys, newestFirst, type RecordIndex, recordsOf } from './record-index.ts';

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

/** What the case list shows: how many cases match, and their ids in the list's order. */
export type CaseListing = { count: number; ids: string[] };

/**
 * The cases matching a filter, newest change first, from the record index (record-index.ts): a list of
 * 100,000 cases reads no IndexedDB index and no case. A search term alone lists the villagers it names
 * (MAX_APPLICANT_MATCHES at most, in name order), each one's cases together, newest change first; or
 * the cases whose number starts with it, the highest number first.
 */
export async function listCases(db: DaibanDb, filter: CaseFilter, now = new Date()): Promise<CaseListing> {
  const { status, itemCode, from, to, due, text } = filter;
  const q = text?.trim() ?? '';
  // A search by name or ID tail reads the villagers' half too; a case number or a filter, the cases' alone.
  const byVillager = q !== '' && !isCaseNumber(q);
  const records = await recordsOf(db, 'cases', ...(byVillager ? (['applicants'] as const) : []));
  const calendar = due ? await storedWorkCalendar(db) : undefined;
  const today = chinaDate(now);
  const keep = (c: CaseKeys) =>
    (!status || c.status === status) &&
    (!itemCode || c.serviceItemCode === itemCode) &&
    (!from || c.createdAt.slice(0, 10) >= from) &&
    (!to || c.createdAt.slice(0, 10) <= to) &&
    (!due || !calendar || isDue(c, due, today, calendar));
  const matching = q ? searched(records, q).filter(keep) : records.newestFirst().filter(keep);
  // Filtered further than the search, the list is newest change first again.
  if (q && (status || itemCode || from || to || due)) matching.sort(newestFirst);
  return { count: matching.length, ids: matching.map((c) => c.id) };
}

/** Overdue: an open case past its due date. Soon: due today or within two working days of the township's calendar. */
export function isDue(
  c: Pick<Case, 'dueDate' | 'status'>,
  due: 'overdue' | 'soon',
  today: string,
  calendar: WorkCalendar,
): boolean {
  return Boolean(c.dueDate) && OPEN_STATUSES.includes(c.status) && deadlineState(c.dueDate ?? today, today, calendar) === due;
}

/**
 * The cases a search term finds: of the villagers it names (a name prefix, or the last four characters
 * of the ID number), villager by villager; or, for a case number, by number, the highest first.
 */
function searched(records: RecordIndex, q: string): CaseKeys[] {
  const upper = q.toUpperCase();
  if (isCaseNumber(q)) {
    return records
      .newestFirst()
      .filter((c) => c.caseNumber.startsWith(upper))
      .sort((a, b) => (a.caseNumber < b.caseNumber ? 1 : a.caseNumber > b.caseNumber ? -1 : 0));
  }
  const villagers = /^[\dX]{4}$/.test(upper)
    ? applicantsWithIdTail(records, upper, MAX_APPLICANT_MATCHES)
    : applicantsNamed(records, q, MAX_APPLICANT_MATCHES);
  return villagers.flatMap((v) => records.casesOfApplicant(v.id));
}

/** Case numbers start with the village's letters and a dash (DXG-…). */
function isCaseNumber(q: string): boolean {
  return /^[A-Z]{2,4}-/.test(q.toUpperCase());
}
