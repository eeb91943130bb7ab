import type { Applicant } from '@daiban/schemas';
import type { DaibanDb } from './db.ts';
import { type ApplicantKeys, type RecordIndex, recordsOf } from './record-index.ts';

/** Villagers in name order, the way a list of people reads (the id keeps namesakes in a steady order). */
const byName = (a: ApplicantKeys, b: ApplicantKeys) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The first `limit` villagers, in name order, that pass `test`. */
function villagersWhere(records: RecordIndex, test: (a: ApplicantKeys) => boolean, limit: number): ApplicantKeys[] {
  const found: ApplicantKeys[] = [];
  for (const a of records.allApplicants()) if (test(a)) found.push(a);
  return found.sort(byName).slice(0, limit);
}

/** The first `limit` villagers, in name order, whose name starts with `term`. */
export function applicantsNamed(records: RecordIndex, term: string, limit: number): ApplicantKeys[] {
  return villagersWhere(records, (a) => a.name.startsWith(term), limit);
}

/** The villagers whose ID number ends with these four characters (upper case), in name order. */
export function applicantsWithIdTail(records: RecordIndex, tail: string, limit: number): ApplicantKeys[] {
  return villagersWhere(records, (a) => a.idNumber.endsWith(tail), limit);
}

/**
 * Finds villagers by name prefix, the last four characters of the ID number, the whole number, or a
 * phone number (whole, or its last four digits, 尾号, as people say it); from the record index, then
 * their records.
 */
export async function findApplicants(db: DaibanDb, term: string, limit = 20): Promise<Applicant[]> {
  const name = term.trim();
  const q = name.toUpperCase();
  if (q.length === 0) return [];
  const records = await recordsOf(db, 'applicants');
  const found = new Map<string, ApplicantKeys>();
  const add = (list: Iterable<ApplicantKeys>) => {
    for (const a of list) if (found.size < limit) found.set(a.id, a);
  };
  add(applicantsNamed(records, name, limit));
  if (/^[\dX]{4}$/.test(q)) add(applicantsWithIdTail(records, q, limit));
  const phone = /^\d{11}$/.test(q) ? (p: string) => p === q : /^\d{4}$/.test(q) ? (p: string) => p.endsWith(q) : undefined;
  const idNumber = /^\d{17}[\dX]$/.test(q) ? q : undefined;
  if (phone || idNumber)
    add(villagersWhere(records, (a) => (phone && a.phone && phone(a.phone)) || a.idNumber === idNumber, limit));
  const ids = [...found.values()].sort(byName).map((a) => a.id);
  return (await db.applicants.bulkGet(ids)).filter((a) => a !== undefined);
}

/**
 * The villager registered with this ID number, if any: from the record index, its villagers built (`recordsOf`)
 * before the transaction this runs in; should it have been dropped meanwhile, from every villager.
 */
export async function applicantWithIdNumber(db: DaibanDb, idNumber: string): Promise<Applicant | undefined> {
  const upper = idNumber.toUpperCase();
  if (!db.records.isBuilt('applicants')) return db.applicants.filter((a) => a.idNumber.toUpperCase() === upper).first();
  for (const a of db.records.allApplicants()) if (a.idNumber.toUpperCase() === upper) return db.applicants.get(a.id);
  return undefined;
}
